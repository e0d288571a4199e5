import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../server/config.js';

const strongSecret = 'k3Jd9sPq0ZxV7bLmN2rT5yWc8fHgA1eU';
const realOidc = {
  OIDC_ISSUER: 'https://login.example.com/tenant/v2.0',
  OIDC_CLIENT_ID: 'client',
  OIDC_CLIENT_SECRET: 'secret',
  OIDC_AUTHORIZATION_URL: 'https://login.example.com/authorize',
  OIDC_TOKEN_URL: 'https://login.example.com/token',
  OIDC_USERINFO_URL: 'https://login.example.com/userinfo',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected the configuration to be refused');
}

describe('configuration', () => {
  it('defaults to the embedded database and the development sign-in', () => {
    const config = loadConfig({});
    assert.equal(config.env, 'development');
    assert.equal(config.port, 3000);
    assert.equal(config.baseUrl, 'http://localhost:3000');
    assert.equal(config.database.url, undefined);
    assert.equal(config.database.dataDir, './.data');
    assert.equal(config.oidc, undefined);
    assert.equal(config.roleMapping.claim, 'roles');
    assert.equal(config.session.secureCookie, false);
    assert.ok(Object.isFrozen(config));
  });

  it('reads a real database and identity provider', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@db/panel',
      ...realOidc,
      OIDC_ROLES_CLAIM: 'groups',
      ADMIN_EMAILS: 'A@x.gov.uk, b@x.gov.uk',
    });
    assert.equal(config.database.url, 'postgres://u@db/panel');
    assert.equal(config.oidc?.issuer, realOidc.OIDC_ISSUER);
    assert.equal(config.roleMapping.claim, 'groups');
    assert.deepEqual(config.roleMapping.adminEmails, ['a@x.gov.uk', 'b@x.gov.uk']);
  });

  it('reports every malformed setting together', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      BASE_URL: 'not a url',
    });
    const keys = problems.map((p) => p.split(' ')[0]);
    assert.deepEqual(keys.sort(), ['BASE_URL', 'DATABASE_URL', 'LOG_LEVEL', 'PORT']);
  });

  it('requires the rest of the OIDC settings once an issuer is named', () => {
    const problems = problemsOf({ OIDC_ISSUER: 'https://idp.example.com' });
    assert.equal(problems.length, 5);
    assert.ok(problems.every((p) => p.endsWith('is required when OIDC_ISSUER is set')));
  });

  it('refuses to start in production without a real database, identity provider and strong secret', () => {
    const problems = problemsOf({ NODE_ENV: 'production', SESSION_SECRET: 'short' });
    assert.deepEqual(problems.map((p) => p.split(' ')[0]).sort(), [
      'BASE_URL',
      'DATABASE_URL',
      'OIDC_ISSUER',
      'SESSION_SECRET',
    ]);
  });

  it('refuses a long but repetitive session secret in production', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/x',
      BASE_URL: 'https://panel.example.gov.uk',
      ...realOidc,
      SESSION_SECRET: 'a'.repeat(40),
    });
    assert.deepEqual(
      problems.map((p) => p.split(' ')[0]),
      ['SESSION_SECRET'],
    );
  });

  it('starts in production with everything real, with secure cookies', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/x',
      BASE_URL: 'https://panel.example.gov.uk/',
      ...realOidc,
      SESSION_SECRET: strongSecret,
    });
    assert.equal(config.session.secureCookie, true);
    assert.equal(config.baseUrl, 'https://panel.example.gov.uk');
  });

  it('names every problem in one readable message', () => {
    try {
      loadConfig({ PORT: '-1', NODE_ENV: 'staging' });
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /^Configuration is not valid:\n {2}- /);
      assert.match(err.message, /PORT/);
      assert.match(err.message, /NODE_ENV/);
    }
  });
});

describe('config: warnings for settings that are allowed but probably wrong', () => {
  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://db/app',
    BASE_URL: 'https://panel.example.gov.uk',
    SESSION_SECRET: strongSecret,
    ...realOidc,
  };

  it('warns when production sits behind TLS with TRUST_PROXY off, and not otherwise', () => {
    assert.match(loadConfig(production).warnings.join(), /TRUST_PROXY is off/);
    assert.deepEqual(loadConfig({ ...production, TRUST_PROXY: 'true' }).warnings, []);
    assert.deepEqual(loadConfig({ ...production, TRUST_PROXY: '1' }).warnings, []);
  });

  it('reads TRUST_PROXY as off, every hop, or a number of proxies', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'yes' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.equal(loadConfig({ TRUST_PROXY: '0' }).trustProxy, false);
    for (const bad of ['-1', 'maybe', '1.5', '100'])
      assert.throws(() => loadConfig({ TRUST_PROXY: bad }), /TRUST_PROXY/, bad);
    assert.deepEqual(loadConfig({ ...production, NODE_ENV: 'development' }).warnings, []);
    assert.deepEqual(loadConfig({ ...production, BASE_URL: 'http://127.0.0.1:3000' }).warnings, []);
  });
});
