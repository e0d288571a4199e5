/**
 * The one error vocabulary. Services throw these for what a request cannot do (the error handler
 * turns each into its page or JSON answer); problems a person can fix in a form are returned as
 * `Problem`s instead (see server/domain/problems.ts) and shown as GOV.UK field errors.
 */
export class HttpError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Sends a page request somewhere else first (for example, to declare a conflict of interest). */
export class RedirectError extends HttpError {
  constructor(
    public readonly location: string,
    message: string,
  ) {
    super(403, message);
    this.name = 'RedirectError';
  }
}

export const forbidden = (message = 'You do not have permission to see this page') =>
  new HttpError(403, message);
export const notFound = (message = 'Page not found') => new HttpError(404, message);
export const conflict = (message: string) => new HttpError(409, message);
