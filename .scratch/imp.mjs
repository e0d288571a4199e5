const t0 = performance.now();
const lap = (l) => console.log(l, Math.round(performance.now() - t0));
await import('express'); lap('express');
await import('@electric-sql/pglite'); lap('pglite');
await import('kysely'); lap('kysely');
await import('oidc-provider'); lap('oidc-provider');
await import('pdfkit'); lap('pdfkit');
await import('pino'); lap('pino');
await import('zod'); lap('zod');
