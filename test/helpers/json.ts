import { z } from 'zod';

/**
 * The app's JSON answers, read through these so tests see typed values (supertest types every body as
 * any). Loose: a field a test does not read is kept, not checked.
 */
const refusal = z.looseObject({
  error: z.string(),
  message: z.string().optional(),
  problems: z.array(z.unknown()).optional(),
});
const health = z.looseObject({
  status: z.string(),
  checks: z.record(z.string(), z.string()).optional(),
});
const autosave = z.looseObject({
  status: z.string().optional(),
  revision: z.number(),
  entries: z.record(z.string(), z.unknown()).optional(),
});

/** A refused request's answer: { error, message?, problems? }. */
export const refusalJson = (res: { body: unknown }) => refusal.parse(res.body);
/** /health and /health/ready: { status, checks? }. */
export const healthJson = (res: { body: unknown }) => health.parse(res.body);
/** An autosave saved, a duplicate, or a conflict: { status?, revision, entries? }. */
export const autosaveJson = (res: { body: unknown }) => autosave.parse(res.body);
