import { readFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
const dir = '/tmp/pguntar'; rmSync(dir, { recursive: true, force: true }); mkdirSync(dir);
const t0 = performance.now();
let buf = readFileSync(process.argv[2]);
if (buf[0] === 0x1f) buf = gunzipSync(buf);
const t1 = performance.now();
let off = 0, files = 0;
while (off + 512 <= buf.length) {
  const h = buf.subarray(off, off + 512);
  if (h.every((b) => b === 0)) break;
  const str = (a, b) => { const s = h.subarray(a, b); const z = s.indexOf(0); return s.subarray(0, z < 0 ? s.length : z).toString('utf8'); };
  let name = str(0, 100); const prefix = str(345, 500); if (prefix) name = prefix + '/' + name;
  const size = parseInt(str(124, 136).trim() || '0', 8); const type = String.fromCharCode(h[156]);
  const mode = parseInt(str(100, 108).trim() || '644', 8);
  const target = path.join(dir, name);
  off += 512;
  if (type === '5') mkdirSync(target, { recursive: true });
  else if (type === '0' || type === '\0') { mkdirSync(path.dirname(target), { recursive: true }); writeFileSync(target, buf.subarray(off, off + size), { mode }); files++; }
  off += Math.ceil(size / 512) * 512;
}
console.log('read+gunzip', Math.round(t1 - t0), 'extract', Math.round(performance.now() - t1), files);
