import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Kysely } from 'kysely';
import passport from 'passport';
import { Strategy as OpenIdConnectStrategy, type VerifyCallback } from 'passport-openidconnect';
import type { Config, OidcSettings } from '../config.js';
import type { Database } from '../db/types.js';
import { effectiveRoles } from '../domain/roles.js';
import { findUserById } from '../features/users/repository.js';
import { recordSignIn, type SignInResult } from '../features/users/sign-in.js';
import type { Logger } from '../logger.js';
import type { SessionPeople, SessionPerson } from './session-store.js';

type AuthOptions = {
  config: Config;
  db: Kysely<Database>;
  logger: Logger;
  oidc: OidcSettings;
  /** The development provider lets people pick a user every time, so sign-out then sign-in can switch role. */
  alwaysPromptLogin: boolean;
  /** People read with their sessions by the session store. */
  sessionPeople?: SessionPeople;
};

const failureMessages: Record<Exclude<SignInResult, { ok: true }>['reason'], string> = {
  deactivated: 'Your account has been deactivated. Contact your administrator if you think this is wrong.',
  'email-unverified':
    'Your identity provider has not verified your email address, so we cannot match you to your invitation.',
  'email-taken': 'Another account already uses your email address. Contact your administrator.',
};

export function createAuthentication(options: AuthOptions) {
  const instance = new passport.Passport();
  instance.use('oidc', strategy(options));
  instance.serializeUser((user, done) => done(null, user.id));
  const signedIn = (user: SessionPerson | undefined | null) =>
    user && user.active
      ? { id: user.id, email: user.email, name: user.name, roles: effectiveRoles(user) }
      : false;
  instance.deserializeUser(
    (req: Request, id: string, done: (err: unknown, user?: Express.User | false) => void) => {
      // Usually read with the session itself; looked up on its own otherwise.
      const read = options.sessionPeople?.take(req.sessionID, id);
      if (read !== undefined) return done(null, signedIn(read));
      findUserById(options.db, id).then((user) => done(null, signedIn(user)), done);
    },
  );
  return {
    initialize: [instance.initialize(), instance.session()] as RequestHandler[],
    router: authRoutes(instance, options),
  };
}

function strategy({ config, db, logger, oidc }: AuthOptions) {
  // Nine parameters: passport-openidconnect then passes the raw userinfo response and the ID token.
  const verify = (
    _issuer: string,
    uiProfile: object,
    _idProfile: object,
    _context: object,
    idToken: string | object,
    _accessToken: string | object,
    _refreshToken: string,
    _params: unknown,
    done: VerifyCallback,
  ): void => {
    const userInfo = (uiProfile as { _json?: Record<string, unknown> })._json ?? {};
    const identity = identityFromClaims(
      { ...decodeJwtPayload(idToken), ...userInfo },
      oidc.assumeEmailVerified ?? false,
    );
    if (!identity) {
      done(null, undefined, { message: 'Your identity provider did not send an email address and name.' });
      return;
    }
    recordSignIn(db, identity, config.roleMapping).then((result): void => {
      if (!result.ok) {
        logger.warn({ subject: identity.subject, reason: result.reason }, 'sign-in refused');
        done(null, undefined, { message: failureMessages[result.reason] });
        return;
      }
      const user = result.user;
      done(null, { id: user.id, email: user.email, name: user.name, roles: effectiveRoles(user) });
    }, done);
  };
  return new OpenIdConnectStrategy(
    {
      issuer: oidc.issuer,
      authorizationURL: oidc.authorizationUrl,
      tokenURL: oidc.tokenUrl,
      userInfoURL: oidc.userInfoUrl,
      clientID: oidc.clientId,
      clientSecret: oidc.clientSecret,
      callbackURL: `${config.baseUrl}/auth/callback`,
      scope: oidc.scope.split(' ').filter((s) => s !== 'openid'),
      skipUserProfile: false,
    },
    verify,
  );
}

function identityFromClaims(claims: Record<string, unknown>, assumeEmailVerified: boolean) {
  const subject = claims.sub;
  const email = claims.email ?? claims.preferred_username;
  if (typeof subject !== 'string' || typeof email !== 'string' || !email.includes('@')) return undefined;
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
  return {
    subject,
    email,
    name,
    emailVerified:
      claims.email_verified === true || (assumeEmailVerified && claims.email_verified === undefined),
    claims,
  };
}

function decodeJwtPayload(token: string | object): Record<string, unknown> {
  if (typeof token !== 'string') return token as Record<string, unknown>;
  try {
    const payload = token.split('.')[1] ?? '';
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Only same-site paths: never an open redirect. */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^\/(?![/\\])[^\s]*$/.test(value) ? value : undefined;
}

function authRoutes(
  instance: passport.Authenticator,
  { oidc, alwaysPromptLogin, logger }: AuthOptions,
): Router {
  const router = Router();

  router.get('/auth/sign-in', (req: Request, res: Response, next: NextFunction) => {
    const returnTo = safeReturnTo(req.query.returnTo);
    if (returnTo) req.session.returnTo = returnTo;
    // passport types authenticate() as any; it returns Express middleware.
    (instance.authenticate('oidc', alwaysPromptLogin ? { prompt: 'login' } : {}) as RequestHandler)(
      req,
      res,
      next,
    );
  });

  router.get('/auth/callback', (req: Request, res: Response, next: NextFunction) => {
    (
      instance.authenticate(
        'oidc',
        (err: unknown, user: Express.User | false, info?: { message?: string }) => {
          if (err) return next(err);
          if (!user) {
            logger.warn({ message: info?.message }, 'sign-in failed');
            return res.status(403).render('pages/auth/sign-in-failed', {
              pageTitle: 'You could not be signed in',
              message: info?.message ?? 'The sign-in could not be completed. Please try again.',
            });
          }
          const returnTo = req.session.returnTo ?? '/';
          // req.logIn regenerates the session id, so a session fixed before sign-in is useless afterwards.
          req.logIn(user, (loginErr) => (loginErr ? next(loginErr) : res.redirect(returnTo)));
        },
      ) as RequestHandler
    )(req, res, next);
  });

  router.post('/auth/sign-out', (req: Request, res: Response, next: NextFunction) => {
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy((destroyErr) => {
        if (destroyErr) return next(destroyErr);
        res.clearCookie('panel.sid');
        res.redirect(oidc.endSessionUrl ?? '/signed-out');
      });
    });
  });

  router.get('/signed-out', (_req: Request, res: Response) => {
    res.render('pages/auth/signed-out', { pageTitle: 'You have signed out' });
  });

  return router;
}
