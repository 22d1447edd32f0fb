// A light YAML highlighter for .dig files: keys, operators, comments, ${...} expressions.
import { h } from '../lib/dom.js';

function highlightLine(line) {
  const parts = [];
  const comment = line.match(/(^|\s)#.*$/);
  const code = comment ? line.slice(0, comment.index + comment[1].length) : line;
  const key = code.match(/^(\s*(?:- )?)([^\s:'"][^:]*?|"[^"]*"|'[^']*')(:)(\s|$)/);
  let rest = code;
  if (key) {
    parts.push(key[1]);
    const name = key[2];
    const cls = name.endsWith('>') ? 'y-op' : name.startsWith('+') ? 'y-task' : name.startsWith('_') ? 'y-directive' : 'y-key';
    parts.push(h('span', { class: cls }, name), key[3]);
    rest = code.slice(key[0].length - key[4].length);
  }
  for (const piece of rest.split(/(\$\{[^}]*\})/)) {
    if (!piece) continue;
    parts.push(piece.startsWith('${') ? h('span', { class: 'y-expr' }, piece) : piece);
  }
  if (comment) parts.push(h('span', { class: 'y-comment' }, line.slice(code.length)));
  return parts;
}

/** A <pre> with the highlighted text. */
export function yamlBlock(text, attrs = {}) {
  const lines = text.split('\n').map((l) => [highlightLine(l), '\n']);
  return h('pre', { class: 'code yaml', ...attrs }, h('code', {}, lines));
}
