import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { findUnstorable, UNSTORABLE_MESSAGE, type UnstorablePlace } from '../domain/text.js';
import { HttpError } from '../errors.js';

const TOO_DEEP = 'What you sent is nested too deeply to be read';
const BAD_ADDRESS = 'The web address contains an invisible character that cannot be used';

/**
 * Acknowledged means stored, byte for byte: nothing here changes what was sent. PostgreSQL text
 * cannot hold NUL and UTF-8 cannot encode a lone surrogate, so a request carrying either is refused
 * with a 400 before any handler runs, as is a body nested more deeply than any page sends.
 *
 * Forms are the exception that keeps the GOV.UK pattern: a form whose field values (not names) hold
 * such a character goes on to its handler, where parseForm (middleware/validate.ts) shows the page again with the error
 * summary and a message on the field, and saves nothing.
 */
export function refuseUnstorableText(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (findUnstorable(req.query, 1).length) return next(new HttpError(400, BAD_ADDRESS));
    if (req.body === undefined) return next();
    const places = findUnstorable(req.body);
    if (places.length === 0) return next();
    const tooDeep = places.some((p) => p.problem === 'too-deep');
    const form = Boolean(req.is('application/x-www-form-urlencoded'));
    if (form && places.every((p) => p.problem === 'unstorable')) return next();
    const message = tooDeep ? TOO_DEEP : UNSTORABLE_MESSAGE;
    if (req.is('application/json') || req.accepts(['html', 'json']) === 'json') {
      res.status(400).json({ error: 'invalid', message, problems: places.map(problem) });
      return;
    }
    next(new HttpError(400, message));
  };
}

function problem(place: UnstorablePlace) {
  return {
    path: place.path.join('.'),
    message: place.problem === 'too-deep' ? TOO_DEEP : UNSTORABLE_MESSAGE,
  };
}
