import path from 'node:path';
import { z } from 'zod';
import { appRoot } from './paths.js';

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const url = z.url({ protocol: /^https?$/ });

const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    BASE_URL: url.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string')
      .optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(5000),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(65_000),
    HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100_000).default(4000),
    DATA_DIR: z.string().min(1).default('./.data'),
    PGLITE_SNAPSHOTS: booleanish.default(true),
    PGLITE_SNAPSHOT_DIR: z.string().min(1).optional(),
    SESSION_SECRET: z.string().min(1).optional(),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(120),
    OIDC_ISSUER: url.optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_AUTHORIZATION_URL: url.optional(),
    OIDC_TOKEN_URL: url.optional(),
    OIDC_USERINFO_URL: url.optional(),
    OIDC_END_SESSION_URL: url.optional(),
    OIDC_SCOPE: z.string().min(1).default('openid email profile'),
    OIDC_ROLES_CLAIM: z.string().min(1).optional(),
    OIDC_ASSUME_EMAIL_VERIFIED: booleanish.default(false),
    OIDC_ADMINISTRATOR_VALUES: list.default(['administrator']),
    OIDC_HIRING_MANAGER_VALUES: list.default(['hiring-manager']),
    ADMIN_EMAILS: list.default([]),
    RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
    // true trusts every proxy (a client can then choose its own address); a number trusts that many hops.
    TRUST_PROXY: z
      .union([
        booleanish,
        z
          .string()
          .regex(/^[1-9]\d?$/, 'is true, false or the number of proxies')
          .transform(Number),
      ])
      .default(false),
    // Sign-in rate limit: see the numbers' reasons at Config.signInRateLimit.
    SIGN_IN_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    SIGN_IN_RATE_LIMIT_PER_PERSON: z.coerce.number().int().min(1).max(10_000_000).default(20),
    SIGN_IN_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000_000).default(300),
  })
  .superRefine((env, ctx) => {
    const oidcKeys = [
      'OIDC_CLIENT_ID',
      'OIDC_CLIENT_SECRET',
      'OIDC_AUTHORIZATION_URL',
      'OIDC_TOKEN_URL',
      'OIDC_USERINFO_URL',
    ] as const;
    if (env.OIDC_ISSUER) {
      for (const key of oidcKeys) {
        if (!env[key])
          ctx.addIssue({ code: 'custom', path: [key], message: 'is required when OIDC_ISSUER is set' });
      }
    }
    if (env.NODE_ENV !== 'production') return;
    if (!env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required in production (the embedded database is for development only)',
      });
    }
    if (!env.OIDC_ISSUER) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_ISSUER'],
        message: 'is required in production (the development sign-in is never enabled there)',
      });
    }
    if (!env.BASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['BASE_URL'], message: 'is required in production' });
    }
    if (!isStrongSecret(env.SESSION_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'must be at least 32 characters of random text in production',
      });
    }
  });

function isStrongSecret(secret: string | undefined): boolean {
  return !!secret && secret.length >= 32 && new Set(secret).size >= 10;
}

export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  userInfoUrl: string;
  endSessionUrl?: string;
  scope: string;
  /** For providers that send no email_verified claim but only issue organisation-verified emails. */
  assumeEmailVerified?: boolean;
};

export type Config = Readonly<{
  env: 'development' | 'test' | 'production';
  port: number;
  baseUrl: string;
  logLevel: string;
  database: {
    url?: string;
    poolMax: number;
    dataDir: string;
    /**
     * Where prepared PGlite snapshots (a migrated, empty database) are cached, so a new DATA_DIR is
     * unpacked from one instead of running initdb and every migration. Undefined: off.
     */
    snapshotDir?: string;
    /** How long a request waits for a pool connection before it is answered 503. */
    acquireTimeoutMs: number;
    /** PostgreSQL's statement_timeout for the app's connections; 0 turns it off. */
    statementTimeoutMs: number;
  };
  /** Node's HTTP server limits, for a service behind a load balancer (see README). */
  http: {
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
    maxConnections: number;
  };
  session: { secret: string; idleMinutes: number; secureCookie: boolean };
  /** Undefined means the built-in development identity provider is mounted at /oidc. */
  oidc?: OidcSettings;
  roleMapping: {
    claim?: string;
    administratorValues: string[];
    hiringManagerValues: string[];
    adminEmails: string[];
  };
  retentionMonths: number;
  /** Proxies in front of the app: false, true (every one) or how many hops to trust. */
  trustProxy: boolean | number;
  /**
   * Requests to the sign-in pages (/auth/sign-in, /auth/callback, /dev-sign-in) allowed per fixed
   * window, counted in the database so every instance shares them. Each request counts once, against
   * the most specific thing it comes from:
   * - perPerson: a signed-in person, or a session that has already started signing in. One sign-in
   *   is 2 counted requests with a real provider (start, callback), 4 with the development one, so 20 a
   *   minute lets anyone sign in 5 to 10 times a minute; only a loop or a script gets near it.
   * - perAddress: requests with no session yet (the first step of each sign-in, or a client that
   *   throws its cookies away), from one IP address (an IPv6 /56). That is about one request per
   *   person signing in, so 300 a minute is 300 people in one office, behind one address, all
   *   starting to sign in within the same minute (an assessment centre of 100 three-person panels at
   *   9am fits). It still stops a script making more than 5 new sessions a second from one address.
   *   A department whose whole estate reaches the service through one proxy may raise it.
   */
  signInRateLimit: { windowMs: number; perPerson: number; perAddress: number };
  /** Settings that are allowed but probably wrong; logged at start-up. */
  warnings: string[];
}>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEV_SESSION_SECRET = 'development-only-session-secret-not-for-production';

