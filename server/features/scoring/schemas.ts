import { z } from 'zod';
import type { PublishedScoresheet } from '../../domain/published-scoresheet.js';
import { EVIDENCE_MAX, type Entries, type Entry } from '../../domain/scoring.js';

/** A save as the service takes it, whichever way it was posted. */
export type SheetSave = { baseRevision: number; requestId: string; entries: Entries; submit: boolean };

const requestId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'Reload the page and try again');
const baseRevision = z.coerce.number().int().min(0);

function scoreFor(sheet: PublishedScoresheet, title: string) {
  const values = sheet.scale.points.map((p) => p.value);
  return z
    .union([
      z.literal('').transform(() => null),
      z.string().regex(/^\d+$/).transform(Number),
      z.number().int(),
      z.null(),
    ])
    .refine((v) => v === null || values.includes(v), `Select a score for ${title} from the scale`);
}

const evidenceFor = (title: string) =>
  z
    .string()
    .max(
      EVIDENCE_MAX,
      `Evidence notes for ${title} must be ${EVIDENCE_MAX.toLocaleString('en-GB')} characters or fewer`,
    );

/** The whole sheet as the no-JavaScript form posts it: `score-<criterion>` and `evidence-<criterion>`. */
export function sheetFormSchema(sheet: PublishedScoresheet) {
  const shape: Record<string, z.ZodType> = {
    baseRevision,
    requestId,
    action: z.enum(['save', 'submit']).default('save'),
  };
  for (const c of sheet.criteria) {
    shape[`score-${c.id}`] = scoreFor(sheet, c.title).optional();
    shape[`evidence-${c.id}`] = evidenceFor(c.title).default('');
  }
  return z
    .object(shape)
    .strict()
    .transform((posted: Record<string, unknown>): SheetSave => ({
      baseRevision: posted.baseRevision as number,
      requestId: posted.requestId as string,
      submit: posted.action === 'submit',
      entries: Object.fromEntries(
        sheet.criteria.map((c) => [
          c.id,
          {
            score: (posted[`score-${c.id}`] as number | null | undefined) ?? null,
            evidence: posted[`evidence-${c.id}`] as string,
          },
        ]),
      ),
    }));
}

/** An autosave: only the criteria that changed since the last save. */
export function autosaveSchema(sheet: PublishedScoresheet) {
  const entries: Record<string, z.ZodType> = {};
  for (const c of sheet.criteria) {
    entries[c.id] = z
      .object({ score: scoreFor(sheet, c.title), evidence: evidenceFor(c.title) })
      .strict()
      .optional();
  }
  return z
    .object({ baseRevision, requestId, entries: z.object(entries).strict() })
    .strict()
    .transform((posted): SheetSave => ({
      ...posted,
      entries: posted.entries as Record<string, Entry>,
      submit: false,
    }));
}

/** Confirming the check-your-answers page: the revision the member checked, and a fresh request id. */
export const confirmSubmitSchema = z
  .object({ baseRevision, requestId })
  .strict()
  .transform((posted): SheetSave => ({ ...posted, entries: {}, submit: true }));
