import { z } from 'zod';

export const offerSchema = z
  .object({ status: z.enum(['offered', 'accepted', 'declined'], 'Select what happened') })
  .strict();

const POSITION_FIELD = 'position-';
const REASON_REQUIRED = 'Enter the reason for this order';

const positionsSchema = z
  .array(z.object({ candidateId: z.string(), position: z.union([z.number(), z.nan()]) }))
  .superRefine((positions, ctx) => {
    const numbers = positions.map((p) => p.position);
    const distinct =
      numbers.length >= 2 &&
      numbers.every((n) => Number.isInteger(n) && n >= 1 && n <= numbers.length) &&
      new Set(numbers).size === numbers.length;
    if (!distinct)
      ctx.addIssue({
        code: 'custom',
        message: `Give each tied candidate a different position from 1 to ${Math.max(positions.length, 2)}`,
      });
  });

/**
 * The order the owner gives a tie: one "position-<candidate id>" field per tied candidate, each a
 * different whole number from 1 to the number tied, and the reason for that order.
 */
export const tieBreakSchema = z.preprocess(
  (body) => {
    const fields = Object.entries((body ?? {}) as Record<string, unknown>);
    return {
      reason: fields.find(([field]) => field === 'reason')?.[1],
      positions: fields
        .filter(([field]) => field.startsWith(POSITION_FIELD))
        .map(([field, value]) => ({
          candidateId: field.slice(POSITION_FIELD.length),
          position: typeof value === 'string' ? Number(value) : NaN,
        })),
    };
  },
  z.object({
    reason: z
      .string(REASON_REQUIRED)
      .trim()
      .min(1, REASON_REQUIRED)
      .max(1000, 'Reason must be 1,000 characters or fewer'),
    positions: positionsSchema,
  }),
);

export type TieBreakForm = z.output<typeof tieBreakSchema>;
