/**
 * Dates and times as the service shows them, always in UK time (GOV.UK style: "3 December 2026",
 * "2:30pm"). Pages get these as `format` (server/views.ts); PDFs and exports import them.
 */
export { formatLondonDate as weekdayDate, formatLondonTime as clockTime } from './domain/panels.js';

const LONDON = 'Europe/London';

/** "3 December 2026". */
export function londonDate(date: Date): string {
  return date.toLocaleDateString('en-GB', { dateStyle: 'long', timeZone: LONDON });
}

/** "3 December 2026, 2:30pm". */
export function londonDateTime(date: Date): string {
  const time = date
    .toLocaleTimeString('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: LONDON })
    .replace(/\s/g, '')
    .replace(':00', '');
  return `${londonDate(date)}, ${time}`;
}

/** "3 Dec 2026, 14:30": lists, where many dates sit in a column. */
export function shortDateTime(date: Date): string {
  return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: LONDON });
}

/** "3 Dec 2026, 14:30:05": the audit trail, where the order of entries within a minute matters. */
export function timestamp(date: Date): string {
  return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: LONDON });
}
