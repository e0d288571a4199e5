/** File IO for the importers: JSON files are written complete, or not at all. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EditionFolder } from './validate.js';

/** The committed format: two-space indentation and a final newline. */
export function serializeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

const tempSuffix = () => `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;

export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}${tempSuffix()}`;
  await writeFile(temp, serializeJson(value), 'utf8');
  await rename(temp, path);
}

/** Writes every file into a staging folder, then swaps it in place of `<outDir>/<folder>`. */
export async function writeEditionFolder(outDir: string, edition: EditionFolder): Promise<string> {
  const target = join(outDir, edition.folder);
  const staging = `${target}${tempSuffix()}`;
  const old = `${target}${tempSuffix()}.old`;
  await mkdir(staging, { recursive: true });
  try {
    for (const [name, value] of Object.entries(edition.files)) {
      await writeFile(join(staging, name), serializeJson(value), 'utf8');
    }
    const hadTarget = await rename(target, old).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    await rename(staging, target);
    if (hadTarget) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return target;
}