/** Reads the environment once; every problem is reported together. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = environmentSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || '(environment)'} ${i.message}`),
    );
  }
  const env = result.data;
  const baseUrl = (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  return Object.freeze({
    env: env.NODE_ENV,
    port: env.PORT,
    baseUrl,
    logLevel: env.LOG_LEVEL,
    database: {
      url: env.DATABASE_URL,
      poolMax: env.DATABASE_POOL_MAX,
      dataDir: env.DATA_DIR,
      snapshotDir: env.PGLITE_SNAPSHOTS
        ? (env.PGLITE_SNAPSHOT_DIR ?? path.join(appRoot, 'node_modules', '.cache', 'panel-scoring', 'pglite'))
        : undefined,
      acquireTimeoutMs: env.DATABASE_ACQUIRE_TIMEOUT_MS,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    http: {
      headersTimeoutMs: Math.min(env.HTTP_HEADERS_TIMEOUT_MS, env.HTTP_REQUEST_TIMEOUT_MS),
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: env.HTTP_MAX_CONNECTIONS,
    },
    session: {
      secret: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
      idleMinutes: env.SESSION_IDLE_MINUTES,
      secureCookie: env.NODE_ENV === 'production',
    },
    oidc: env.OIDC_ISSUER
      ? {
          issuer: env.OIDC_ISSUER,
          clientId: env.OIDC_CLIENT_ID!,
          clientSecret: env.OIDC_CLIENT_SECRET!,
          authorizationUrl: env.OIDC_AUTHORIZATION_URL!,
          tokenUrl: env.OIDC_TOKEN_URL!,
          userInfoUrl: env.OIDC_USERINFO_URL!,
          endSessionUrl: env.OIDC_END_SESSION_URL,
          scope: env.OIDC_SCOPE,
          assumeEmailVerified: env.OIDC_ASSUME_EMAIL_VERIFIED,
        }
      : undefined,
    roleMapping: {
      claim: env.OIDC_ROLES_CLAIM ?? (env.OIDC_ISSUER ? undefined : 'roles'),
      administratorValues: env.OIDC_ADMINISTRATOR_VALUES,
      hiringManagerValues: env.OIDC_HIRING_MANAGER_VALUES,
      adminEmails: env.ADMIN_EMAILS.map((e) => e.toLowerCase()),
    },
    retentionMonths: env.RETENTION_MONTHS,
    trustProxy: env.TRUST_PROXY,
    signInRateLimit: {
      windowMs: env.SIGN_IN_RATE_LIMIT_WINDOW_SECONDS * 1000,
      perPerson: env.SIGN_IN_RATE_LIMIT_PER_PERSON,
      perAddress: env.SIGN_IN_RATE_LIMIT_PER_ADDRESS,
    },
    warnings: warningsFor(env.NODE_ENV, baseUrl, env.TRUST_PROXY),
  });
}

function warningsFor(nodeEnv: string, baseUrl: string, trustProxy: boolean | number): string[] {
  if (nodeEnv !== 'production' || trustProxy || !baseUrl.startsWith('https:')) return [];
  return [
    'BASE_URL is https but TRUST_PROXY is off: behind a TLS load balancer the secure session cookie is never set, so nobody can stay signed in. Set TRUST_PROXY to the number of proxies in front of the app (usually 1) when one terminates TLS.',
  ];
}
