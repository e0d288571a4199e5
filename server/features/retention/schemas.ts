import { z } from 'zod';

export const erasureSchema = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1, 'Enter the reason for erasing this candidate’s personal data')
      .max(500, 'Reason must be 500 characters or fewer'),
  })
  .strict();
