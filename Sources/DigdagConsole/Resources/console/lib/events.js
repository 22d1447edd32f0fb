// The console's live updates: server-sent events from /api/x/events, read with fetch (so the
// login's Authorization header goes along) and reconnected after a second when they end.
import { authHeaders } from './api.js';

/** Subscribes to `query`'s events; `handlers[name](data)`. Returns a function that stops. */
export function subscribe(query, handlers) {
  let stopped = false;
  let controller = null;
  const params = new URLSearchParams(query).toString();
  // A hidden tab lets its stream go: browsers allow few connections per server over HTTP/1.1,
  // and streams of background tabs would starve the API calls of the visible one.
  let wake = null;
  const onVisibility = () => {
    if (document.hidden) controller?.abort();
    else if (wake) wake();
  };
  document.addEventListener('visibilitychange', onVisibility);
  async function run() {
    while (!stopped) {
      if (document.hidden) await new Promise((resolve) => { wake = resolve; });
      wake = null;
      if (stopped) return;
      controller = new AbortController();
      try {
        const response = await fetch(`/api/x/events?${params}`, { headers: authHeaders({ Accept: 'text/event-stream' }), signal: controller.signal });
        if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            dispatch(block);
          }
        }
      } catch (error) {
        if (stopped) return;
      }
      if (!stopped && !document.hidden) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  function dispatch(block) {
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (!data.length) return;
    if (name === 'end') { stopped = true; handlers.end?.(); controller?.abort(); return; }
    try { handlers[name]?.(JSON.parse(data.join('\n'))); } catch (error) { console.error(error); }
  }
  run();
  return () => {
    stopped = true;
    controller?.abort();
    document.removeEventListener('visibilitychange', onVisibility);
    if (wake) wake();
  };
}
