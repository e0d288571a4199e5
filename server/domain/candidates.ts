/**
 * Candidate rules: field checks shared by the forms and the CSV import, reference generation, the
 * checks that decide whether an import may go ahead, and what a viewer is shown as a candidate's name.
 */
import { z } from 'zod';
import { cleanName } from './text.js';

export const CANDIDATE_LIMITS = { name: 200, email: 254, reference: 30 } as const;
export const REFERENCE_PATTERN = /^[A-Za-z0-9_-]+$/;
export const CANDIDATE_COLUMNS = ['name', 'email', 'reference'] as const;

export const candidateName = cleanName(
  z
    .string('Enter the candidate’s full name')
    .trim()
    .min(1, 'Enter the candidate’s full name')
    .max(CANDIDATE_LIMITS.name, `Full name must be ${CANDIDATE_LIMITS.name} characters or fewer`),
  'Candidate name',
);

export const candidateEmail = z
  .string('Enter the candidate’s email address')
  .trim()
  .min(1, 'Enter the candidate’s email address')
  .max(CANDIDATE_LIMITS.email, `Email address must be ${CANDIDATE_LIMITS.email} characters or fewer`)
  .pipe(z.email('Enter an email address in the correct format, like name@example.com'));

/** Blank is allowed: a reference is then made up (see nextReference). */
export const candidateReference = z
  .string('Enter the candidate reference')
  .trim()
  .max(CANDIDATE_LIMITS.reference, `Reference must be ${CANDIDATE_LIMITS.reference} characters or fewer`)
  .refine(
    (v) => v === '' || REFERENCE_PATTERN.test(v),
    'Reference must only include letters, numbers, hyphens (-) and underscores (_)',
  );

/** A reference as the campaign compares them: C001 and c001 are the same reference. */
export const referenceKey = (reference: string) => reference.trim().toLowerCase();
export const emailKey = (email: string) => email.trim().toLowerCase();

const GENERATED = /^C(\d+)$/i;

/**
 * The next generated reference: one more than the highest C-number taken, at least 3 digits
 * (C001, C002 … C999, C1000). Numbers are never reused, so a reference on old paperwork never
 * comes to mean someone else.
 */
export function nextReference(taken: Iterable<string>): string {
  return nextReferences(taken, 1)[0]!;
}

export function nextReferences(taken: Iterable<string>, count: number): string[] {
  let highest = 0;
  const keys = new Set<string>();
  for (const reference of taken) {
    keys.add(referenceKey(reference));
    const match = GENERATED.exec(reference.trim());
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  const made: string[] = [];
  let n = highest;
  while (made.length < count) {
    n += 1;
    const reference = `C${String(n).padStart(3, '0')}`;
    if (!keys.has(referenceKey(reference))) made.push(reference);
  }
  return made;
}

/**
 * The name a viewer sees. In an anonymised campaign only owners see names; panels see references.
 * A candidate whose personal data has been erased is shown by reference to everyone.
 */
export function displayName(
  candidate: { reference: string; name: string | null },
  viewer: { anonymised: boolean; viewerIsOwner: boolean },
): string {
  if (viewer.anonymised && !viewer.viewerIsOwner) return candidate.reference;
  return candidate.name ?? candidate.reference;
}

// ---------------------------------------------------------------------------------------------
// CSV import

/** Where each column is in the file; reference is optional. */
export type CandidateColumns = { name: number; email: number; reference: number | null };
/** A record from the file: `line` is its line number in the pasted text (the header is line 1). */
export type ParsedRow = { line: number; cells: readonly string[] };
export type RowError = { line: number; text: string };
export type CleanCandidate = { line: number; name: string; email: string; reference: string };
export type ExistingCandidates = { emails: Iterable<string>; references: Iterable<string> };

const row = (line: number, text: string): RowError => ({
  line,
  text: `Row ${line}: ${text.charAt(0).toLowerCase()}${text.slice(1)}`,
});

/** The header row names the columns, in any order and any case: name, email and optionally reference. */
export function checkCandidateHeader(
  cells: readonly string[],
  line = 1,
): { ok: true; columns: CandidateColumns } | { ok: false; errors: RowError[] } {
  const names = cells.map((c) => c.trim().toLowerCase());
  const errors: RowError[] = [];
  if (names.length === 1 && /[;\t]/.test(names[0]!))
    return {
      ok: false,
      errors: [row(line, 'Separate the columns with commas, like name,email,reference')],
    };
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (!(CANDIDATE_COLUMNS as readonly string[]).includes(name)) {
      errors.push(
        row(
          line,
          name === ''
            ? `Column ${i + 1} has no name: the only columns allowed are name, email and reference`
            : `Remove the column “${cells[i]!.trim()}”: the only columns allowed are name, email and reference`,
        ),
      );
    } else if (seen.has(name)) {
      errors.push(row(line, `The column “${name}” appears more than once`));
    } else seen.set(name, i);
  });
  for (const required of ['name', 'email'] as const)
    if (!seen.has(required)) errors.push(row(line, `Add a column called “${required}” to the header row`));
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    columns: { name: seen.get('name')!, email: seen.get('email')!, reference: seen.get('reference') ?? null },
  };
}

