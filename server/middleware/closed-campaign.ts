import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { isUuid } from '../domain/ids.js';
import { isClosedToOwner } from '../features/campaigns/service.js';
import { HttpError } from '../errors.js';

/** What may still change once a campaign is closed: reopening it, its owners, erasing personal data. */
const ALLOWED_WHEN_CLOSED = /\/(close|reopen|owners|erase)$/;

export const CAMPAIGN_CLOSED = 'This campaign is closed. Reopen it to make changes.';

/**
 * A closed campaign keeps its record as it was: an owner's change to its scoresheet, candidates,
 * panels or merit list is refused. Anyone else falls through to the routes' own 403.
 */
export function refuseChangesToClosedCampaigns(db: Kysely<Database>): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const id = String(req.params.id);
    if (req.method !== 'POST' || !req.user || !isUuid(id) || ALLOWED_WHEN_CLOSED.test(req.path))
      return next();
    if (await isClosedToOwner(db, id, req.user.id)) return next(new HttpError(409, CAMPAIGN_CLOSED));
    next();
  };
}
