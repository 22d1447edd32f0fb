// Task logs: one section per task, filled from stored log files and appended live.
import { h } from '../lib/dom.js';

export class LogView {
  constructor() {
    this.element = h('div', { class: 'logs', id: 'logs', 'aria-live': 'polite' });
    this.sections = new Map();
    this.seen = new Set();
    this.tasks = new Map();
  }

  /** Task ids by full name, for the anchors the graph links to. */
  setTasks(tasks) {
    for (const t of tasks) this.tasks.set(t.fullName, t.id);
    for (const [name, s] of this.sections) if (this.tasks.has(name)) s.details.id = `task-${this.tasks.get(name)}`;
  }

  section(task) {
    let s = this.sections.get(task);
    if (!s) {
      const pre = h('pre', { class: 'log mono', dataset: { task } });
      const details = h('details', { open: true, class: 'log-task', id: this.tasks.has(task) ? `task-${this.tasks.get(task)}` : null },
        h('summary', { class: 'mono' }, task), pre);
      s = { details, pre };
      this.sections.set(task, s);
      const empty = this.element.querySelector('.muted');
      if (empty) empty.remove();
      this.element.append(details);
    }
    return s;
  }

  /** Adds a file's text once (by file name). */
  add(task, file, text) {
    if (this.seen.has(file)) return;
    this.seen.add(file);
    const { pre } = this.section(task);
    const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    pre.append(text);
    if (atBottom) pre.scrollTop = pre.scrollHeight;
  }

  empty(message) {
    if (!this.sections.size && !this.element.querySelector('.muted')) this.element.append(h('p', { class: 'muted' }, message));
  }
}
