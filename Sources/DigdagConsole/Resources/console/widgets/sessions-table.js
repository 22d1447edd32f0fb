// The sessions table shared by the Sessions, project and workflow pages.
import { h, link, table, time, sessionTime, duration } from '../lib/dom.js';
import { badge, sessionStatus } from './status.js';

/** Rows of sessions: id, project, workflow, session time, status, started, duration. */
export function sessionsTable(sessions, { project = true } = {}) {
  const columns = ['ID', project ? 'Project' : null, 'Workflow', 'Session time', 'Status', 'Started', 'Duration'].filter(Boolean);
  const rows = sessions.map((s) => {
    const a = s.lastAttempt;
    const wf = s.workflow.id ? link(`/workflows/${s.workflow.id}`, s.workflow.name) : s.workflow.name;
    return h('tr', { dataset: { sessionId: s.id } },
      h('td', {}, link(`/sessions/${s.id}`, s.id)),
      project ? h('td', {}, link(`/projects/${s.project.id}`, s.project.name)) : null,
      h('td', {}, wf),
      h('td', {}, sessionTime(s.sessionTime)),
      h('td', {}, a ? link(`/attempts/${a.id}`, badge(sessionStatus(s))) : badge('pending')),
      h('td', {}, time(a && a.createdAt)),
      h('td', {}, a ? duration(a.createdAt, a.finishedAt) : ''));
  });
  return table(columns, rows, { class: 'sessions' });
}
