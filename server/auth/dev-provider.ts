import { createHash, generateKeyPair, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { Router, type Request, type Response } from 'express';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
// The in-memory adapter is explicit so the provider does not warn about a missing one.
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import { z } from 'zod';
import { problemErrors } from '../middleware/validate.js';
import type { DevelopmentUserDirectory } from './dev-users.js';

export const DEV_CLIENT_ID = 'panel-scoring-development';
export const DEV_SCOPE = 'openid email profile roles';

export type DevIdentityProvider = {
  provider: Provider;
  clientSecret: string;
  /** The sign-in page the provider sends people to: lists the development users. */
  interactionRouter: Router;
};

const interactionPath = '/dev-sign-in';

// One signing key per process: generating a 2048-bit RSA key takes 100–200 ms of CPU, which every
// app (each test's too) used to spend on the main thread at start-up.
let signingKey: KeyObject | undefined;

/** Generates the development signing key off the main thread; start-up awaits it beside other work. */
export async function prepareDevSigningKey(): Promise<void> {
  if (signingKey) return;
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  signingKey ??= privateKey;
}

function devSigningKey(): KeyObject {
  signingKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return signingKey;
}

export function createDevIdentityProvider(options: {
  baseUrl: string;
  secret: string;
  users: DevelopmentUserDirectory;
}): DevIdentityProvider {
  const issuer = `${options.baseUrl}/oidc`;
  const clientSecret = derive(options.secret, 'client-secret');
  const provider = new Provider(issuer, configuration(options, clientSecret));
  return { provider, clientSecret, interactionRouter: interactionRoutes(provider, options.users) };
}

function configuration(
  { baseUrl, secret, users }: { baseUrl: string; secret: string; users: DevelopmentUserDirectory },
  clientSecret: string,
): Configuration {
  const privateKey = devSigningKey();
  return {
    adapter: createMemoryAdapter(0),
    clients: [
      {
        client_id: DEV_CLIENT_ID,
        client_secret: clientSecret,
        redirect_uris: [`${baseUrl}/auth/callback`],
        post_logout_redirect_uris: [`${baseUrl}/signed-out`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: {
      keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'development', use: 'sig', alg: 'RS256' }],
    },
    cookies: { keys: [derive(secret, 'cookie-key')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], roles: ['roles'] },
    scopes: ['openid', 'email', 'profile', 'roles'],
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `${interactionPath}/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const user = users.find(id);
      if (!user) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: user.email,
          email_verified: user.emailVerified ?? true,
          name: user.name,
          roles: user.roles,
        }),
      };
    },
    // Development users have nothing to consent to: grant the requested scopes straight away.
    loadExistingGrant: async (ctx) => {
      const client = ctx.oidc.client;
      const accountId = ctx.oidc.session?.accountId;
      if (!client || !accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope(DEV_SCOPE);
      await grant.save();
      return grant;
    },
    renderError: (ctx, out) => {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `Sign-in error: ${out.error}${out.error_description ? ` (${out.error_description})` : ''}`;
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 120,
      IdToken: 3600,
      Interaction: 3600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
  };
}

const signInForm = z.object({ subject: z.string().min(1), _csrf: z.string().optional() }).strict();

function interactionRoutes(provider: Provider, users: DevelopmentUserDirectory): Router {
  const router = Router();
  const render = (res: Response, status: number, uid: string, selected: unknown, errorText?: string) =>
    res.status(status).render('pages/auth/dev-sign-in', {
      pageTitle: 'Choose a development user',
      uid,
      users: users.listed(),
      selected: typeof selected === 'string' ? selected : undefined,
      errors: errorText ? problemErrors([{ field: 'subject', text: errorText }]) : undefined,
    });

  router.get(`${interactionPath}/:uid`, async (req: Request, res: Response) => {
    const details = await provider.interactionDetails(req, res);
    render(res, 200, details.uid, details.params.login_hint);
  });
  router.post(`${interactionPath}/:uid`, async (req: Request, res: Response) => {
    const details = await provider.interactionDetails(req, res);
    const parsed = signInForm.safeParse(req.body);
    if (!parsed.success || !users.find(parsed.data.subject)) {
      render(res, 400, details.uid, undefined, 'Select who you want to sign in as');
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: parsed.data.subject } },
      { mergeWithLastSubmission: false },
    );
  });
  return router;
}

function derive(secret: string, purpose: string): string {
  return createHash('sha256').update(`${purpose}:${secret}`).digest('base64url');
}
