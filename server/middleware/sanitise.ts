import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * PostgreSQL text cannot hold NUL (U+0000), and no person means to type one: it is removed from
 * every submitted string before validation, so it can never turn a form into a server error.
 */
export function removeNulCharacters(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.body !== undefined) req.body = clean(req.body);
    next();
  };
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replace(/\u0000/g, '') : value;
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]));
  return value;
}
