import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Express, type Request } from 'express';
import session from 'express-session';
import { pinoHttp } from 'pino-http';
import { DEV_CLIENT_ID, DEV_SCOPE, createDevIdentityProvider } from './auth/dev-provider.js';
import { DevelopmentUserDirectory } from './auth/dev-users.js';
import { createSessionStore, SessionPeople } from './auth/session-store.js';
import { createAuthentication } from './auth/oidc.js';
import type { Config, OidcSettings } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import type { Readiness } from './db/startup.js';
import { aboutRoutes } from './features/about/routes.js';
import { adminRoutes } from './features/admin/routes.js';
import { campaignRoutes } from './features/campaigns/routes.js';
import { candidateRoutes } from './features/candidates/routes.js';
import { comparisonRoutes } from './features/comparison/routes.js';
import { editionRoutes } from './features/editions/routes.js';
import { editionUpload } from './features/editions/upload.js';
import { fairnessRoutes } from './features/fairness/routes.js';
import { frameworkRoutes } from './features/framework/routes.js';
import { healthRoutes } from './features/health/routes.js';
import { homeRoutes } from './features/home/routes.js';
import { interviewRoutes } from './features/interviews/routes.js';
import { panelRoutes } from './features/panels/routes.js';
import { scoresheetRoutes } from './features/scoresheets/routes.js';
import { erasureRoutes } from './features/retention/routes.js';
import { moderationRoutes } from './features/moderation/routes.js';
import { reportRoutes } from './features/reports/routes.js';
import { scoringRoutes } from './features/scoring/routes.js';
import type { FrameworkLibrary } from './framework/library.js';
import type { Logger } from './logger.js';
import { csrfProtection } from './middleware/csrf.js';
import { errorHandler, notFoundHandler } from './middleware/errors.js';
import { refuseChangesToClosedCampaigns } from './middleware/closed-campaign.js';
import { baseLocals, userLocals } from './middleware/locals.js';
import { signInRateLimit } from './middleware/rate-limit.js';
import { refuseUnstorableText } from './middleware/sanitise.js';
import { cspNonce, securityHeaders } from './middleware/security.js';
import { appRoot } from './paths.js';
import { setUpViews } from './views.js';

export const SERVICE_NAME = 'Score an interview panel';
export const SESSION_COOKIE = 'panel.sid';

export type AppDependencies = {
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  frameworks: FrameworkLibrary;
  /** Who the development identity provider knows (only used when no real provider is configured). */
  developmentUsers?: DevelopmentUserDirectory;
  /** Whether start-up has migrated the database yet; until then pages answer 503. Default: yes. */
  readiness?: Readiness;
};

const require = createRequire(import.meta.url);
const govukFrontend = path.dirname(require.resolve('govuk-frontend/package.json'));
const publicDir = path.join(appRoot, 'public');

