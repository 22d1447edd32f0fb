// "/attempts/:id": attempt facts, KILL, live task graph, timeline, task table and logs; all
// updated from the live event stream while the attempt runs.
import { api, ApiError } from '../lib/api.js';
import { h, link, replace, section, table, time, sessionTime, duration, json, errorBox } from '../lib/dom.js';
import { subscribe } from '../lib/events.js';
import { gunzip } from '../lib/tar.js';
import { badge, attemptStatus } from '../widgets/status.js';
import { taskGraph } from '../widgets/task-graph.js';
import { timeline } from '../widgets/timeline.js';
import { LogView } from '../widgets/log-view.js';

export async function render(container, { id }) {
  if (!/^\d+$/.test(id)) throw new ApiError(404, `There is no attempt ${id}.`);
  let attempt = await api.get(`/attempts/${id}`);
  let tasks = (await api.get(`/attempts/${id}/tasks`)).tasks;
  const head = h('div');
  const graph = h('div', { class: 'graph-wrap', id: 'graph' });
  const timelineBox = h('div');
  const tasksBox = h('div');
  const logs = new LogView();
  const message = h('div', { id: 'kill-message' });

  const drawHead = () => {
    const status = attemptStatus(attempt);
    const kill = async () => {
      replace(message);
      try {
        await api.post(`/attempts/${id}/kill`, {});
        attempt = await api.get(`/attempts/${id}`);
        drawHead();
      } catch (error) { replace(message, errorBox(error.message)); }
    };
    replace(head,
      h('div', { class: 'title' }, h('h1', {}, `Attempt ${attempt.id}`), h('span', { id: 'attempt-status' }, badge(status))),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Project'), h('dd', {}, link(`/projects/${attempt.project.id}`, attempt.project.name)),
        h('dt', {}, 'Workflow'), h('dd', {}, attempt.workflow.id ? link(`/workflows/${attempt.workflow.id}`, attempt.workflow.name) : attempt.workflow.name),
        h('dt', {}, 'Session'), h('dd', {}, link(`/sessions/${attempt.sessionId}`, `${attempt.sessionId} (${sessionTime(attempt.sessionTime)})`)),
        h('dt', {}, 'Retry name'), h('dd', {}, attempt.retryAttemptName || '-'),
        h('dt', {}, 'Created'), h('dd', {}, time(attempt.createdAt)),
        h('dt', {}, 'Duration'), h('dd', {}, duration(attempt.createdAt, attempt.finishedAt)),
        h('dt', {}, 'Params'), h('dd', { class: 'mono' }, json(attempt.params) || '{}')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'danger', id: 'kill', disabled: attempt.done || attempt.cancelRequested, onclick: kill }, 'KILL')),
      message);
  };
  const drawTasks = () => {
    replace(graph, taskGraph(tasks));
    replace(timelineBox, timeline(tasks));
    const byId = new Map(tasks.map((t) => [t.id, t]));
    replace(tasksBox, table(['ID', 'Name', 'Parent', 'State', 'Retries', 'Started', 'Updated', 'Params'], tasks.map((t) => h('tr', { dataset: { task: t.fullName, state: t.state } },
      h('td', {}, h('a', { href: `#task-${t.id}` }, t.id)),
      h('td', { class: 'mono' }, t.fullName),
      h('td', { class: 'mono' }, t.parentId ? (byId.get(t.parentId)?.fullName || t.parentId) : ''),
      h('td', {}, badge(t.state)),
      h('td', {}, String((t.stateParams && t.stateParams.retry_count) || 0)),
      h('td', {}, time(t.startedAt)),
      h('td', {}, time(t.updatedAt)),
      h('td', { class: 'mono params' }, [json(t.exportParams), json(t.storeParams), json(t.stateParams), json(t.error)].filter(Boolean).join('\n')))), { id: 'tasks' }));
    logs.setTasks(tasks);
  };
  const refreshLogs = async () => {
    const { files } = await api.get(`/logs/${id}/files`);
    for (const f of files) {
      if (logs.seen.has(f.fileName)) continue;
      const bytes = await api.bytes(`/logs/${id}/files/${encodeURIComponent(f.fileName)}`);
      logs.add(f.taskName, f.fileName, new TextDecoder().decode(await gunzip(new Uint8Array(bytes))));
    }
    logs.empty('No logs yet.');
  };

  drawHead();
  drawTasks();
  replace(container, head,
    section('Tasks graph', graph),
    section('Timeline', timelineBox),
    section('Tasks', tasksBox),
    section('Logs', h('div', { class: 'toolbar' }, h('button', { type: 'button', id: 'refresh-logs', onclick: () => refreshLogs() }, 'REFRESH LOGS'),
      h('span', { class: 'muted', id: 'live-state' }, attempt.done ? '' : ' live')), logs.element));
  await refreshLogs();
  return subscribe({ attempt: id }, {
    attempt: (a) => { attempt = a; drawHead(); },
    tasks: (t) => { tasks = t.tasks; drawTasks(); },
    log: (l) => logs.add(l.task, l.file, l.text),
    end: () => { const live = document.getElementById('live-state'); if (live) live.textContent = ''; },
  });
}
