import pg from 'pg';
import { uniqueSuffix } from './database.js';

/** Real PostgreSQL only: a throwaway database next to the test one, for tests that need an empty one. */
export async function withScratchDatabase<T>(use: (url: string) => Promise<T>): Promise<T> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('withScratchDatabase needs DATABASE_URL');
  const name = `scratch_${uniqueSuffix()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    return await use(url.toString());
  } finally {
    // Let connections that are closing finish, so the drop does not cut them off mid-goodbye.
    for (let i = 0; i < 20; i += 1) {
      const { rows } = await admin.query<{ n: number }>(
        'select count(*)::int as n from pg_stat_activity where datname = $1',
        [name],
      );
      if (rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

export const onRealPostgres = Boolean(process.env.DATABASE_URL);
