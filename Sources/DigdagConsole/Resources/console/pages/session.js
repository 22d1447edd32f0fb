// "/sessions/:id": the session, its attempts, RETRY ALL and RETRY FAILED.
import { api, ApiError } from '../lib/api.js';
import { h, link, replace, section, table, time, sessionTime, duration, errorBox } from '../lib/dom.js';
import { subscribe } from '../lib/events.js';
import { navigate } from '../lib/router.js';
import { badge, attemptStatus, sessionStatus } from '../widgets/status.js';

function uuid() {
  return (crypto.randomUUID && crypto.randomUUID()) || `retry-${Date.now()}`;
}

export async function render(container, { id }) {
  if (!/^\d+$/.test(id)) throw new ApiError(404, `There is no session ${id}.`);
  const session = await api.get(`/sessions/${id}`);
  const { attempts } = await api.get(`/sessions/${id}/attempts`);
  const last = session.lastAttempt;
  const message = h('div', { id: 'retry-message' });
  const retry = async (failedOnly) => {
    replace(message);
    try {
      const wf = await api.get(`/projects/${session.project.id}/workflows/${encodeURIComponent(session.workflow.name)}`);
      const body = { workflowId: wf.id, sessionTime: session.sessionTime, retryAttemptName: uuid(), params: last ? last.params : {} };
      if (failedOnly) body.resume = { mode: 'failed', attemptId: last.id };
      const attempt = await api.put('/attempts', body);
      navigate(`/attempts/${attempt.id}`);
    } catch (error) { replace(message, errorBox(error.message)); }
  };
  const canRetryAll = last && (last.done || last.cancelRequested);
  const canRetryFailed = last && last.done && !last.success;
  const rows = attempts.map((a) => h('tr', {},
    h('td', {}, link(`/attempts/${a.id}`, a.id)), h('td', {}, a.index), h('td', {}, a.retryAttemptName || ''),
    h('td', {}, badge(attemptStatus(a))), h('td', {}, time(a.createdAt)), h('td', {}, duration(a.createdAt, a.finishedAt))));
  replace(container,
    h('div', { class: 'title' }, h('h1', {}, `Session ${session.id}`), badge(sessionStatus(session))),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Project'), h('dd', {}, link(`/projects/${session.project.id}`, session.project.name)),
      h('dt', {}, 'Workflow'), h('dd', {}, session.workflow.id ? link(`/workflows/${session.workflow.id}`, session.workflow.name) : session.workflow.name),
      h('dt', {}, 'Session time'), h('dd', {}, sessionTime(session.sessionTime)),
      h('dt', {}, 'UUID'), h('dd', { class: 'mono' }, session.sessionUuid)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'retry-all', disabled: !canRetryAll, onclick: () => retry(false) }, 'RETRY ALL'),
      h('button', { type: 'button', id: 'retry-failed', disabled: !canRetryFailed, onclick: () => retry(true) }, 'RETRY FAILED'),
      last ? link(`/attempts/${last.id}`, 'Last attempt: tasks and logs') : null),
    message,
    section('Attempts', table(['ID', '#', 'Retry name', 'Status', 'Created', 'Duration'], rows, { id: 'attempts' })));
  if (!last || last.done) return null;
  // Live: the page is drawn again when the running attempt ends (that drawing subscribes to nothing).
  let drawn = false;
  return subscribe({ attempt: last.id }, {
    attempt: (a) => {
      if (a.done && !drawn) { drawn = true; render(container, { id }).catch(() => {}); }
    },
  });
}
