import { readFileSync } from 'node:fs';
const t0 = performance.now();
const b = readFileSync('node_modules/@electric-sql/pglite/dist/pglite.wasm');
const m = await WebAssembly.compile(b);
console.log('compile', Math.round(performance.now() - t0));
const cpu = process.cpuUsage(); console.log('cpu', Math.round((cpu.user + cpu.system)/1000));
