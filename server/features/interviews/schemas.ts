import { z } from 'zod';

export const DESCRIPTION_LIMIT = 500;

export const declarationSchema = z
  .object({
    conflicted: z.enum(['no', 'yes'], 'Select whether you have a conflict of interest'),
    description: z
      .string()
      .trim()
      .max(DESCRIPTION_LIMIT, `Description must be ${DESCRIPTION_LIMIT} characters or fewer`)
      .default(''),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.conflicted === 'yes' && !v.description)
      ctx.addIssue({
        code: 'custom',
        path: ['description'],
        message: 'Describe your conflict of interest',
      });
  })
  .transform((v) => ({
    conflicted: v.conflicted === 'yes',
    description: v.conflicted === 'yes' ? v.description : null,
  }));
