/** Errors that carry every problem found, one line each, so nothing is reported half-way. */
export class FrameworkProblemsError extends Error {
  readonly problems: readonly string[];

  constructor(summary: string, problems: readonly string[]) {
    super(`${summary}\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = new.target.name;
    this.problems = problems;
  }
}

/** Malformed import input (CSV/TSV/JSON sources). Nothing has been written when this is thrown. */
export class ImportError extends FrameworkProblemsError {}

/** framework-data/ failed validation while loading. */
export class FrameworkDataError extends FrameworkProblemsError {}

/** Formats a zod-style issue path as `families[2].roles[0].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? '(root)' : out;
}
