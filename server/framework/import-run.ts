/** The framework:import command, as a function (tested directly; import.ts only wires it to the process). */
import { importDdat } from './ddat-edition.js';
import { FrameworkProblemsError } from './errors.js';
import { readText, writeEditionFolder } from './files.js';

export const IMPORT_USAGE =
  'Usage: node --import tsx server/framework/import.ts <roles.csv> <skills.csv> [grades.tsv] --edition YYYY-MM [--out framework-data] [--retrieved YYYY-MM-DD]';

export interface ImportArgs {
  roles: string;
  skills: string;
  grades: string | null;
  edition: string;
  out: string;
  retrieved: string | null;
}

export class UsageError extends Error {}

export function parseImportArgs(argv: readonly string[]): ImportArgs {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const [name = '', inline] = arg.slice(2).split('=', 2);
      if (!['edition', 'out', 'retrieved'].includes(name)) throw new UsageError(`Unknown option --${name}`);
      const value = inline ?? argv[(i += 1)];
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      options[name] = value;
    } else positional.push(arg);
  }
  const [roles, skills, grades, ...extra] = positional;
  if (roles === undefined || skills === undefined)
    throw new UsageError('roles.csv and skills.csv are required');
  if (extra.length > 0) throw new UsageError(`Unexpected argument ${extra[0] ?? ''}`);
  const edition = options['edition'];
  if (edition === undefined) throw new UsageError('--edition is required (the release month, e.g. 2025-08)');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(edition))
    throw new UsageError(`--edition "${edition}" is not a month like 2025-08`);
  const retrieved = options['retrieved'] ?? null;
  if (retrieved !== null && !/^\d{4}-\d{2}-\d{2}$/.test(retrieved))
    throw new UsageError('--retrieved must be a date like 2026-01-31');
  return {
    roles,
    skills,
    grades: grades ?? null,
    edition,
    out: options['out'] ?? 'framework-data',
    retrieved,
  };
}

export interface ImportIo {
  log: (line: string) => void;
  error: (line: string) => void;
  today: () => string;
}

/** Returns the process exit code: 0 written, 1 rejected input (nothing written), 2 usage error. */
export async function runImport(argv: readonly string[], io: ImportIo): Promise<number> {
  let args: ImportArgs;
  try {
    args = parseImportArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.error(`${error.message}\n${IMPORT_USAGE}`);
    return 2;
  }
  try {
    const [roles, skills, grades] = await Promise.all([
      readText(args.roles),
      readText(args.skills),
      args.grades === null ? Promise.resolve(null) : readText(args.grades),
    ]);
    const folder = importDdat(
      { roles, skills, grades },
      { edition: args.edition, retrievedOn: args.retrieved ?? io.today() },
    );
    const target = await writeEditionFolder(args.out, folder);
    const counts = (folder.files['edition.json'] as { counts: Record<string, number> }).counts;
    io.log(
      `Wrote ${target}: ${Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof FrameworkProblemsError) {
      io.error(`${error.message}\nNothing was written.`);
      return 1;
    }
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      io.error(`${error.message}\nNothing was written.`);
      return 1;
    }
    throw error;
  }
}
