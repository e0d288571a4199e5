const t0 = performance.now();
const { loadFrameworkLibrary } = await import('../dist/server/framework/load.js');
const t1 = performance.now();
await loadFrameworkLibrary();
const t2 = performance.now();
await loadFrameworkLibrary();
console.log('import', Math.round(t1-t0), 'load', Math.round(t2-t1), 'again', Math.round(performance.now()-t2));
