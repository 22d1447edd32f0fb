// "/workflows/:id" (and "/projects/:id/workflows/:name"): definition, RUN, schedule with
// PAUSE/RESUME, sessions.
import { api, ApiError } from '../lib/api.js';
import { h, link, replace, section, time, errorBox } from '../lib/dom.js';
import { subscribe } from '../lib/events.js';
import { navigate } from '../lib/router.js';
import { readArchive } from '../lib/tar.js';
import { sessionsTable } from '../widgets/sessions-table.js';
import { yamlBlock } from '../widgets/yaml.js';

function notFound(message) { return new ApiError(404, message); }

async function load(params) {
  if (params.name !== undefined) {
    if (!/^\d+$/.test(params.id)) throw notFound(`There is no project ${params.id}.`);
    return api.get(`/projects/${params.id}/workflows/${encodeURIComponent(params.name)}`);
  }
  if (!/^\d+$/.test(params.id)) throw notFound(`There is no workflow ${params.id}.`);
  return api.get(`/workflows/${params.id}`);
}

export async function render(container, params) {
  const wf = await load(params);
  const pid = wf.project.id;
  const scheduleBox = h('div', { id: 'schedule' });
  const sessionsBox = h('div', { id: 'workflow-sessions' });
  const definition = h('div', { id: 'definition' }, h('p', { class: 'muted' }, 'Loading definition…'));
  replace(container,
    h('div', { class: 'title' }, h('h1', {}, wf.name)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Project'), h('dd', {}, link(`/projects/${pid}`, wf.project.name)),
      h('dt', {}, 'Revision'), h('dd', { class: 'mono' }, wf.revision),
      h('dt', {}, 'Time zone'), h('dd', {}, wf.timezone)),
    runForm(wf),
    section('Schedule', scheduleBox),
    section('Definition', definition),
    section('Sessions', sessionsBox));
  const drawSchedule = async () => {
    const { schedules } = await api.get(`/projects/${pid}/schedules`, { workflow: wf.name });
    const s = schedules[0];
    if (!s) { replace(scheduleBox, h('p', { class: 'muted' }, 'This workflow has no schedule.')); return; }
    const message = h('span', { class: 'error', role: 'alert' });
    const toggle = async () => {
      try {
        await api.post(`/schedules/${s.id}/${s.disabledAt ? 'enable' : 'disable'}`, {});
        await drawSchedule();
      } catch (error) { message.textContent = error.message; }
    };
    replace(scheduleBox, h('dl', { class: 'facts' },
      h('dt', {}, 'State'), h('dd', { id: 'schedule-state' }, s.disabledAt ? `paused since ${time(s.disabledAt)}` : 'active'),
      h('dt', {}, 'Next run'), h('dd', { id: 'schedule-next-run' }, time(s.nextRunTime)),
      h('dt', {}, 'Next session time'), h('dd', {}, s.nextScheduleTime)),
    h('button', { type: 'button', id: s.disabledAt ? 'resume' : 'pause', onclick: toggle }, s.disabledAt ? 'RESUME' : 'PAUSE'), ' ', message);
  };
  const drawSessions = async () => {
    const { sessions } = await api.get(`/projects/${pid}/sessions`, { workflow: wf.name });
    replace(sessionsBox, sessionsTable(sessions, { project: false }));
  };
  await Promise.all([drawSchedule(), drawSessions()]);
  // Live: when the latest sessions change, this workflow's table and next run are read again.
  let first = true;
  const stop = subscribe({}, {
    sessions: () => {
      if (first) { first = false; return; }
      drawSessions().catch(() => {});
      drawSchedule().catch(() => {});
    },
  });
  try {
    const files = await readArchive(await api.bytes(`/projects/${pid}/archive`, { revision: wf.revision }));
    const file = files.find((f) => f.name === `${wf.name}.dig`);
    replace(definition, file ? [h('p', { class: 'mono muted' }, file.name), yamlBlock(file.text, { id: 'definition-text' })]
      : h('pre', { class: 'code', id: 'definition-text' }, JSON.stringify(wf.config, null, 2)));
  } catch {
    replace(definition, h('pre', { class: 'code', id: 'definition-text' }, JSON.stringify(wf.config, null, 2)));
  }
  return stop;
}

function runForm(wf) {
  const when = h('input', { type: 'datetime-local', step: 1, id: 'run-session-time', 'aria-describedby': 'run-help' });
  const params = h('textarea', { id: 'run-params', rows: 2, placeholder: '{"key": "value"}', spellcheck: 'false' });
  const message = h('div', { id: 'run-message' });
  const form = h('form', { class: 'card run', id: 'run-form' },
    h('h2', {}, 'Run'),
    h('label', { for: 'run-session-time' }, 'Session time (your time zone; empty: now)'), when,
    h('label', { for: 'run-params' }, 'Params (JSON object, optional)'), params,
    h('p', { class: 'muted', id: 'run-help' }, 'Starts a new session of this workflow with its current revision.'),
    message,
    h('button', { type: 'submit', class: 'primary', id: 'run' }, 'RUN'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(message);
    let body;
    try {
      body = params.value.trim() ? JSON.parse(params.value) : {};
      if (typeof body !== 'object' || Array.isArray(body) || body === null) throw new Error('Params must be a JSON object');
    } catch (error) { replace(message, errorBox(`Invalid params: ${error.message}`)); return; }
    const date = when.value ? new Date(when.value) : new Date();
    if (Number.isNaN(date.getTime())) { replace(message, errorBox('Invalid session time')); return; }
    const sessionTime = date.toISOString().replace(/\.\d+Z$/, 'Z');
    try {
      const attempt = await api.put('/attempts', { workflowId: wf.id, sessionTime, params: body });
      navigate(`/attempts/${attempt.id}`);
    } catch (error) {
      if (error.status === 409 && error.body && error.body.id) {
        replace(message, errorBox('A session with this session time already exists: '), link(`/attempts/${error.body.id}`, `attempt ${error.body.id}`));
      } else replace(message, errorBox(error.message));
    }
  });
  return form;
}
