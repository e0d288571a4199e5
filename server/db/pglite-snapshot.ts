/**
 * Prepared snapshots of the embedded database. Creating a PGlite database runs initdb and then every
 * migration, which is most of a first start; unpacking a tarball of the same, freshly migrated and
 * still empty database is several times quicker. It is unpacked here, with Node's own file calls,
 * and then opened like any existing folder: PGlite's own `loadDataDir` unpacks through its
 * WebAssembly file system and took longer than initdb saves. The first new data folder on a machine is made
 * the slow way and a snapshot of it is cached, before the app takes any request (so it holds no
 * data); every later new folder is unpacked from it. A snapshot is named by the PGlite version and
 * the bytes of every migration file, so a new or edited migration simply means a new snapshot.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { compiledBuild } from '../paths.js';
import { isMigrationFile, migrationFolder } from './migrator.js';

/** Bump when what a snapshot holds changes in a way its name would not show. */
const FORMAT = 2;
// Uncompressed: gunzip cost more start-up time than the disk space it saves (40 MB against 5 MB).
const EXTENSION = '.tar';

async function pgliteVersion(): Promise<string> {
  // The package exports no package.json; it sits one folder above its entry point.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest = JSON.parse(
    await readFile(path.join(path.dirname(entry), '..', 'package.json'), 'utf8'),
  ) as {
    version?: unknown;
  };
  return String(manifest.version);
}

/** The name of the snapshot that matches this code: PGlite's version and the migrations, byte for byte. */
export async function snapshotKey(): Promise<string> {
  const hash = createHash('sha256').update(
    `panel-scoring pglite snapshot ${FORMAT}\n${await pgliteVersion()}\n`,
  );
  const files = (await readdir(migrationFolder)).filter(isMigrationFile).sort();
  for (const file of files) hash.update(`${file}\n`).update(await readFile(path.join(migrationFolder, file)));
  return hash.digest('hex').slice(0, 20);
}

// The compiled build's migrations are .js files with other bytes than the .ts ones: each has its
// own snapshot, and a new snapshot replaces only older ones of its own kind.
const KIND = compiledBuild ? 'dist-' : 'src-';
const fileFor = (dir: string, key: string) => path.join(dir, `${KIND}${key}${EXTENSION}`);

/** The cached snapshot for this key, or undefined when there is none yet. */
export async function readSnapshot(dir: string, key: string): Promise<Buffer | undefined> {
  try {
    return await readFile(fileFor(dir, key));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Unpacks a snapshot into an empty folder. The tarballs are PGlite's own (ustar: folders and
 * regular files); anything else, or a name that would land outside the folder, is refused as damage.
 */
export function unpackSnapshot(tarball: Buffer, dataDir: string): void {
  const root = path.resolve(dataDir);
  const field = (header: Buffer, from: number, to: number) => {
    const bytes = header.subarray(from, to);
    const end = bytes.indexOf(0);
    return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
  };
  const octal = (text: string) => (text.trim() ? parseInt(text.trim(), 8) : 0);
  let offset = 0;
  while (offset + 512 <= tarball.length) {
    const header = tarball.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) return; // the end-of-archive blocks
    const prefix = field(header, 345, 500);
    const name = prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100);
    const size = octal(field(header, 124, 136));
    const mode = octal(field(header, 100, 108)) & 0o777;
    const type = String.fromCharCode(header[156] ?? 0);
    const target = path.resolve(root, `.${path.posix.sep}${name}`);
    if (target !== root && !target.startsWith(root + path.sep))
      throw new Error(`snapshot entry outside the data folder: ${name}`);
    offset += 512;
    if (offset + size > tarball.length) throw new Error('snapshot is truncated');
    if (type === '5') mkdirSync(target, { recursive: true, mode: mode || 0o700 });
    else if (type === '0' || type === '\0') {
      mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, tarball.subarray(offset, offset + size), { mode: mode || 0o600 });
    } else throw new Error(`snapshot entry of an unexpected type (${JSON.stringify(type)}): ${name}`);
    offset += Math.ceil(size / 512) * 512;
  }
  throw new Error('snapshot has no end-of-archive marker');
}

/** Forgets a snapshot that could not be loaded, so the next start makes a sound one. */
export async function discardSnapshot(dir: string, key: string): Promise<void> {
  await rm(fileFor(dir, key), { force: true });
}

/**
 * Caches a snapshot of this database (call it only while it holds nothing but its schema). Written
 * to a temporary name and renamed, so a start that reads it never sees half a file; snapshots for
 * older migrations are removed. Returns the snapshot's size in bytes.
 */
export async function saveSnapshot(dir: string, key: string, pglite: PGlite): Promise<number> {
  await pglite.exec('CHECKPOINT');
  const tarball = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
  await mkdir(dir, { recursive: true });
  const temporary = `${fileFor(dir, key)}.${process.pid}.tmp`;
  await writeFile(temporary, tarball);
  await rename(temporary, fileFor(dir, key));
  const kept = path.basename(fileFor(dir, key));
  for (const name of await readdir(dir)) {
    const stale = name.startsWith(KIND) && name.endsWith(EXTENSION) && name !== kept;
    if (stale) await rm(path.join(dir, name), { force: true });
  }
  return tarball.length;
}
