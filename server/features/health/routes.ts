import { Router, type Request, type Response } from 'express';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { migrationsAreCurrent } from '../../db/migrator.js';

const READY_TIMEOUT_MS = 2000;

export function healthRoutes(db: Kysely<Database>): Router {
  const router = Router();
  router.get('/health', (_req: Request, res: Response) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get('/health/ready', async (_req: Request, res: Response) => {
    const checks = await withTimeout(readiness(db), READY_TIMEOUT_MS).catch((err: unknown) => ({
      database: 'unreachable',
      migrations: 'unknown',
      error: err instanceof Error ? err.message : String(err),
    }));
    const ready = checks.database === 'ok' && checks.migrations === 'current';
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      checks: { database: checks.database, migrations: checks.migrations },
    });
  });
  return router;
}

async function readiness(db: Kysely<Database>) {
  await sql`select 1`.execute(db);
  return { database: 'ok', migrations: (await migrationsAreCurrent(db)) ? 'current' : 'pending' };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
