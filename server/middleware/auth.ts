import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '../db/types.js';
import { hasRole } from '../domain/roles.js';
import { forbidden, HttpError } from '../errors.js';

/** Anonymous people are sent to sign in (and brought back); API calls get a 401. */
export function requireSignIn(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.user) return next();
    if (req.method === 'GET' && req.accepts(['html', 'json']) === 'html') {
      return res.redirect(`/auth/sign-in?returnTo=${encodeURIComponent(req.originalUrl)}`);
    }
    res.status(401).json({ error: 'Sign in to continue' });
  };
}

/** Per-router role gate; ownership of a campaign or panel is checked in the services. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.user) return next(new HttpError(401, 'Sign in to continue'));
    if (!hasRole(req.user, ...roles)) return next(forbidden());
    next();
  };
}

/** A request that has passed requireSignIn: the person is known. */
export type SignedInRequest = Request & { user: Express.User };

function isSignedIn(req: Request): req is SignedInRequest {
  return req.user !== undefined;
}

type SignedInHandler = (req: SignedInRequest, res: Response, next: NextFunction) => unknown;

/**
 * A controller's handlers for a router behind requireSignIn: each is given a SignedInRequest, so no
 * handler needs `req.user!`; a request that somehow reaches one without a person is refused (401).
 */
export function signedIn<T extends Record<string, SignedInHandler>>(
  handlers: T,
): Record<keyof T, RequestHandler> {
  const wrapped = Object.entries(handlers).map(([name, handle]): [string, RequestHandler] => [
    name,
    (req, res, next) =>
      isSignedIn(req) ? handle(req, res, next) : next(new HttpError(401, 'Sign in to continue')),
  ]);
  return Object.fromEntries(wrapped) as Record<keyof T, RequestHandler>;
}
