// The page for unknown routes and unknown ids: never a blank screen.
import { h, replace, link } from '../lib/dom.js';

export function render(container, _params, _query, message) {
  replace(container,
    h('h1', {}, 'Not found'),
    h('p', { class: 'notfound', id: 'not-found' }, message || `There is no page at ${location.pathname}.`),
    h('p', {}, link('/', 'Workflows'), ' · ', link('/projects', 'Projects'), ' · ', link('/sessions', 'Sessions')));
}

export function renderError(container, error) {
  replace(container,
    h('h1', {}, 'Something went wrong'),
    h('p', { class: 'error', role: 'alert' }, String(error && error.message ? error.message : error)),
    h('p', {}, h('button', { type: 'button', onclick: () => location.reload() }, 'Reload')));
}
