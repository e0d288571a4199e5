/** The moment before which a campaign must have closed for its candidates' personal data to be erased. */
export function erasureCutoff(now: Date, retentionMonths: number): Date {
  const cutoff = new Date(now);
  const day = cutoff.getUTCDate();
  cutoff.setUTCDate(1);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - retentionMonths);
  // Clamp to the month's last day: 31 March minus one month is 28 or 29 February, not 3 March.
  const lastDay = new Date(Date.UTC(cutoff.getUTCFullYear(), cutoff.getUTCMonth() + 1, 0)).getUTCDate();
  cutoff.setUTCDate(Math.min(day, lastDay));
  return cutoff;
}

export function isDueForErasure(closedAt: Date | null, now: Date, retentionMonths: number): boolean {
  return closedAt !== null && closedAt.getTime() <= erasureCutoff(now, retentionMonths).getTime();
}
