import { Router, type Request, type Response } from 'express';
import type { DatabaseHandle } from '../../db/database.js';
import type { Readiness } from '../../db/startup.js';

/**
 * Liveness answers at once, whatever the database is doing. Readiness asks the database on a
 * connection of its own (so a busy pool is not mistaken for an outage) and whether start-up has
 * migrated it.
 */
export function healthRoutes(database: Pick<DatabaseHandle, 'ping'>, readiness: Readiness): Router {
  const router = Router();
  router.get('/health', (_req: Request, res: Response) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get('/health/ready', async (_req: Request, res: Response) => {
    const reachable = await database.ping().then(
      () => true,
      () => false,
    );
    const migrations = readiness.isMigrated() ? 'current' : 'pending';
    const ready = reachable && migrations === 'current';
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({
        status: ready ? 'ready' : 'not ready',
        checks: { database: reachable ? 'ok' : 'unreachable', migrations },
      });
  });
  return router;
}
