// "/sessions": sessions of all projects, newest first; status filter and paging (Latest /
// Older) kept in the URL; the first page updates live.
import { api } from '../lib/api.js';
import { h, link, replace, section } from '../lib/dom.js';
import { subscribe } from '../lib/events.js';
import { navigate } from '../lib/router.js';
import { sessionStatus } from '../widgets/status.js';
import { sessionsTable } from '../widgets/sessions-table.js';

const FILTERS = [['', 'All'], ['success', 'Success'], ['error', 'Failure'], ['running', 'Running'], ['killed', 'Canceled'], ['canceling', 'Canceling']];
const PAGE = 100;

function href(status, lastId) {
  const q = new URLSearchParams();
  if (status) q.set('status', status);
  if (lastId) q.set('last_id', lastId);
  const s = q.toString();
  return `/sessions${s ? `?${s}` : ''}`;
}

export async function render(container, _params, query) {
  const status = query.get('status') || '';
  const lastId = query.get('last_id') || '';
  const box = h('div', { id: 'sessions' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const select = h('select', { id: 'status-filter', 'aria-label': 'Status' },
    FILTERS.map(([value, label]) => h('option', { value, selected: value === status ? true : null }, label)));
  select.addEventListener('change', () => navigate(href(select.value, lastId)));
  let shown = [];
  const draw = (sessions) => {
    shown = sessions;
    const visible = status ? sessions.filter((s) => sessionStatus(s) === status) : sessions;
    replace(box, sessionsTable(visible));
    const oldest = sessions.length ? sessions[sessions.length - 1].id : null;
    replace(pager,
      lastId ? link(href(status, ''), 'Latest') : h('span', { class: 'muted' }, 'Latest'), ' ',
      sessions.length === PAGE ? link(href(status, oldest), 'Older') : h('span', { class: 'muted' }, 'Older'));
  };
  const first = await api.get('/sessions', { page_size: PAGE, last_id: lastId || null });
  draw(first.sessions);
  replace(container,
    h('div', { class: 'title' }, h('h1', {}, 'Sessions')),
    section('Sessions', h('div', { class: 'toolbar' }, h('label', { for: 'status-filter' }, 'Status '), select), box, pager));
  if (lastId) return null;
  return subscribe({}, {
    sessions: (data) => {
      const a = JSON.stringify(data.sessions);
      if (a !== JSON.stringify(shown)) draw(data.sessions);
    },
  });
}
