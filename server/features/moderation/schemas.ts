import { z } from 'zod';
import type { Outcome } from '../../db/types.js';
import type { PublishedScoresheet } from '../../domain/published-scoresheet.js';

export type ModerationForm = {
  criteria: Array<{
    criterionId: string;
    score: number | null;
    rationale: string;
    strengths: string;
    development: string;
  }>;
  outcomeOverride: Outcome | null;
  overrideReason: string;
  feedback: string;
  tieBreakNote: string;
};

/** The chair's moderation as posted, and whether they asked to finalise it. */
export type ModerationSubmission = { form: ModerationForm; finalise: boolean };

const text = (label: string, max = 5000) =>
  z
    .string()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .default('');

export function moderationSchema(sheet: PublishedScoresheet) {
  const values = sheet.scale.points.map((p) => p.value);
  const shape: Record<string, z.ZodType> = {
    action: z.enum(['save', 'finalise']).default('save'),
    outcomeOverride: z
      .enum(['', 'appointable', 'reserve', 'not-appointable'], 'Select an outcome')
      .default(''),
    overrideReason: text('Reason for the change', 1000),
    feedback: text('Feedback', 10000),
    tieBreakNote: text('Tie-break note', 1000),
  };
  for (const c of sheet.criteria) {
    shape[`agreed-${c.id}`] = z
      .union([z.literal('').transform(() => null), z.string().regex(/^\d+$/).transform(Number)])
      .refine(
        (v) => v === null || values.includes(v),
        `Select the agreed score for ${c.title} from the scale`,
      )
      .optional();
    shape[`rationale-${c.id}`] = text(`Rationale for ${c.title}`);
    shape[`strengths-${c.id}`] = text(`Strengths for ${c.title}`);
    shape[`development-${c.id}`] = text(`Areas to develop for ${c.title}`);
  }
  return z
    .object(shape)
    .strict()
    .transform((posted: Record<string, unknown>): ModerationSubmission => {
      const field = <T>(name: string) => posted[name] as T;
      return {
        finalise: posted.action === 'finalise',
        form: {
          criteria: sheet.criteria.map((c) => ({
            criterionId: c.id,
            score: field<number | null | undefined>(`agreed-${c.id}`) ?? null,
            rationale: field<string>(`rationale-${c.id}`),
            strengths: field<string>(`strengths-${c.id}`),
            development: field<string>(`development-${c.id}`),
          })),
          outcomeOverride: field<Outcome | ''>('outcomeOverride') || null,
          overrideReason: field<string>('overrideReason'),
          feedback: field<string>('feedback'),
          tieBreakNote: field<string>('tieBreakNote'),
        },
      };
    });
}

export const reopenSchema = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1, 'Enter the reason for reopening')
      .max(1000, 'Reason must be 1,000 characters or fewer'),
  })
  .strict();
