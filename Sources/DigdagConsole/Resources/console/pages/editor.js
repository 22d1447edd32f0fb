// "/projects/new" and "/projects/:id/edit": add, rename, edit and delete files; Save builds a
// tar.gz in the browser and uploads it as a new revision (PUT /api/projects). A validation error
// of the server is shown next to the file it names, and nothing is stored.
import { api, ApiError } from '../lib/api.js';
import { h, link, replace, errorBox } from '../lib/dom.js';
import { navigate } from '../lib/router.js';
import { readArchive, writeArchive } from '../lib/tar.js';

const NEW_WORKFLOW = `timezone: UTC

+hello:
  echo>: hello
`;

function newRevision() {
  return (crypto.randomUUID && crypto.randomUUID()) || `r${Date.now()}`;
}

/** The file a server validation message is about: the one it names, else the workflow file
 * holding the word it complains about ("Unknown scheduler type: cronx"), else the only one. */
function ownerOf(message, entries) {
  const named = entries.filter((e) => e.name.value.trim()).sort((a, b) => b.name.value.length - a.name.value.length);
  const byName = named.find((e) => message.includes(e.name.value.trim()));
  if (byName) return byName;
  const workflows = named.filter((e) => e.name.value.trim().endsWith('.dig'));
  const word = message.split(':').pop().trim();
  const byWord = word && workflows.find((e) => e.text.value.includes(word));
  if (byWord) return byWord;
  return workflows.length === 1 ? workflows[0] : null;
}

export async function render(container, params) {
  let project = null;
  let files = [];
  if (params.id !== undefined) {
    if (!/^\d+$/.test(params.id)) throw new ApiError(404, `There is no project ${params.id}.`);
    project = await api.get(`/projects/${params.id}`);
    files = await readArchive(await api.bytes(`/projects/${params.id}/archive`, { revision: project.revision }));
  } else {
    files = [{ name: 'new_workflow.dig', text: NEW_WORKFLOW }];
  }
  const name = h('input', { id: 'editor-project', required: true, value: project ? project.name : '', readonly: project ? true : null });
  const revision = h('input', { id: 'editor-revision', required: true, value: newRevision() });
  const list = h('div', { id: 'editor-files' });
  const message = h('div', { id: 'editor-message' });
  const entries = [];

  const addEntry = (file) => {
    const entry = {};
    entry.name = h('input', { class: 'file-name mono', value: file.name, 'aria-label': 'File name', spellcheck: 'false' });
    entry.text = h('textarea', { class: 'file-text mono', rows: Math.min(30, Math.max(6, file.text.split('\n').length + 1)), spellcheck: 'false', 'aria-label': `Contents of ${file.name}` });
    entry.text.value = file.text;
    entry.error = h('div', { class: 'file-error', role: 'alert' });
    entry.element = h('div', { class: 'card file', dataset: { file: file.name } },
      h('div', { class: 'file-head' }, entry.name,
        h('button', { type: 'button', class: 'danger', onclick: () => remove(entry) }, 'Delete')),
      entry.error, entry.text);
    entry.name.addEventListener('input', () => { entry.element.dataset.file = entry.name.value; });
    entries.push(entry);
    list.append(entry.element);
    return entry;
  };
  const remove = (entry) => {
    if (!confirm(`Delete ${entry.name.value}?`)) return;
    entries.splice(entries.indexOf(entry), 1);
    entry.element.remove();
  };
  files.forEach(addEntry);

  const save = async (event) => {
    event.preventDefault();
    replace(message);
    entries.forEach((e) => replace(e.error));
    const current = entries.map((e) => ({ name: e.name.value.trim(), text: e.text.value }));
    const bad = current.find((f) => !f.name || f.name.startsWith('/') || f.name.split('/').includes('..'));
    if (bad) { replace(message, errorBox(`Invalid file name: "${bad.name}"`)); return; }
    const names = new Set();
    for (const f of current) {
      if (names.has(f.name)) { replace(message, errorBox(`Two files are named ${f.name}`)); return; }
      names.add(f.name);
    }
    if (!name.value.trim()) { replace(message, errorBox('The project needs a name')); return; }
    const archive = await writeArchive(current);
    try {
      const saved = await api.putBytes('/projects', archive, 'application/gzip', { project: name.value.trim(), revision: revision.value.trim() });
      navigate(`/projects/${saved.id}`);
    } catch (error) {
      const text = error.message || String(error);
      const owner = ownerOf(text, entries);
      if (owner) {
        replace(owner.error, errorBox(text));
        owner.text.focus();
      }
      replace(message, errorBox(`Not saved: ${text}`));
    }
  };

  const form = h('form', { id: 'editor', class: 'editor' },
    h('div', { class: 'card' },
      h('label', { for: 'editor-project' }, 'Project name'), name,
      h('label', { for: 'editor-revision' }, 'Revision'), revision),
    list,
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'add-file', onclick: () => addEntry({ name: `file${entries.length + 1}.dig`, text: '' }).name.focus() }, 'Add file'),
      h('button', { type: 'submit', class: 'primary', id: 'save' }, 'Save'),
      project ? link(`/projects/${project.id}`, 'Cancel') : link('/projects', 'Cancel')),
    message);
  form.addEventListener('submit', save);
  replace(container, h('div', { class: 'title' }, h('h1', {}, project ? `Edit ${project.name}` : 'New project')), form);
}
