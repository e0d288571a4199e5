import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type RateLimitInfo } from 'express-rate-limit';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { isDatabaseUnavailable } from '../db/availability.js';
import type { Database } from '../db/types.js';
import { DatabaseRateLimitStore } from '../features/rate-limit/store.js';
import type { Logger } from '../logger.js';

export type RateLimitSettings = Config['signInRateLimit'];

/** What a request is counted against: the most specific thing it can be told apart by. */
export type RateLimitSubject = { kind: 'person' | 'session' | 'address'; key: string };

/**
 * Limits requests to the sign-in pages per person or session where the request has one, and per
 * address otherwise (see Config.signInRateLimit for the numbers), so colleagues behind one office
 * address never use up each other's attempts. The counts are in the database, shared by every
 * instance. Refused requests get the GOV.UK "Too many attempts" page with Retry-After and the
 * standard RateLimit headers. If the database cannot count, the request goes through (and is logged):
 * the sign-in itself then answers as the database allows, never 429 or 500 because of the limiter.
 */
export function signInRateLimit(options: {
  db: Kysely<Database>;
  settings: RateLimitSettings;
  logger: Logger;
  /** The session cookie's name, to tell a session the store knows from a new one. */
  sessionCookie: string;
}): RequestHandler {
  const { settings, logger, sessionCookie } = options;
  const store = new DatabaseRateLimitStore(options.db, {
    onCleanUpError: (err) => logger.warn({ err }, 'sign-in rate limit: could not delete ended windows'),
  });
  return rateLimit({
    windowMs: settings.windowMs,
    limit: (req) =>
      rateLimitSubject(req, sessionCookie).kind === 'address' ? settings.perAddress : settings.perPerson,
    keyGenerator: (req) => rateLimitSubject(req, sessionCookie).key,
    store,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    passOnStoreError: true,
    logger: {
      error: (err, message) => {
        if (isDatabaseUnavailable(err))
          logger.warn({ err }, 'sign-in rate limit not applied: the database is unavailable');
        else logger.error({ err }, message ?? 'sign-in rate limit failed');
      },
      warn: (err, message) => logger.warn({ err }, message ?? 'sign-in rate limit warning'),
    },
    handler: (req, res) => {
      const info = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit;
      const subject = rateLimitSubject(req, sessionCookie);
      logger.info({ kind: subject.kind, requestId: req.id }, 'sign-in rate limit reached');
      tooManyAttempts(res, info?.resetTime, subject.kind === 'address');
    },
  });
}

/**
 * A signed-in person by their id; a session the store already knows (one that has started signing
 * in) by a hash of its id, so no usable session id is kept in the counts; anything else by its
 * address. A session counts only if express-session loaded it: a made-up, expired or forged cookie
 * leaves req.sessionID a new one, so that request counts against its address like any new visitor.
 */
export function rateLimitSubject(req: Request, sessionCookie: string): RateLimitSubject {
  if (req.user?.id) return { kind: 'person', key: `person:${req.user.id}` };
  if (hasKnownSession(req, sessionCookie))
    return {
      kind: 'session',
      key: `session:${createHash('sha256').update(req.sessionID).digest('base64url')}`,
    };
  return { kind: 'address', key: `address:${ipKeyGenerator(req.ip ?? 'unknown')}` };
}

function hasKnownSession(req: Request, sessionCookie: string): boolean {
  const sent = cookieValue(req.headers.cookie, sessionCookie);
  // express-session's cookie is "s:<id>.<signature>"; it keeps that id only when the signature is
  // right and the store has the session.
  return !!sent && typeof req.sessionID === 'string' && sent.startsWith(`s:${req.sessionID}.`);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Whole minutes until the window resets, rounded up: "1 minute" for anything up to 60 s. */
export function minutesUntil(resetTime: Date | undefined, now = Date.now()): number {
  if (!resetTime) return 1;
  return Math.max(1, Math.ceil((resetTime.getTime() - now) / 60_000));
}

export function tooManyAttemptsTitle(minutes: number): string {
  return `Too many attempts – try again in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function tooManyAttempts(res: Response, resetTime: Date | undefined, fromAddress: boolean): void {
  const minutes = minutesUntil(resetTime);
  res.status(429).render('errors/429', {
    pageTitle: tooManyAttemptsTitle(minutes),
    wait: `${minutes} minute${minutes === 1 ? '' : 's'}`,
    fromAddress,
  });
}
