import { csrfTokenFrom, parse } from './html.js';
import type { Agent } from './sign-in.js';

/**
 * Opens the page holding a form (for its CSRF token), then posts the fields as that form would: with
 * the request id a creation form carries, as the browser sends it, unless the fields name their own.
 */
export async function postForm(
  agent: Agent,
  pageUrl: string,
  action: string,
  fields: Record<string, string | string[]>,
) {
  const page = await agent.get(pageUrl).expect(200);
  const requestId = requestIdFrom(page.text, action);
  return agent
    .post(action)
    .type('form')
    .send({ ...(requestId && { requestId }), ...fields, _csrf: csrfTokenFrom(page.text) });
}

/** The request id a creation form carries: of the form posting to this action, or the first on the page. */
export function requestIdFrom(html: string, action?: string): string | undefined {
  const $ = parse(html);
  const field = $(action ? `form[action="${action}"] input[name="requestId"]` : 'input[name="requestId"]');
  const value = field.first().val();
  return typeof value === 'string' && value ? value : undefined;
}

/** What a browser would submit from a form left as the page shows it (checked choices only), with changes. */
export function formFields(
  html: string,
  formSelector: string,
  changes: Record<string, string> = {},
): Record<string, string> {
  const $ = parse(html);
  const form = $(formSelector).first();
  const fields: Record<string, string> = {};
  form.find('input[type=hidden], input[type=text], input:not([type]), textarea').each((_i, el) => {
    const name = $(el).attr('name');
    if (name) fields[name] = String($(el).val() ?? '');
  });
  form.find('input[type=radio]:checked, input[type=checkbox]:checked').each((_i, el) => {
    const name = $(el).attr('name');
    if (name) fields[name] = String($(el).val());
  });
  form.find('select').each((_i, el) => {
    const name = $(el).attr('name');
    if (name)
      fields[name] =
        $(el).find('option[selected]').attr('value') ?? $(el).find('option').first().attr('value') ?? '';
  });
  return { ...fields, ...changes };
}
