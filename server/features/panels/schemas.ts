import { z } from 'zod';
import { interviewInstant } from '../../domain/panels.js';
import { isUuid } from '../../domain/ids.js';
import { cleanName } from '../../domain/text.js';

export const panelSchema = z
  .object({
    name: cleanName(
      z
        .string({ error: 'Enter the panel name' })
        .trim()
        .min(1, 'Enter the panel name')
        .max(100, 'Panel name must be 100 characters or fewer'),
      'Panel name',
    ),
  })
  .strict();

export const memberSchema = z
  .object({
    email: z
      .string({ error: 'Enter the panel member’s email address' })
      .trim()
      .min(1, 'Enter the panel member’s email address')
      .max(254, 'Email address must be 254 characters or fewer')
      .pipe(z.email('Enter an email address in the correct format, like name@example.gov.uk')),
    role: z.enum(['chair', 'member', 'independent'], 'Select the panel role'),
  })
  .strict();

const field = z.string().trim().default('');

const scheduleFields = {
  panelId: field,
  'interviewDate-day': field,
  'interviewDate-month': field,
  'interviewDate-year': field,
  interviewTime: field,
};

type ScheduleFields = { [K in keyof typeof scheduleFields]: string } & { candidateId?: string };

/**
 * Every check in one place, in the order the fields appear, so one submission shows every problem.
 * Date errors are filed under `interviewDate.<part>` (the summary links to `#interviewDate-<part>`).
 */
function checkSchedule(value: ScheduleFields, ctx: z.RefinementCtx): Date | undefined {
  if (value.candidateId !== undefined && !isUuid(value.candidateId))
    ctx.addIssue({ code: 'custom', path: ['candidateId'], message: 'Select the candidate' });
  if (!isUuid(value.panelId))
    ctx.addIssue({ code: 'custom', path: ['panelId'], message: 'Select the panel' });
  const checked = interviewInstant({
    day: value['interviewDate-day'],
    month: value['interviewDate-month'],
    year: value['interviewDate-year'],
    time: value.interviewTime,
  });
  if (checked.ok) return checked.instant;
  for (const problem of checked.problems) {
    ctx.addIssue({
      code: 'custom',
      path:
        problem.field === 'date' ? ['interviewDate', problem.dateFields?.[0] ?? 'day'] : ['interviewTime'],
      message: problem.text,
    });
  }
  return undefined;
}

/** Scheduling a candidate: which candidate, which panel, and when (UK time). */
export const scheduleSchema = z
  .object({ candidateId: field, ...scheduleFields })
  .strict()
  .transform((v, ctx) => {
    const scheduledAt = checkSchedule(v, ctx);
    if (!scheduledAt || ctx.issues.length) return z.NEVER;
    return { candidateId: v.candidateId, panelId: v.panelId, scheduledAt };
  });

/** Rescheduling or moving one candidate's interview: the candidate is in the address. */
export const rescheduleSchema = z
  .object(scheduleFields)
  .strict()
  .transform((v, ctx) => {
    const scheduledAt = checkSchedule(v, ctx);
    if (!scheduledAt || ctx.issues.length) return z.NEVER;
    return { panelId: v.panelId, scheduledAt };
  });
