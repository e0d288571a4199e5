/** Parsing of delimited source files into records that remember their spreadsheet row number. */
import { parse } from 'csv-parse/sync';
import { ImportError } from './errors.js';

export interface SourceRecord {
  /** Spreadsheet row number: the header is row 1, the first data record row 2. */
  readonly row: number;
  readonly values: Readonly<Record<string, string>>;
}

export interface DelimitedOptions {
  /** Name used in messages, e.g. "roles.csv". */
  readonly file: string;
  readonly delimiter: ',' | '\t';
  readonly headers: readonly string[];
}

/** Parses the text, checks the header row and every record's field count; throws ImportError listing all problems. */
export function parseDelimited(text: string, options: DelimitedOptions): SourceRecord[] {
  const { file, delimiter, headers } = options;
  let table: string[][];
  try {
    table = parse(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      quote: delimiter === ',' ? '"' : false,
    });
  } catch (error) {
    throw new ImportError(`${file} is not valid ${delimiter === ',' ? 'CSV' : 'TSV'}`, [
      `${file}: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
  const [header, ...body] = table;
  if (header === undefined) throw new ImportError(`${file} is empty`, [`${file}: no header row`]);
  const names = header.map((h) => h.trim());
  const problems = headerProblems(file, names, headers);
  if (problems.length > 0) throw new ImportError(`${file} has unexpected columns`, problems);
  const records: SourceRecord[] = [];
  body.forEach((fields, index) => {
    const row = index + 2;
    if (fields.length !== header.length) {
      problems.push(`${file} row ${row}: expected ${header.length} fields, found ${fields.length}`);
      return;
    }
    const values: Record<string, string> = {};
    names.forEach((name, i) => {
      values[name] = fields[i] ?? '';
    });
    records.push({ row, values });
  });
  if (problems.length > 0) throw new ImportError(`${file} has malformed rows`, problems);
  return records;
}

function headerProblems(file: string, names: readonly string[], expected: readonly string[]): string[] {
  const problems: string[] = [];
  for (const name of expected) {
    if (!names.includes(name)) problems.push(`${file} row 1: missing column "${name}"`);
  }
  names.forEach((name, i) => {
    if (!expected.includes(name)) problems.push(`${file} row 1: unexpected column "${name}"`);
    else if (names.indexOf(name) !== i) problems.push(`${file} row 1: column "${name}" appears twice`);
  });
  return problems;
}
