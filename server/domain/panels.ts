import type { PanelRole } from '../db/types.js';

export const PANEL_ROLES: readonly PanelRole[] = ['chair', 'member', 'independent'];

export { PANEL_ROLE_LABELS as panelRoleLabels } from './labels.js';

export type Declaration = { conflicted: boolean };

/** Only a member of the candidate's panel who has declared no conflict of interest may score them. */
export function canScore({
  isMember,
  declaration,
}: {
  isMember: boolean;
  declaration: Declaration | null | undefined;
}): boolean {
  return isMember && declaration?.conflicted === false;
}

/**
 * The members who take part for one candidate: everyone except those who declared a conflict for
 * them. Members who have not declared yet stay in: they are still expected to declare and score.
 */
export function eligibleMembers<M extends { userId: string }>(
  members: readonly M[],
  declarations: readonly { userId: string; conflicted: boolean }[],
): M[] {
  const conflicted = new Set(declarations.filter((d) => d.conflicted).map((d) => d.userId));
  return members.filter((m) => !conflicted.has(m.userId));
}

export type ConflictState = 'needed' | 'none' | 'conflicted';

export function conflictState(declaration: Declaration | null | undefined): ConflictState {
  if (!declaration) return 'needed';
  return declaration.conflicted ? 'conflicted' : 'none';
}

export const conflictStateLabels: Record<ConflictState, string> = {
  needed: 'Declaration needed',
  none: 'No conflict',
  conflicted: 'Conflict declared',
};

// ---- Interview dates and times, always entered and shown in UK time (Europe/London) ----

export type DateParts = { day: string; month: string; year: string };
export type DatePart = keyof DateParts;
export type CalendarDate = { year: number; month: number; day: number };
export type ClockTime = { hour: number; minute: number };

export type DateCheck = { ok: true; date: CalendarDate } | { ok: false; text: string; fields: DatePart[] };

const PART_ORDER: readonly DatePart[] = ['day', 'month', 'year'];

/**
 * Checks a GOV.UK date input, with the Design System's messages: what is missing, then whether
 * each part is a number, then whether the date exists (no 31 February, 29 February only in leap
 * years). `fields` are the inputs to highlight, the first one being where the error summary links.
 */
export function checkDate(parts: DateParts, name = 'interview date'): DateCheck {
  const label = name[0]!.toUpperCase() + name.slice(1);
  const values = {
    day: parts.day.trim(),
    month: parts.month.trim(),
    year: parts.year.trim(),
  };
  const missing = PART_ORDER.filter((p) => values[p] === '');
  if (missing.length === 3) return { ok: false, text: `Enter the ${name}`, fields: [...PART_ORDER] };
  if (missing.length)
    return { ok: false, text: `${label} must include a ${missing.join(' and ')}`, fields: missing };
  const notNumbers = PART_ORDER.filter((p) => !/^\d+$/.test(values[p]));
  if (notNumbers.length) return { ok: false, text: `${label} must be a real date`, fields: notNumbers };
  if (!/^\d{4}$/.test(values.year))
    return { ok: false, text: 'Year must include 4 numbers', fields: ['year'] };
  const date = { day: Number(values.day), month: Number(values.month), year: Number(values.year) };
  if (date.month < 1 || date.month > 12)
    return { ok: false, text: `${label} must be a real date`, fields: ['month'] };
  if (date.day < 1 || date.day > 31)
    return { ok: false, text: `${label} must be a real date`, fields: ['day'] };
  if (date.day > daysInMonth(date.year, date.month))
    return { ok: false, text: `${label} must be a real date`, fields: [...PART_ORDER] };
  return { ok: true, date };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A 24-hour time like 09:30 or 14:00 (9:30 and 09.30 are accepted too). */
export function checkTime(
  value: string,
  name = 'interview time',
): { ok: true; time: ClockTime } | { ok: false; text: string } {
  const trimmed = value.trim();
  if (!trimmed) return { ok: false, text: `Enter the ${name}` };
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(trimmed);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (!match || hour > 23 || minute > 59)
    return { ok: false, text: `Enter the ${name} in 24-hour format, like 09:30 or 14:00` };
  return { ok: true, time: { hour, minute } };
}

const londonClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  weekday: 'long',
});

type WallClock = CalendarDate & ClockTime & { weekday: string };

