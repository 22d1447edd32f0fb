// "/projects/:id": workflows, files, schedules and sessions of a project; Edit.
import { api, ApiError } from '../lib/api.js';
import { h, link, replace, table, time, section } from '../lib/dom.js';
import { readArchive } from '../lib/tar.js';
import { sessionsTable } from '../widgets/sessions-table.js';

export async function render(container, { id }) {
  if (!/^\d+$/.test(id)) throw new ApiError(404, `There is no project ${id}.`);
  const project = await api.get(`/projects/${id}`);
  const [workflows, schedules, sessions] = await Promise.all([
    api.get(`/projects/${id}/workflows`), api.get(`/projects/${id}/schedules`), api.get(`/projects/${id}/sessions`),
  ]);
  const files = h('div', {}, h('p', { class: 'muted' }, 'Loading files…'));
  replace(container,
    h('div', { class: 'title' }, h('h1', {}, project.name),
      link(`/projects/${id}/edit`, 'Edit')),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Revision'), h('dd', { class: 'mono', id: 'project-revision' }, project.revision),
      h('dt', {}, 'Updated'), h('dd', {}, time(project.updatedAt))),
    section('Workflows', table(['Name', 'Revision'], workflows.workflows.map((w) => h('tr', {},
      h('td', {}, link(`/workflows/${w.id}`, w.name)), h('td', { class: 'mono' }, w.revision))), { id: 'project-workflows' })),
    section('Schedules', table(['Workflow', 'Next run', 'Next session time', 'State'], schedules.schedules.map((s) => h('tr', {},
      h('td', {}, link(`/workflows/${s.workflow.id}`, s.workflow.name)),
      h('td', {}, time(s.nextRunTime)), h('td', {}, s.nextScheduleTime),
      h('td', {}, s.disabledAt ? 'paused' : 'active'))), { id: 'project-schedules' })),
    section('Files', files),
    section('Sessions', sessionsTable(sessions.sessions, { project: false })));
  try {
    const archive = await readArchive(await api.bytes(`/projects/${id}/archive`, { revision: project.revision }));
    replace(files, table(['File', 'Size'], archive.map((f) => h('tr', {},
      h('td', { class: 'mono' }, f.name), h('td', {}, `${new TextEncoder().encode(f.text).length} B`))), { id: 'project-files' }));
  } catch (error) {
    replace(files, h('p', { class: 'muted' }, `Files are not available: ${error.message}`));
  }
}
