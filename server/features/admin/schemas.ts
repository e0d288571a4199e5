import { z } from 'zod';
import { ROLES } from '../../db/types.js';
import { cleanName } from '../../domain/text.js';

const roleList = z
  .union([z.enum(ROLES), z.array(z.enum(ROLES, 'Select a role from the list'))])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const addUserSchema = z
  .object({
    name: cleanName(
      z
        .string()
        .trim()
        .min(1, 'Enter the person’s full name')
        .max(200, 'Full name must be 200 characters or fewer'),
      'Full name',
    ),
    email: z
      .string()
      .trim()
      .min(1, 'Enter the person’s email address')
      .max(254, 'Email address must be 254 characters or fewer')
      .pipe(z.email('Enter an email address in the correct format, like name@example.gov.uk')),
    roles: roleList,
  })
  .strict();

export const rolesSchema = z.object({ roles: roleList }).strict();

export const statusSchema = z
  .object({
    reason: z.string().trim().min(1, 'Enter the reason').max(500, 'Reason must be 500 characters or fewer'),
  })
  .strict();

export const userSearchSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
