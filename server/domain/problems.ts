/**
 * A problem a person can fix in a form, found by a service or a domain rule after the form itself
 * was valid (a scoresheet that cannot be published yet, a moderation that cannot be finalised).
 * Services return these; controllers show them with problemErrors (server/middleware/validate.ts)
 * as GOV.UK field errors. What a request cannot do at all is thrown as an HttpError instead.
 */
export type Problem = { field: string; text: string };
