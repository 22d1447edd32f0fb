// A Gantt-style timeline of the tasks that started: startedAt to updatedAt (or now).
import { h } from '../lib/dom.js';

const RUNNING = new Set(['running', 'planned', 'retry_waiting', 'group_retry_waiting']);

export function timeline(tasks) {
  const spans = tasks.filter((t) => t.startedAt).map((t) => {
    const start = new Date(t.startedAt).getTime();
    const end = RUNNING.has(t.state) ? Date.now() : Math.max(start, new Date(t.updatedAt).getTime());
    return { t, start, end };
  });
  if (!spans.length) return h('p', { class: 'muted' }, 'No task has started yet.');
  const min = Math.min(...spans.map((s) => s.start));
  const max = Math.max(...spans.map((s) => s.end), min + 1000);
  const pct = (v) => `${((v - min) / (max - min)) * 100}%`;
  return h('div', { class: 'timeline', id: 'timeline' }, spans.map(({ t, start, end }) => h('div', { class: 'tl-row' },
    h('span', { class: 'tl-name mono', title: t.fullName }, t.fullName),
    h('span', { class: 'tl-track' }, h('span', {
      class: `tl-bar g-${t.state}`, style: `left:${pct(start)};width:max(2px,calc(${pct(end)} - ${pct(start)}))`,
      title: `${t.fullName}: ${Math.round((end - start) / 100) / 10}s`,
    })))));
}
