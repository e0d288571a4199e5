import { readFileSync, readdirSync } from 'node:fs';
const dir = process.argv[2];
const p = JSON.parse(readFileSync(`${dir}/${readdirSync(dir)[0]}`, 'utf8'));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const cat = (id) => { // walk up to find first frame with a url in node_modules or dist
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const u = byId.get(cur).callFrame.url;
    let m = u.match(/node_modules\/((@[^/]+\/)?[^/]+)/); if (m) return m[1];
    m = u.match(/dist\/(server\/[^/]+|migrations)/); if (m) return m[1];
  }
  const f = byId.get(id).callFrame; return f.url ? 'node:' + f.url.split('/').slice(-1)[0] : f.functionName;
};
const agg = new Map();
p.samples.forEach((s, i) => { const k = cat(s); agg.set(k, (agg.get(k) ?? 0) + (p.timeDeltas[i] ?? 0)); });
for (const [k, t] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(Math.round(t / 1000), k);
