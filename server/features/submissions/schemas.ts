import { z } from 'zod';
import { problemErrors, parseForm, type FormErrors } from '../../middleware/validate.js';

export const REQUEST_ID_MESSAGE = 'Reload the page and try again';

/** The hidden field every creation form carries: a UUID rendered fresh with each form page. */
export const requestIdSchema = z.uuid(REQUEST_ID_MESSAGE);

export type SubmissionForm<T> =
  | { ok: true; data: T; requestId: string }
  | { ok: false; errors: FormErrors; values: Record<string, unknown> };

/**
 * parseForm for a creation form: the form's own schema, plus its request id. A missing or malformed
 * request id is reported first, with the form's other problems, and nothing is saved.
 */
export function parseSubmission<S extends z.ZodType>(schema: S, body: unknown): SubmissionForm<z.output<S>> {
  const { requestId, ...fields } = (body ?? {}) as Record<string, unknown>;
  const id = requestIdSchema.safeParse(requestId);
  const form = parseForm(schema, fields);
  if (form.ok && id.success) return { ok: true, data: form.data, requestId: id.data };
  const idErrors: FormErrors = id.success
    ? { fields: {}, summary: [] }
    : problemErrors([{ field: 'requestId', text: REQUEST_ID_MESSAGE }]);
  if (form.ok) return { ok: false, errors: idErrors, values: fields };
  return {
    ok: false,
    errors: {
      fields: { ...idErrors.fields, ...form.errors.fields },
      summary: [...idErrors.summary, ...form.errors.summary],
    },
    values: form.values,
  };
}
