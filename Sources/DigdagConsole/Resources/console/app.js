// The console's entry: navbar, routes, login when the server asks for one.
import { api, hasCredentials, clearCredentials, onAuthRequired, isNotFound } from './lib/api.js';
import { h, replace, link } from './lib/dom.js';
import { route, match, start, navigate } from './lib/router.js';

route('/', () => import('./pages/workflows.js'));
route('/workflows', () => import('./pages/workflows.js'));
route('/projects', () => import('./pages/projects.js'));
route('/projects/new', () => import('./pages/editor.js'));
route('/projects/:id', () => import('./pages/project.js'));
route('/projects/:id/edit', () => import('./pages/editor.js'));
route('/projects/:id/workflows/:name', () => import('./pages/workflow.js'));
route('/workflows/:id', () => import('./pages/workflow.js'));
route('/sessions', () => import('./pages/sessions.js'));
route('/sessions/:id', () => import('./pages/session.js'));
route('/attempts/:id', () => import('./pages/attempt.js'));

const main = document.getElementById('main');
const navbar = document.getElementById('navbar');
let dispose = null;
let generation = 0;
let version = '';

function renderNavbar() {
  const here = location.pathname;
  const item = (href, text, active) => h('li', {}, h('a', { href, 'aria-current': active ? 'page' : null }, text));
  replace(navbar,
    h('nav', { 'aria-label': 'Main' },
      link('/', h('strong', { class: 'brand' }, 'Digdag')),
      h('ul', {},
        item('/', 'Workflows', here === '/' || here.startsWith('/workflows')),
        item('/projects', 'Projects', here.startsWith('/projects')),
        item('/sessions', 'Sessions', here.startsWith('/sessions') || here.startsWith('/attempts'))),
      h('span', { class: 'version', id: 'server-version' }, version ? `v${version}` : ''),
      hasCredentials() ? h('button', { type: 'button', class: 'link', id: 'logout', onclick: logout }, 'Logout') : null));
}

function logout() {
  clearCredentials();
  render();
}

async function loadVersion() {
  try {
    version = (await api.get('/version')).version;
  } catch { version = ''; }
  const el = document.getElementById('server-version');
  if (el) el.textContent = version ? `v${version}` : '';
}

/** Renders the page of the current URL; a page may return a function that stops its updates. */
async function render() {
  const mine = ++generation;
  if (dispose) { try { dispose(); } catch { /* ignore */ } dispose = null; }
  renderNavbar();
  const found = match(location.pathname);
  const page = found ? await found.load() : await import('./pages/not-found.js');
  if (mine !== generation) return;
  const container = h('div', { class: 'page' });
  replace(main, container);
  try {
    const stop = await page.render(container, found ? found.params : {}, new URLSearchParams(location.search));
    if (mine !== generation) { if (typeof stop === 'function') stop(); return; }
    dispose = typeof stop === 'function' ? stop : null;
  } catch (error) {
    if (mine !== generation) return;
    if (error && error.status === 401) return; // the login form is already showing
    const notFound = await import('./pages/not-found.js');
    replace(main, container);
    replace(container);
    if (isNotFound(error)) notFound.render(container, {}, null, error.message);
    else notFound.renderError(container, error);
  }
  document.title = `${container.querySelector('h1')?.textContent || 'Digdag'} - Digdag`;
}

async function showLogin() {
  generation++;
  if (dispose) { try { dispose(); } catch { /* ignore */ } dispose = null; }
  renderNavbar();
  const login = await import('./pages/login.js');
  const container = h('div', { class: 'page' });
  replace(main, container);
  login.render(container, () => { renderNavbar(); loadVersion(); render(); });
}

onAuthRequired(() => showLogin());
window.digdagConsole = { navigate };
start(render);
loadVersion();
