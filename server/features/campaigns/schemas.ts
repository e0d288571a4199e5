import { z } from 'zod';
import { cleanName } from '../../domain/text.js';

const GRADES = ['AA', 'AO', 'EO', 'HEO', 'SEO', 'G7', 'G6', 'SCS1', 'SCS2'] as const;
export const text = (name: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${name}`)
    .max(max, `${name[0]!.toUpperCase()}${name.slice(1)} must be ${max} characters or fewer`);
/** A name or title: one line of visible text. */
export const nameText = (name: string, max: number) =>
  cleanName(text(name, max), `${name[0]!.toUpperCase()}${name.slice(1)}`);

export const campaignSchema = z
  .object({
    title: nameText('campaign title', 200),
    vacancyReference: nameText('vacancy reference', 50),
    grade: z.enum(GRADES, 'Select the grade'),
    roleLevel: z
      .string({ error: 'Select the role level' })
      .regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'Select the role level'),
    behaviourFramework: z.enum(['success-profiles', 'cscf-2012'], 'Select the behaviour framework'),
    scale: z.enum(['civil-service-1-7', 'ddat-skill-levels'], 'Select the scoring scale'),
    anonymised: z
      .enum(['yes', 'no'], 'Select whether panels see candidate names')
      .transform((v) => v === 'yes'),
  })
  .strict();

export const coOwnerSchema = z
  .object({
    email: z
      .string()
      .trim()
      .min(1, 'Enter the co-owner’s email address')
      .max(254)
      .pipe(z.email('Enter an email address in the correct format, like name@example.gov.uk')),
  })
  .strict();

export const closeSchema = z
  .object({ confirm: z.literal('yes', 'Confirm that interviews and decisions are finished') })
  .strict();
export const reopenSchema = z.object({ reason: text('reason for reopening', 500) }).strict();
