import assert from 'node:assert/strict';
import type { Response } from 'superagent';
import type { Agent } from '../../helpers/sign-in.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { pdfPages, writePdf } from '../../helpers/pdf.js';

/** Collects a binary response body as a Buffer. */
function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
  res.on('error', (err: Error) => done(err, Buffer.alloc(0)));
}

/** `text` is the whole document without its page footers; `pages` are the pages as printed. */
export type Download = { res: Response; file: string; text: string; pages: string[] };

/** Requests a PDF and checks it came as one: 200, application/pdf, an attachment with a safe name. */
export async function fetchPdf(agent: Agent, url: string): Promise<{ res: Response; body: Buffer }> {
  const res = await agent.get(url).buffer(true).parse(binary);
  assert.equal(res.status, 200, `${url}: ${res.status}`);
  assert.match(res.headers['content-type'] ?? '', /^application\/pdf/);
  assert.match(res.headers['content-disposition'] ?? '', /^attachment; filename="?[A-Za-z0-9_-]+\.pdf"?$/);
  const body = res.body as Buffer;
  assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
  return { res, body };
}

/** Saves a downloaded PDF to a temporary file and reads its text back. */
export async function readPdf({ res, body }: { res: Response; body: Buffer }): Promise<Download> {
  const file = await writePdf(
    (out) => new Promise<void>((resolve, reject) => out.end(body, () => resolve()).on('error', reject)),
  );
  const pages = await pdfPages(file);
  // The text without the page footers, so that a paragraph continued over a page reads as one.
  const text = pages
    .map((page) =>
      page
        .split('\n')
        .filter((line) => !/Page \d+ of \d+\s*$/.test(line))
        .join('\n'),
    )
    .join('\n');
  return { res, file, text, pages };
}

/** Downloads a PDF (see fetchPdf) and reads it back (see readPdf). */
export async function downloadPdf(agent: Agent, url: string): Promise<Download> {
  return readPdf(await fetchPdf(agent, url));
}

/** Text without whitespace, as wrapped lines and table cells come back from the text extraction. */
export function squashed(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * The campaign summary as an owner gets it: straight away for a small campaign; for a large one,
 * freshly prepared (asked for again, waited for on its page) and then downloaded.
 */
export async function fetchSummary(agent: Agent, campaignId: string, withinMs = 60_000) {
  const direct = `/reports/campaigns/${campaignId}/summary.pdf`;
  const first = await agent.get(direct).redirects(0);
  if (first.status !== 303) return fetchPdf(agent, direct);
  const page = `/reports/campaigns/${campaignId}/summary`;
  const token = csrfTokenFrom((await agent.get(page).expect(200)).text);
  await agent.post(page).type('form').send({ _csrf: token }).redirects(0).expect(303);
  const until = Date.now() + withinMs;
  for (;;) {
    const $ = parse((await agent.get(page).expect(200)).text);
    const href = $('a:contains("Download the campaign summary (PDF)")').attr('href');
    if (href) return fetchPdf(agent, href);
    assert.ok(!$('h1').text().includes('could not'), 'the summary could not be prepared');
    assert.ok(Date.now() < until, `the summary was not ready within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
