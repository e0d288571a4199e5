import * as cheerio from 'cheerio';

export function parse(html: string) {
  return cheerio.load(html);
}

/** The CSRF token of the first form on a page. */
export function csrfTokenFrom(html: string): string {
  const token = parse(html)('input[name="_csrf"]').first().val();
  if (typeof token !== 'string' || !token) throw new Error('No CSRF token on the page');
  return token;
}
