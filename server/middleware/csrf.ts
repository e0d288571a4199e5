import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { csrfSync } from 'csrf-sync';

/** Synchroniser-token CSRF protection: forms send `_csrf`, scripts send the `x-csrf-token` header. */
export function csrfProtection(): RequestHandler[] {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => {
      const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
      return typeof fromBody === 'string' ? fromBody : req.get('x-csrf-token');
    },
  });
  const exposeToken = (req: Request, res: Response, next: NextFunction) => {
    res.locals.csrfToken = generateToken(req);
    next();
  };
  return [csrfSynchronisedProtection, exposeToken];
}
