import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { isUuid } from '../domain/ids.js';

/**
 * The request id a creation form page carries (views/components/request-id.ejs). A page shown
 * afresh gets a new one; a form shown again because it was refused keeps the one it was sent with,
 * so the corrected form is still one intent and a double click on it still makes one thing.
 */
export function formRequestIds(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const sent =
      req.method === 'POST' ? (req.body as Record<string, unknown> | undefined)?.requestId : undefined;
    res.locals.formRequestId = typeof sent === 'string' && isUuid(sent) ? sent : randomUUID();
    next();
  };
}
