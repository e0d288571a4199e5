import assert from 'node:assert/strict';
import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { safeFilename, sendPdf } from '../../../server/features/reports/controller.js';
import { createReport } from '../../../server/reports/pdf.js';

/** A bare app with one download route and an error handler that shows what reached it. */
function appWith(write: (out: NodeJS.WritableStream) => Promise<void>) {
  const app = express();
  app.use((req, _res, next) => {
    (req as unknown as { log: { warn: () => void } }).log = { warn: () => undefined };
    next();
  });
  app.get('/file.pdf', async (req, res) => sendPdf(req, res, 'Interview outcome: C001 / Siân', write));
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).type('html').send(`<p>Error page: ${err.message}</p>`);
  });
  return app;
}

describe('outcome and summary downloads (sendPdf)', () => {
  it('streams a PDF as an attachment with a safe file name, not cached', async () => {
    const res = await request(
      appWith(async (out) => {
        const report = createReport({ title: 'Test' });
        report.paragraph('Hello');
        await report.finish(out);
      }),
    )
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

  it('takes the PDF headers back when the report fails before writing, so the error page is a page', async () => {
    const res = await request(
      appWith(async () => {
        throw new Error('could not lay out');
      }),
    )
      .get('/file.pdf')
      .expect(500);
    assert.match(res.headers['content-type'] ?? '', /^text\/html/);
    assert.equal(res.headers['content-disposition'], undefined);
    assert.equal(res.headers['cache-control'], undefined);
    assert.match(res.text, /Error page: could not lay out/);
  });

  it('makes file names safe: letters, digits, hyphens and underscores only', () => {
    assert.equal(safeFilename('campaign-summary-REF/1 "x"; rm -rf'), 'campaign-summary-REF-1-x-rm-rf.pdf');
    assert.equal(safeFilename('Siân Ŵyn'), 'Sian-Wyn.pdf');
    assert.equal(safeFilename('<>:"'), 'report.pdf');
    assert.ok(safeFilename('x'.repeat(500)).length <= 124);
  });
});
