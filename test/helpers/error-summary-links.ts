import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse } from './html.js';

export type BrokenLink = { page: string; href: string; text: string; test: string };

/** Every error summary link on the page that goes nowhere: its target id is not on the page. */
export function brokenErrorSummaryLinks(html: string): Array<{ href: string; text: string }> {
  const $ = parse(html);
  return $('.govuk-error-summary a')
    .map((_i, a) => ({ href: $(a).attr('href') ?? '', text: $(a).text().trim() }))
    .get()
    .filter(({ href }) => !href.startsWith('#') || $(`[id="${href.slice(1)}"]`).length !== 1);
}

const broken: BrokenLink[] = [];
let currentTest = '';

/** Names the test running now, so a broken link is reported against the test that found it. */
export function setCurrentTest(title: string): void {
  currentTest = title;
}

/** The broken links found since the last call. */
export function takeBrokenLinks(): BrokenLink[] {
  return broken.splice(0);
}

/**
 * Wraps the app so that every HTML page it sends with an error summary, in any test, is checked: each
 * link must go to exactly one element on the page (a field that exists).
 */
export function checkingErrorSummaries(app: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      const [chunk] = args;
      const type = String(res.getHeader('content-type') ?? '');
      if (type.startsWith('text/html') && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
        const html = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
        if (html.includes('govuk-error-summary'))
          for (const link of brokenErrorSummaryLinks(html))
            broken.push({ ...link, page: `${req.method} ${req.url}`, test: currentTest });
      }
      return end(...args);
    }) as ServerResponse['end'];
    app(req, res);
  };
}
