/**
 * A problem a person can fix in a form, found by a service or a domain rule after the form itself
 * was valid (a scoresheet that cannot be published yet, a moderation that cannot be finalised).
 * Services return these; controllers show them with problemErrors (server/middleware/validate.ts)
 * as GOV.UK field errors. What a request cannot do at all is thrown as an HttpError instead.
 */
export type Problem = { field: string; text: string };

/** Every problem that stopped a use case, for the form to show; nothing was done. */
export type Refusal = { ok: false; problems: Problem[] };

/** The one way a service answers a use case a person can get wrong: done, with what it made, or refused. */
export type Result<T extends object = object> = ({ ok: true } & T) | Refusal;

export function refuse(...problems: Problem[]): Refusal {
  return { ok: false, problems };
}
