import { z } from 'zod';
import { candidateEmail, candidateName, candidateReference } from '../../domain/candidates.js';
import { MAX_CSV_BYTES } from './csv.js';

/** Adding: a blank reference means "make one up". */
export const newCandidateSchema = z
  .object({ name: candidateName, email: candidateEmail, reference: candidateReference.optional() })
  .strict()
  .transform((v) => ({ ...v, reference: v.reference || null }));

/** Editing: the candidate already has a reference, so one is needed. */
export const editCandidateSchema = z
  .object({
    name: candidateName,
    email: candidateEmail,
    reference: candidateReference.refine((v) => v !== '', 'Enter the candidate reference'),
  })
  .strict();

const reason = (action: string) =>
  z
    .string(`Enter the reason for ${action} the candidate`)
    .trim()
    .min(1, `Enter the reason for ${action} the candidate`)
    .max(500, 'Reason must be 500 characters or fewer');

export const withdrawSchema = z.object({ reason: reason('withdrawing') }).strict();
export const reinstateSchema = z.object({ reason: reason('reinstating') }).strict();

export const importSchema = z
  .object({
    csv: z
      .string('Paste the CSV')
      .refine((v) => v.trim() !== '', 'Paste the CSV')
      .refine((v) => Buffer.byteLength(v, 'utf8') <= MAX_CSV_BYTES, 'The CSV must be 1 MB or smaller'),
  })
  .strict();

/** Which success banner the list shows after a change; anything else shows none. */
export const listBannerSchema = z.object({
  imported: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined),
  added: z.uuid().optional().catch(undefined),
  updated: z.uuid().optional().catch(undefined),
  withdrawn: z.uuid().optional().catch(undefined),
  reinstated: z.uuid().optional().catch(undefined),
});
