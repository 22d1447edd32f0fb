// Project archives in the browser: a small ustar writer and reader of our own, and gzip through
// the browser's CompressionStream / DecompressionStream.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function writeString(block, offset, length, text) {
  const bytes = encoder.encode(text);
  if (bytes.length > length) throw new Error(`tar: field too long: ${text}`);
  block.set(bytes, offset);
}

function octal(block, offset, length, value) {
  writeString(block, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

/** Splits a long path into ustar's prefix (<=155 bytes) and name (<=100 bytes). */
function splitPath(path) {
  if (encoder.encode(path).length <= 100) return ['', path];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100) return [prefix, name];
  }
  throw new Error(`File path is too long: ${path}`);
}

function header(path, size, mtime) {
  const block = new Uint8Array(512);
  const [prefix, name] = splitPath(path);
  writeString(block, 0, 100, name);
  octal(block, 100, 8, 0o644);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, mtime);
  block.fill(0x20, 148, 156); // checksum counted as spaces
  block[156] = 0x30; // '0' regular file
  writeString(block, 257, 6, 'ustar\0');
  writeString(block, 263, 2, '00');
  writeString(block, 345, 155, prefix);
  let sum = 0;
  for (const b of block) sum += b;
  writeString(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** A tar archive of `files` ([{name, content: string|Uint8Array}]). */
export function tar(files, mtime = Math.floor(Date.now() / 1000)) {
  const parts = [];
  for (const file of files) {
    const data = typeof file.content === 'string' ? encoder.encode(file.content) : file.content;
    parts.push(header(file.name, data.length, mtime), data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(1024));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function field(block, offset, length) {
  const bytes = block.subarray(offset, offset + length);
  const end = bytes.indexOf(0);
  return decoder.decode(end >= 0 ? bytes.subarray(0, end) : bytes);
}

/** The regular files of a tar archive: [{name, content: Uint8Array}]. */
export function untar(bytes) {
  const files = [];
  let at = 0;
  let longName = null;
  let paxPath = null;
  while (at + 512 <= bytes.length) {
    const block = bytes.subarray(at, at + 512);
    if (block.every((b) => b === 0)) break;
    const size = parseInt(field(block, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(block[156] || 0x30);
    const data = bytes.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') { longName = decoder.decode(data).replace(/\0+$/, ''); continue; }
    if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(decoder.decode(data));
      paxPath = m ? m[1] : null;
      continue;
    }
    let name = field(block, 0, 100);
    const prefix = field(block, 257, 6).startsWith('ustar') ? field(block, 345, 155) : '';
    if (prefix) name = `${prefix}/${name}`;
    name = paxPath || longName || name;
    paxPath = null;
    longName = null;
    if (type === '0' || type === '\0' || type === '7') files.push({ name: name.replace(/^\.\//, ''), content: data.slice() });
  }
  return files;
}

async function through(bytes, stream) {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

export const gzip = (bytes) => through(bytes, new CompressionStream('gzip'));
export const gunzip = (bytes) => through(bytes, new DecompressionStream('gzip'));

/** The project archive as text files: [{name, text}] sorted by name. */
export async function readArchive(gzBytes) {
  const files = untar(await gunzip(new Uint8Array(gzBytes)));
  return files.map((f) => ({ name: f.name, text: decoder.decode(f.content) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A tar.gz of text files [{name, text}]. */
export function writeArchive(files) {
  return gzip(tar(files.map((f) => ({ name: f.name, content: f.text }))));
}