const firstMessage = (schema: z.ZodType, value: string): string | null => {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? 'Check this value');
};

/**
 * Checks every row and reports every problem: field rules, duplicates within the file, and clashes
 * with the campaign's candidates (emails and references compared without regard to case). Only a file
 * with no problems at all gives candidates; blank references are then made up in file order.
 */
export function validateCandidateRows(
  rows: readonly ParsedRow[],
  columns: CandidateColumns,
  existing: ExistingCandidates,
): { ok: true; candidates: CleanCandidate[] } | { ok: false; errors: RowError[] } {
  const errors: RowError[] = [];
  const width = columns.reference === null ? 2 : 3;
  const takenEmails = new Set([...existing.emails].map(emailKey));
  const existingReferences = [...existing.references];
  const takenReferences = new Set(existingReferences.map(referenceKey));
  const emailsInFile = new Map<string, number>();
  const referencesInFile = new Map<string, number>();
  const clean: CleanCandidate[] = [];

  if (rows.length === 0) errors.push({ line: 2, text: 'The CSV has a header row but no candidates' });

  for (const { line, cells } of rows) {
    if (cells.length !== width) {
      errors.push(
        row(
          line,
          `Has ${cells.length} ${cells.length === 1 ? 'column' : 'columns'} but the header row has ${width}`,
        ),
      );
      continue;
    }
    const name = cells[columns.name]!.trim();
    const email = cells[columns.email]!.trim();
    const reference = columns.reference === null ? '' : cells[columns.reference]!.trim();
    const problems: string[] = [];

    const nameProblem = firstMessage(candidateName, name);
    if (nameProblem) problems.push(nameProblem);

    const emailProblem = firstMessage(candidateEmail, email);
    if (emailProblem) problems.push(emailProblem);
    else {
      const key = emailKey(email);
      const earlier = emailsInFile.get(key);
      if (earlier !== undefined) problems.push(`Email address is the same as row ${earlier}`);
      else if (takenEmails.has(key))
        problems.push('A candidate with this email address is already in this campaign');
      else emailsInFile.set(key, line);
    }

    const referenceProblem = firstMessage(candidateReference, reference);
    if (referenceProblem) problems.push(referenceProblem);
    else if (reference !== '') {
      const key = referenceKey(reference);
      const earlier = referencesInFile.get(key);
      if (earlier !== undefined) problems.push(`Reference is the same as row ${earlier}`);
      else if (takenReferences.has(key))
        problems.push('Another candidate in this campaign already has this reference');
      else referencesInFile.set(key, line);
    }

    if (problems.length) errors.push(...problems.map((p) => row(line, p)));
    else clean.push({ line, name, email, reference });
  }
  if (errors.length) return { ok: false, errors };

  const blanks = clean.filter((c) => c.reference === '').length;
  const made = nextReferences(
    [...existingReferences, ...clean.map((c) => c.reference).filter(Boolean)],
    blanks,
  );
  let next = 0;
  return {
    ok: true,
    candidates: clean.map((c) => (c.reference === '' ? { ...c, reference: made[next++]! } : c)),
  };
}

/**
 * The largest campaign the service supports: every page, export and report is tested and
 * benchmarked up to this size (the summary PDF of a campaign this large is prepared off the
 * request path). A department with more applicants runs more than one campaign.
 */
export const MAX_CANDIDATES_PER_CAMPAIGN = 10_000;

/** Why `adding` more candidates would not fit beside `existing` ones, or null when they fit. */
export function beyondCampaignSize(existing: number, adding: number): string | null {
  if (existing + adding <= MAX_CANDIDATES_PER_CAMPAIGN) return null;
  const most = MAX_CANDIDATES_PER_CAMPAIGN.toLocaleString('en-GB');
  const room = Math.max(0, MAX_CANDIDATES_PER_CAMPAIGN - existing);
  if (room === 0)
    return `This campaign already has ${most} candidates, the most the service supports in one campaign. Start another campaign for more`;
  return `A campaign can have at most ${most} candidates: this campaign has room for ${room.toLocaleString('en-GB')} more, not ${adding.toLocaleString('en-GB')}`;
}
