import type { Transaction } from 'kysely';
import type { Database, SubmissionKind } from '../../db/types.js';
import { HttpError, forbidden } from '../../errors.js';
import * as repo from './repository.js';

type Actor = Express.User;

/** The hidden request id a creation form's page rendered, and which form it was. */
export type Submission = { requestId: string; kind: SubmissionKind };

/**
 * What a submission made, as its answer needs it: the id of the page the answer leads to (the thing
 * made, or what it was made in: an import's campaign, an interview's panel) and how many were made.
 */
export type Created = { id: string; count: number };

/** The answer to a request id already used by this person: what the first submission made. */
export type Replayed = { ok: true; replayed: true; created: Created };

/** The form's own answer, with what it made when it made something. */
export type Submitted<R> = R extends { ok: true } ? R & { replayed: false; created: Created } : R;

/**
 * Runs a creation form's work at most once per request id, inside the transaction that does it.
 *
 * The request id is claimed first, with ON CONFLICT DO NOTHING: a double submit, a retry after a
 * timeout, or a second post racing the first on another connection waits on the first's row and
 * then finds it, and answers with what the first made instead of making it again. (PGlite has one
 * connection, so there the posts simply take turns.) When the work refuses the form (a duplicate
 * email, say) the claim is given back in the same transaction, so the corrected form can be sent
 * with the same id. A request id is only ever good for the person whose page rendered it and for
 * that kind of form: anyone else replaying it is refused, and learns nothing of what it made.
 *
 * Two tabs of one form have two request ids and are two intents: each form's own uniqueness rules
 * (one candidate per reference and email in a campaign, one person per email, ...) decide those.
 */
export async function once<R extends { ok: boolean }>(
  trx: Transaction<Database>,
  actor: Actor,
  submission: Submission,
  work: () => Promise<R>,
  made: (result: Extract<R, { ok: true }>) => Created,
): Promise<Submitted<R> | Replayed> {
  const { requestId, kind } = submission;
  if (!(await repo.claim(trx, { requestId, userId: actor.id, kind }))) {
    const first = await repo.findSubmission(trx, requestId);
    if (first?.user_id !== actor.id)
      throw forbidden('This form was sent by someone else. Reload the page and try again.');
    if (first.kind !== kind || first.created_id === null)
      throw new HttpError(
        400,
        'This form has already been used for something else. Reload the page and try again.',
      );
    return { ok: true, replayed: true, created: { id: first.created_id, count: first.created_count } };
  }
  const result = await work();
  if (!result.ok) {
    await repo.release(trx, requestId);
    return result as Submitted<R>;
  }
  const created = made(result as Extract<R, { ok: true }>);
  await repo.recordCreated(trx, requestId, created);
  return { ...result, replayed: false, created } as Submitted<R>;
}

/**
 * Two tabs (two request ids) racing to make the same thing: the unique constraint refuses the
 * second, and the form answers with its field error instead of a 500. With a constraint name, only
 * that constraint's violation counts.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
