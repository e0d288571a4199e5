import type { Response } from 'express';
import type { z } from 'zod';
import type { Problem } from '../domain/problems.js';
import { findUnstorable, UNSTORABLE_MESSAGE } from '../domain/text.js';

export type FieldErrors = Record<string, { text: string }>;
/** An error summary entry: linked to its field, or plain text when the form has no such field. */
export type ErrorSummaryItem = { text: string; href?: string };
export type FormErrors = { fields: FieldErrors; summary: ErrorSummaryItem[] };

export type FormResult<T> =
  { ok: true; data: T } | { ok: false; errors: FormErrors; values: Record<string, unknown> };

/**
 * Parses a submitted form with a zod schema. The CSRF token travels with every form, so it is
 * dropped before parsing and strict schemas refuse anything else unexpected. A field holding a
 * character that cannot be stored exactly (NUL, a lone surrogate) is refused here, whatever the
 * schema says, so nothing is ever saved altered.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
  /** Where each field's error links to, when its input's id is not its name (one form per row). */
  fieldIds: Record<string, string> = {},
): FormResult<z.output<S>> {
  const { _csrf: _ignored, ...values } = (body ?? {}) as Record<string, unknown>;
  const unstorable: z.core.$ZodIssue[] = findUnstorable(values).map((place) => ({
    code: 'custom',
    path: place.path,
    message: UNSTORABLE_MESSAGE,
    input: undefined,
  }));
  const result = schema.safeParse(values);
  if (result.success && unstorable.length === 0) return { ok: true, data: result.data };
  const issues = [...unstorable, ...(result.success ? [] : result.error.issues)];
  return { ok: false, errors: formErrors(issues, fieldIds), values };
}

/** The first message per field, in the order the fields failed; each links to its field id. */
export function formErrors(
  issues: readonly z.core.$ZodIssue[],
  fieldIds: Record<string, string> = {},
): FormErrors {
  const fields: FieldErrors = {};
  const summary: ErrorSummaryItem[] = [];
  for (const issue of issues) {
    const field = issue.path.length ? issue.path.map(String).join('.') : 'form';
    if (fields[field]) continue;
    fields[field] = { text: issue.message };
    // A field the form does not have (a tampered or out-of-date form) has nowhere to link to.
    const linkable = field !== 'form' && issue.code !== 'unrecognized_keys';
    summary.push(
      linkable
        ? { text: issue.message, href: `#${fieldIds[field] ?? field.replace(/\./g, '-')}` }
        : { text: issue.message },
    );
  }
  return { fields, summary };
}

/**
 * The one way to show problems found after the form was valid (a service's Refusal, a sign-in
 * refused): as GOV.UK field errors, the first per field, each linking to its field.
 */
export function problemErrors(
  problems: readonly Problem[],
  fieldIds: Record<string, string> = {},
): FormErrors {
  return formErrors(
    problems.map((p) => ({ code: 'custom', path: p.field.split('.'), message: p.text, input: undefined })),
    fieldIds,
  );
}

/** Re-shows the form with status 400; templates prefix the title with "Error:" when errors exist. */
export function renderInvalid(
  res: Response,
  view: string,
  data: Record<string, unknown>,
  errors: FormErrors,
): void {
  res.status(400).render(view, { ...data, errors });
}
