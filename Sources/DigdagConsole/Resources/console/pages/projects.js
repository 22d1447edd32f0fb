// "/projects": every project with its revision and last update.
import { api } from '../lib/api.js';
import { h, link, replace, table, time, section } from '../lib/dom.js';

export async function render(container) {
  const { projects } = await api.get('/projects');
  const rows = projects.map((p) => h('tr', { dataset: { project: p.name } },
    h('td', {}, link(`/projects/${p.id}`, p.name)),
    h('td', { class: 'mono' }, p.revision),
    h('td', {}, time(p.updatedAt))));
  replace(container,
    h('div', { class: 'title' }, h('h1', {}, 'Projects'), link('/projects/new', 'New project')),
    section('Projects', table(['Name', 'Revision', 'Updated'], rows, { id: 'projects' })));
}
