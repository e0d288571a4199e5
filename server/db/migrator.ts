/* eslint-disable @typescript-eslint/no-explicit-any -- the migrator works on any schema, like the migrations */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';

/** migrations/ under tsx; dist/migrations (compiled to .js, same names) in the compiled build. */
export const migrationFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The files kysely's FileMigrationProvider runs: it skips declarations (and source maps). */
export function isMigrationFile(name: string): boolean {
  if (name.endsWith('.d.ts') || name.endsWith('.d.mts')) return false;
  return ['.js', '.mjs', '.ts', '.mts'].some((ext) => name.endsWith(ext));
}

/**
 * Whether the database has run exactly the migrations in the folder, asked without loading them:
 * kysely's migrator imports every migration file, creates its tables and takes a lock just to
 * find nothing to do, which was most of the time a restart spent on migrating. Anything else
 * (a pending migration, one missing from the folder, no migration table yet) is the migrator's to
 * handle or to report.
 */
async function migrationsMatchFolder(db: Kysely<any>): Promise<boolean> {
  const files = (await fs.readdir(migrationFolder)).filter(isMigrationFile);
  const inFolder = new Set(files.map((file) => file.slice(0, file.lastIndexOf('.'))));
  let applied: string[];
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = rows.map((row) => row.name);
  } catch (err) {
    if ((err as { code?: unknown }).code === '42P01') return false; // undefined_table: a new database
    throw err;
  }
  return applied.length === inFolder.size && applied.every((name) => inFolder.has(name));
}

export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder }),
  });
}

/**
 * Applies every pending migration. Kysely takes a PostgreSQL advisory lock for the whole run,
 * so app instances starting together wait for each other instead of migrating twice.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (await migrationsMatchFolder(db)) return [];
  const result: MigrationResultSet = await createMigrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const name = failed ? ` (${failed.migrationName})` : '';
    // Whatever a migration threw (in practice an Error); its type reads {} only because `if` narrowed unknown.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    throw new Error(`Database migration failed${name}: ${String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every migration in the folder has been applied. */
export async function migrationsAreCurrent(db: Kysely<any>): Promise<boolean> {
  const migrations = await createMigrator(db).getMigrations();
  return migrations.every((m) => m.executedAt !== undefined);
}