export function createApp(deps: AppDependencies): Express {
  const { config, database, logger } = deps;
  const production = config.env === 'production';
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  setUpViews(app, config.env === 'development');

  app.use(
    pinoHttp({
      logger,
      genReqId: (req) => requestId(req.headers['x-request-id']),
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/assets') },
    }),
  );
  app.use(cspNonce(), securityHeaders({ production }), baseLocals(SERVICE_NAME));
  app.use('/assets', express.static(path.join(govukFrontend, 'dist/govuk/assets'), { maxAge: '7d' }));
  app.use('/govuk', express.static(path.join(govukFrontend, 'dist/govuk'), { index: false, maxAge: '1d' }));
  app.use('/public', express.static(publicDir, { maxAge: production ? '1d' : 0 }));
  const readiness = deps.readiness ?? { isMigrated: () => true };
  app.use(healthRoutes(database, readiness));
  app.use(unavailableUntilMigrated(readiness));

  const { oidc, devProvider } = identityProvider(deps);
  if (devProvider) app.use('/oidc', devProvider.provider.callback());

  const sessionPeople = new SessionPeople();
  app.use(sessions(config, database, sessionPeople));
  // A pasted CSV of candidates may be large; every other form stays small.
  app.use('/campaigns/:id/candidates/import', express.urlencoded({ extended: false, limit: '4mb' }));
  app.use(
    express.urlencoded({ extended: false, limit: '200kb' }),
    express.json({ limit: '200kb' }),
    refuseUnstorableText(),
  );
  const auth = createAuthentication({
    config,
    db: database.db,
    logger,
    oidc,
    alwaysPromptLogin: !!devProvider,
    sessionPeople,
  });
  app.use(auth.initialize);
  // The framework edition upload is multipart: read (administrators' only) before CSRF looks for `_csrf`.
  app.use('/admin/frameworks', editionUpload());
  app.use(csrfProtection());
  app.use(userLocals());

  // After sessions and passport: a request is counted per person or session when it has one.
  const limiter = signInRateLimit({
    db: database.db,
    settings: config.signInRateLimit,
    logger,
    sessionCookie: SESSION_COOKIE,
  });
  app.use(['/auth/sign-in', '/auth/callback', '/dev-sign-in'], limiter);
  if (devProvider) app.use(devProvider.interactionRouter);
  app.use(auth.router);

  app.use(homeRoutes());
  app.use(aboutRoutes({ retentionMonths: config.retentionMonths }));
  app.use('/admin/frameworks', editionRoutes({ db: database.db, frameworks: deps.frameworks }));
  app.use('/admin', adminRoutes({ db: database.db }));
  app.use('/framework', frameworkRoutes({ frameworks: deps.frameworks }));

  // Campaign owners' pages; a closed campaign refuses changes before any of them runs.
  app.use('/campaigns/:id', refuseChangesToClosedCampaigns(database.db));
  app.use('/campaigns/:id', comparisonRoutes({ db: database.db }));
  app.use('/campaigns/:id/fairness', fairnessRoutes({ db: database.db }));
  app.use('/campaigns/:id/candidates/:candidateId/erase', erasureRoutes({ db: database.db }));
  app.use('/campaigns/:id/candidates', candidateRoutes({ db: database.db }));
  app.use('/campaigns/:id/panels', panelRoutes({ db: database.db }));
  app.use('/campaigns/:id/scoresheet', scoresheetRoutes({ db: database.db, frameworks: deps.frameworks }));
  app.use(
    '/campaigns',
    campaignRoutes({ db: database.db, frameworks: deps.frameworks, retentionMonths: config.retentionMonths }),
  );

  // Panel members and chairs.
  app.use('/interviews/:candidateId/scoresheet', scoringRoutes({ db: database.db }));
  app.use('/interviews', interviewRoutes({ db: database.db }));
  app.use('/moderation', moderationRoutes({ db: database.db }));
  app.use('/reports', reportRoutes({ db: database.db }));

  app.use(notFoundHandler());
  app.use(errorHandler({ production, logger }));
  return app;
}

function identityProvider(deps: AppDependencies): {
  oidc: OidcSettings;
  devProvider?: ReturnType<typeof createDevIdentityProvider>;
} {
  const { config } = deps;
  if (config.oidc) return { oidc: config.oidc };
  if (config.env === 'production')
    throw new Error('The development identity provider is never mounted in production');
  const devProvider = createDevIdentityProvider({
    baseUrl: config.baseUrl,
    secret: config.session.secret,
    users: deps.developmentUsers ?? new DevelopmentUserDirectory(),
  });
  const issuer = `${config.baseUrl}/oidc`;
  return {
    devProvider,
    oidc: {
      issuer,
      clientId: DEV_CLIENT_ID,
      clientSecret: devProvider.clientSecret,
      authorizationUrl: `${issuer}/auth`,
      tokenUrl: `${issuer}/token`,
      userInfoUrl: `${issuer}/me`,
      scope: DEV_SCOPE,
    },
  };
}

function sessions(config: Config, database: DatabaseHandle, people: SessionPeople) {
  return session({
    name: SESSION_COOKIE,
    secret: config.session.secret,
    store: createSessionStore(database.pool, people),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: config.trustProxy !== false,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.session.secureCookie,
      maxAge: config.session.idleMinutes * 60 * 1000,
    },
  });
}

/** Before start-up has migrated the database (it may not be reachable yet), every page is a 503. */
function unavailableUntilMigrated(readiness: Readiness) {
  return (_req: Request, _res: unknown, next: (err?: unknown) => void) => {
    if (readiness.isMigrated()) return next();
    next(Object.assign(new Error('Connection terminated: the database is not ready yet'), { code: '57P03' }));
  };
}

function requestId(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && /^[\w-]{8,64}$/.test(value) ? value : randomUUID();
}

export type { Request };
