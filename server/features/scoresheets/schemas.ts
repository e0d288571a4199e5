import { z } from 'zod';
import { nameText, text } from '../campaigns/schemas.js';
import type { ScoresheetForm } from './service.js';

export const customCriterionSchema = z
  .object({
    kind: z.enum(['technical', 'experience', 'strengths', 'sfia'], 'Select the type of criterion'),
    title: nameText('criterion title', 200),
    descriptor: text('descriptor panels will score against', 5000),
    sfiaCode: z.string().trim().toUpperCase().optional(),
    sfiaLevel: z.string().trim().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind !== 'sfia') return;
    if (!v.sfiaCode || !/^[A-Z]{4}$/.test(v.sfiaCode))
      ctx.addIssue({
        code: 'custom',
        path: ['sfiaCode'],
        message: 'Enter the SFIA skill code, 4 letters like DESN',
      });
    if (!v.sfiaLevel || !/^[1-7]$/.test(v.sfiaLevel))
      ctx.addIssue({ code: 'custom', path: ['sfiaLevel'], message: 'Select the SFIA level, from 1 to 7' });
  })
  .transform((v) => ({
    ...v,
    sfiaCode: v.kind === 'sfia' ? v.sfiaCode! : null,
    sfiaLevel: v.kind === 'sfia' ? Number(v.sfiaLevel) : null,
  }));

const decimal = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,4}(\.\d{1,2})?$/, `${label} must be a number, like 1 or 1.5`)
    .transform(Number);

/**
 * The builder posts one row of fields per criterion, named `<field>-<criterion id>`; the form ends as
 * the typed ScoresheetForm, rows in the order of `criterionIds`.
 */
export function scoresheetSchema(criterionIds: readonly string[], scale: { min: number; max: number }) {
  const settings = {
    passRule: z.enum(['every-criterion', 'total', 'every-criterion-and-total'], 'Select how candidates pass'),
    requireEvidence: z
      .enum(['yes', 'no'], 'Select whether members must write evidence notes for every criterion')
      .transform((v) => v === 'yes'),
    overallPassMark: z.union([z.literal('').transform(() => null), decimal('Weighted total needed to pass')]),
    leadCriterionId: z
      .union([
        z.literal('').transform(() => null),
        z.enum(criterionIds as [string, ...string[]], 'Select the lead criterion'),
      ])
      .optional()
      .transform((v) => v ?? null),
  };
  const rows: Record<string, z.ZodType<unknown>> = {};
  criterionIds.forEach((id, i) => {
    rows[`included-${id}`] = z.literal('yes').optional();
    rows[`position-${id}`] = z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, `Order for criterion ${i + 1} must be a whole number`)
      .transform(Number);
    rows[`weight-${id}`] = decimal(`Weight for criterion ${i + 1}`).refine(
      (n) => n > 0,
      `Weight for criterion ${i + 1} must be more than 0`,
    );
    rows[`passMark-${id}`] = z
      .string()
      .regex(/^\d+$/, `Pass mark for criterion ${i + 1} must be a whole number`)
      .transform(Number)
      .refine(
        (n) => n >= scale.min && n <= scale.max,
        `Pass mark for criterion ${i + 1} must be between ${scale.min} and ${scale.max}`,
      );
  });
  return z
    .object({ ...rows, ...settings })
    .strict()
    .transform((v): ScoresheetForm => {
      const field = new Map<string, unknown>(Object.entries(v));
      return {
        passRule: v.passRule,
        requireEvidence: v.requireEvidence,
        overallPassMark: v.overallPassMark,
        leadCriterionId: v.leadCriterionId,
        rows: criterionIds.map((id) => ({
          id,
          included: field.get(`included-${id}`) === 'yes',
          position: Number(field.get(`position-${id}`)),
          weight: Number(field.get(`weight-${id}`)),
          passMark: Number(field.get(`passMark-${id}`)),
        })),
      };
    });
}
