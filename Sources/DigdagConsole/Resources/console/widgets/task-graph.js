// The attempt's task tree as SVG: a group is a box around its children, siblings in upstream
// order from left to right (parallel ones stacked), arrows for upstream (_after and sequence)
// edges, generated ^sub/^error/^check tasks inside their parent, colours by state.

const NS = 'http://www.w3.org/2000/svg';
const GAP = 28;
const PAD = 10;
const HEAD = 22;
const LEAF_H = 30;

function el(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function label(task, parent) {
  return parent && task.fullName.startsWith(parent.fullName) ? task.fullName.slice(parent.fullName.length) : task.fullName;
}

/** Computes sizes (w, h) and children positions (x, y relative to the parent box). */
function measure(node) {
  const text = node.label.length * 7 + 22;
  if (!node.children.length) {
    node.w = Math.max(90, text);
    node.h = LEAF_H;
    return;
  }
  node.children.forEach(measure);
  const byId = new Map(node.children.map((c) => [c.task.id, c]));
  const depth = new Map();
  const depthOf = (c, seen = new Set()) => {
    if (depth.has(c)) return depth.get(c);
    if (seen.has(c)) return 0;
    seen.add(c);
    const ups = c.task.upstreams.map((u) => byId.get(u)).filter(Boolean);
    const d = ups.length ? 1 + Math.max(...ups.map((u) => depthOf(u, seen))) : 0;
    depth.set(c, d);
    return d;
  };
  const columns = [];
  for (const c of node.children) (columns[depthOf(c)] ||= []).push(c);
  let x = PAD;
  let height = 0;
  for (const column of columns.filter(Boolean)) {
    const width = Math.max(...column.map((c) => c.w));
    let y = HEAD;
    for (const c of column) {
      c.x = x;
      c.y = y;
      y += c.h + 10;
    }
    height = Math.max(height, y - 10);
    x += width + GAP;
  }
  node.w = Math.max(text, x - GAP + PAD);
  node.h = height + PAD;
}

function draw(node, ox, oy, layer, edges) {
  const x = ox + node.x;
  const y = oy + node.y;
  node.ax = x;
  node.ay = y;
  const state = node.task.state;
  const group = node.children.length > 0;
  const a = el('a', { href: `#task-${node.task.id}`, class: `node g-${state}${group ? ' group' : ''}`, 'data-task': node.task.fullName, 'data-state': state });
  a.append(el('title', {}, `${node.task.fullName}: ${state}`));
  a.append(el('rect', { x, y, width: node.w, height: node.h, rx: group ? 6 : 4 }));
  a.append(el('text', { x: x + 8, y: y + (group ? 15 : node.h / 2 + 4) }, node.label));
  layer.append(a);
  for (const c of node.children) draw(c, x, y, layer, edges);
  const byId = new Map(node.children.map((c) => [c.task.id, c]));
  for (const c of node.children) {
    for (const u of c.task.upstreams) {
      const from = byId.get(u);
      if (!from) continue;
      const x1 = from.ax + from.w;
      const y1 = from.ay + from.h / 2;
      const x2 = c.ax;
      const y2 = c.ay + Math.min(c.h / 2, 15);
      const mid = (x1 + x2) / 2;
      edges.append(el('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 4},${y2}`, class: 'edge', 'marker-end': 'url(#arrow)' }));
    }
  }
}

/** An <svg> of `tasks` (the attempt's task list). */
export function taskGraph(tasks) {
  const nodes = new Map(tasks.map((t) => [t.id, { task: t, children: [], label: '' }]));
  const roots = [];
  for (const n of nodes.values()) {
    const parent = n.task.parentId ? nodes.get(n.task.parentId) : null;
    n.label = label(n.task, parent && parent.task);
    if (parent) parent.children.push(n); else roots.push(n);
  }
  let y = 0;
  let width = 0;
  for (const r of roots) {
    measure(r);
    r.x = 0;
    r.y = y;
    y += r.h + 10;
    width = Math.max(width, r.w);
  }
  const svg = el('svg', { class: 'task-graph', viewBox: `-2 -2 ${width + 4} ${y + 4}`, width: width + 4, height: y + 4, role: 'group', 'aria-label': 'Task graph' });
  const defs = el('defs', {}, el('marker', { id: 'arrow', viewBox: '0 0 8 8', refX: 4, refY: 4, markerWidth: 6, markerHeight: 6, orient: 'auto' },
    el('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrowhead' })));
  const layer = el('g');
  const edges = el('g', { class: 'edges' });
  svg.append(defs, layer, edges);
  for (const r of roots) draw(r, 0, 0, layer, edges);
  return svg;
}
