// "/": every workflow with its project, revision, last session status and next run.
import { api } from '../lib/api.js';
import { subscribe } from '../lib/events.js';
import { h, link, replace, table, time, section } from '../lib/dom.js';
import { badge, sessionStatus } from '../widgets/status.js';

export async function render(container) {
  const [workflows, sessions, schedules] = await Promise.all([
    api.get('/workflows', { count: 1000 }), api.get('/sessions'), api.get('/schedules'),
  ]);
  const lastSession = new Map();
  const remember = (list) => {
    for (const s of [...list].reverse()) lastSession.set(`${s.project.id}/${s.workflow.name}`, s);
  };
  remember(sessions.sessions);
  const schedule = new Map(schedules.schedules.map((s) => [`${s.project.id}/${s.workflow.name}`, s]));
  const filter = h('input', { type: 'search', id: 'workflow-filter', placeholder: 'Filter by workflow or project', 'aria-label': 'Filter workflows' });
  const body = h('div');
  const draw = () => {
    const q = filter.value.trim().toLowerCase();
    const rows = workflows.workflows
      .filter((w) => !q || w.name.toLowerCase().includes(q) || w.project.name.toLowerCase().includes(q))
      .map((w) => {
        const key = `${w.project.id}/${w.name}`;
        const s = lastSession.get(key);
        const sch = schedule.get(key);
        return h('tr', { dataset: { workflow: w.name } },
          h('td', {}, link(`/workflows/${w.id}`, w.name)),
          h('td', {}, link(`/projects/${w.project.id}`, w.project.name)),
          h('td', { class: 'mono' }, w.revision),
          h('td', {}, s ? link(`/sessions/${s.id}`, badge(sessionStatus(s))) : h('span', { class: 'muted' }, 'no session')),
          h('td', {}, sch ? (sch.disabledAt ? h('span', { class: 'muted' }, 'paused') : time(sch.nextRunTime)) : ''));
      });
    replace(body, table(['Workflow', 'Project', 'Revision', 'Last session', 'Next run'], rows, { id: 'workflows' }));
  };
  filter.addEventListener('input', draw);
  draw();
  replace(container,
    h('div', { class: 'title' }, h('h1', {}, 'Workflows'), link('/projects/new', 'New project')),
    section('All workflows', filter, body));
  // Live: the last session of each workflow follows the latest sessions.
  return subscribe({}, { sessions: (data) => { remember(data.sessions); draw(); } });
}
