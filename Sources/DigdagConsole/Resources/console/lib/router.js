// A tiny client-side router on history.pushState: Digdag's routes, links handled in place.

const routes = [];
let renderer = null;

/** Registers `pattern` (e.g. '/projects/:id') to load the page module `load()`. */
export function route(pattern, load) {
  const names = [];
  const source = pattern.replace(/:([a-z]+)/g, (_, name) => { names.push(name); return '([^/]+)'; });
  routes.push({ regex: new RegExp(`^${source}/?$`), names, load });
}

/** The route for `path`: {load, params} or null. */
export function match(path) {
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (m) {
      const params = {};
      r.names.forEach((n, i) => { params[n] = decodeURIComponent(m[i + 1]); });
      return { load: r.load, params };
    }
  }
  return null;
}

/** Goes to `href` (same origin) and renders it. */
export function navigate(href, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', href); else history.pushState(null, '', href);
  renderer?.();
  window.scrollTo(0, 0);
}

/** Starts routing: `render()` is called now, on back/forward and on every navigation. */
export function start(render) {
  let shown = location.pathname + location.search;
  renderer = () => { shown = location.pathname + location.search; render(); };
  // A link to an anchor on the same page (#task-12) also fires popstate: only a new page renders.
  window.addEventListener('popstate', () => {
    if (location.pathname + location.search !== shown) renderer();
  });
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = event.target.closest && event.target.closest('a[href]');
    if (!a || a.getAttribute('target') || a.hasAttribute('download')) return;
    const target = new URL(a.getAttribute('href'), location.href);
    if (target.origin !== location.origin || target.pathname.startsWith('/api/')) return;
    if (target.hash && target.pathname === location.pathname && target.search === location.search) return;
    event.preventDefault();
    navigate(target.pathname + target.search + target.hash);
  });
  renderer();
}