/** What a clock in the UK shows at this instant. */
export function londonWallClock(instant: Date): WallClock {
  const parts = Object.fromEntries(londonClock.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: String(parts.weekday),
  };
}

const HOUR = 3_600_000;

/** Minutes ahead of UTC that UK clocks are at an instant: 0 in winter (GMT), 60 in summer (BST). */
function londonOffsetMs(ms: number): number {
  const w = londonWallClock(new Date(ms));
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(ms / 60_000) * 60_000;
}

/**
 * The instant a UK date and time refers to, using the time zone rules Node's Intl data holds.
 * Returns null for a time the clocks skip (01:00–01:59 on the last Sunday of March). A time that
 * happens twice (01:00–01:59 on the last Sunday of October) means the first, still in BST.
 */
export function londonToUtc(date: CalendarDate, time: ClockTime): Date | null {
  const naive = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  const offsets = new Set([londonOffsetMs(naive - 12 * HOUR), londonOffsetMs(naive + 12 * HOUR)]);
  const matches = [...offsets]
    .map((offset) => naive - offset)
    .filter((ms) => {
      const w = londonWallClock(new Date(ms));
      return (
        w.year === date.year &&
        w.month === date.month &&
        w.day === date.day &&
        w.hour === time.hour &&
        w.minute === time.minute
      );
    })
    .sort((a, b) => a - b);
  return matches.length ? new Date(matches[0]!) : null;
}

export type ScheduleCheck =
  | { ok: true; instant: Date }
  | { ok: false; problems: Array<{ field: 'date' | 'time'; text: string; dateFields?: DatePart[] }> };

/** Date input parts and a time, entered in UK time, to the UTC instant stored. */
export function interviewInstant(parts: DateParts & { time: string }): ScheduleCheck {
  const date = checkDate(parts);
  const time = checkTime(parts.time);
  const problems: Extract<ScheduleCheck, { ok: false }>['problems'] = [];
  if (!date.ok) problems.push({ field: 'date', text: date.text, dateFields: date.fields });
  if (!time.ok) problems.push({ field: 'time', text: time.text });
  if (!date.ok || !time.ok) return { ok: false, problems };
  const instant = londonToUtc(date.date, time.time);
  if (!instant)
    return {
      ok: false,
      problems: [
        {
          field: 'time',
          text: 'This time does not exist in the UK on this date because the clocks go forward: choose another time',
        },
      ],
    };
  return { ok: true, instant };
}

/** The date input and time values that show an instant in UK time, to prefill a form. */
export function londonFormValues(instant: Date): DateParts & { time: string } {
  const w = londonWallClock(instant);
  return {
    day: String(w.day),
    month: String(w.month),
    year: String(w.year),
    time: `${pad(w.hour)}:${pad(w.minute)}`,
  };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** GOV.UK style, in UK time: "Monday 6 July 2026". */
export function formatLondonDate(instant: Date): string {
  const w = londonWallClock(instant);
  return `${w.weekday} ${w.day} ${MONTHS[w.month - 1]} ${w.year}`;
}

/** GOV.UK style, in UK time: "9am", "2:30pm", "midday", "midnight". */
export function formatLondonTime(instant: Date): string {
  const { hour, minute } = londonWallClock(instant);
  if (minute === 0 && hour === 12) return 'midday';
  if (minute === 0 && hour === 0) return 'midnight';
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  const suffix = hour < 12 ? 'am' : 'pm';
  return minute === 0 ? `${twelve}${suffix}` : `${twelve}:${pad(minute)}${suffix}`;
}

/** Items in time order, grouped by their UK calendar day. */
export function groupByLondonDay<T>(
  items: readonly T[],
  when: (item: T) => Date,
): Array<{ key: string; heading: string; items: T[] }> {
  const sorted = [...items].sort((a, b) => when(a).getTime() - when(b).getTime());
  const groups: Array<{ key: string; heading: string; items: T[] }> = [];
  for (const item of sorted) {
    const w = londonWallClock(when(item));
    const key = `${w.year}-${pad(w.month)}-${pad(w.day)}`;
    const last = groups.at(-1);
    if (last?.key === key) last.items.push(item);
    else groups.push({ key, heading: formatLondonDate(when(item)), items: [item] });
  }
  return groups;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
