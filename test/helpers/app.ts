import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApp, type AppDependencies } from '../../server/app.js';
import { DevelopmentUserDirectory } from '../../server/auth/dev-users.js';
import type { Config } from '../../server/config.js';
import { applyLimits } from '../../server/http-server.js';
import { createLogger } from '../../server/logger.js';
import { checkingErrorSummaries } from './error-summary-links.js';
import { testConfig, testDatabase, testFrameworks } from './database.js';

export type TestApp = {
  app: Express;
  baseUrl: string;
  config: Config;
  server: Server;
  users: DevelopmentUserDirectory;
  database: AppDependencies['database'];
  close: () => Promise<void>;
};

/**
 * The real app on a real port: OIDC needs the app to call its own token endpoint, so the server
 * listens first and the app is built with the port it got.
 */
export async function startTestApp(
  options: { env?: Record<string, string>; deps?: Partial<AppDependencies> } = {},
): Promise<TestApp> {
  // Timeouts are checked every half second, so a test can see a short one enforced.
  const server = createServer({ connectionsCheckingInterval: 500 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = testConfig({ BASE_URL: baseUrl, ...options.env });
  applyLimits(server, config.http);
  const database = options.deps?.database ?? (await testDatabase());
  const users = new DevelopmentUserDirectory();
  const app = createApp({
    config,
    database,
    logger: createLogger(config),
    frameworks: await testFrameworks(),
    developmentUsers: users,
    ...options.deps,
  });
  server.on('request', checkingErrorSummaries(app));
  return {
    app,
    baseUrl,
    config,
    server,
    users,
    database,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
