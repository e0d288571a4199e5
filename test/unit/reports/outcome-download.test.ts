import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { safeFilename, sendPdf } from '../../../server/features/reports/controller.js';
import { createReport } from '../../../server/reports/pdf.js';
import { closeRenderers, renderPdf } from '../../../server/reports/render-pool.js';
import type { RenderJob } from '../../../server/reports/render-worker.js';

/** A bare app with one download route and an error handler that shows what reached it. */
function appWith(pdf: () => Promise<Buffer>) {
  const app = express();
  app.get('/file.pdf', async (_req, res) => sendPdf(res, 'Interview outcome: C001 / Siân', await pdf()));
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).type('html').send(`<p>Error page: ${err.message}</p>`);
  });
  return app;
}

async function written(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough().on('data', (c: Buffer) => chunks.push(c));
  const report = createReport({ title: 'Test' });
  report.paragraph('Hello');
  await report.finish(out);
  return Buffer.concat(chunks);
}

describe('outcome and summary downloads (sendPdf)', () => {
  after(() => closeRenderers());

  it('sends a PDF as an attachment with a safe file name, not cached', async () => {
    const res = await request(appWith(written))
      .get('/file.pdf')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['content-disposition'], 'attachment; filename=Interview-outcome-C001-Sian.pdf');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal((res.body as Buffer).subarray(0, 5).toString('latin1'), '%PDF-');
  });

  it('shows the error page, without PDF headers, when the worker cannot lay the report out', async () => {
    const broken = { kind: 'campaign-summary', data: {} } as unknown as RenderJob;
    const res = await request(appWith(() => renderPdf(broken)))
      .get('/file.pdf')
      .expect(500);
    assert.match(res.headers['content-type'] ?? '', /^text\/html/);
    assert.equal(res.headers['content-disposition'], undefined);
    assert.equal(res.headers['cache-control'], undefined);
    assert.match(res.text, /Error page: /);
  });

  it('makes file names safe: letters, digits, hyphens and underscores only', () => {
    assert.equal(safeFilename('campaign-summary-REF/1 "x"; rm -rf'), 'campaign-summary-REF-1-x-rm-rf.pdf');
    assert.equal(safeFilename('Siân Ŵyn'), 'Sian-Wyn.pdf');
    assert.equal(safeFilename('<>:"'), 'report.pdf');
    assert.ok(safeFilename('x'.repeat(500)).length <= 124);
  });
});
