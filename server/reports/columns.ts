/**
 * Big result sets cross to a report worker packed by column: each string column as a dictionary and
 * a Uint32Array of codes, each number column as a Float64Array. Posting a few arrays takes the main
 * thread a few milliseconds where hundreds of thousands of small objects would take hundreds.
 * Other values (dates, booleans, objects) travel as they are. Packing goes a slice of rows at a time,
 * letting other requests in between, so that even the packing never holds up the event loop for long.
 */
export type PackedColumn =
  | { kind: 'strings'; dictionary: string[]; codes: Uint32Array }
  | { kind: 'numbers'; values: Float64Array; nulls: Uint8Array }
  | { kind: 'values'; values: unknown[] }
  | { kind: 'nulls'; length: number };

/** Rows of type Row, packed (Row is carried in the type only). */
export type Packed<Row> = { length: number; columns: Record<string, PackedColumn>; readonly row?: Row };

const NULL_CODE = 0xffffffff;

const SLICE = 20_000;

export async function pack<T extends Record<string, unknown>>(rows: readonly T[]): Promise<Packed<T>> {
  const keys = rows.length ? Object.keys(rows[0]!) : [];
  const columns: Record<string, PackedColumn> = {};
  for (const key of keys) {
    const slices: PackedColumn[] = [];
    for (let from = 0; from < rows.length; from += SLICE) {
      if (from > 0) await new Promise((resolve) => setImmediate(resolve));
      slices.push(packColumn(rows.slice(from, from + SLICE), key));
    }
    columns[key] = joinSlices(slices);
  }
  return { length: rows.length, columns };
}

/** Slices packed one by one, as one column: their dictionaries merged, codes renumbered. */
function joinSlices(slices: PackedColumn[]): PackedColumn {
  if (slices.length === 1) return slices[0]!;
  const kinds = new Set(slices.map((c) => c.kind).filter((k) => k !== 'nulls'));
  const length = slices.reduce((n, c) => n + lengthOf(c), 0);
  if (kinds.size === 0) return { kind: 'nulls', length };
  const [kind] = kinds;
  if (kinds.size === 1 && kind === 'strings') return joinStrings(slices, length);
  if (kinds.size === 1 && kind === 'numbers') return joinNumbers(slices, length);
  return { kind: 'values', values: slices.flatMap(unpackColumn) };
}

function joinStrings(slices: PackedColumn[], length: number): PackedColumn {
  const dictionary: string[] = [];
  const codeOf = new Map<string, number>();
  const codes = new Uint32Array(length).fill(NULL_CODE);
  let at = 0;
  for (const c of slices) {
    if (c.kind !== 'strings') {
      at += lengthOf(c);
      continue;
    }
    const renumber = c.dictionary.map((v) => {
      let code = codeOf.get(v);
      if (code === undefined) codeOf.set(v, (code = dictionary.push(v) - 1));
      return code;
    });
    for (const code of c.codes) codes[at++] = code === NULL_CODE ? NULL_CODE : renumber[code]!;
  }
  return { kind: 'strings', dictionary, codes };
}

function joinNumbers(slices: PackedColumn[], length: number): PackedColumn {
  const values = new Float64Array(length);
  const nulls = new Uint8Array(length).fill(1);
  let at = 0;
  for (const c of slices) {
    if (c.kind === 'numbers') {
      values.set(c.values, at);
      nulls.set(c.nulls, at);
    }
    at += lengthOf(c);
  }
  return { kind: 'numbers', values, nulls };
}

function lengthOf(column: PackedColumn): number {
  if (column.kind === 'strings') return column.codes.length;
  if (column.kind === 'nulls') return column.length;
  return column.values.length;
}

function unpackColumn(column: PackedColumn): unknown[] {
  return Array.from({ length: lengthOf(column) }, (_v, i) => valueAt(column, i));
}

function packColumn(rows: ReadonlyArray<Record<string, unknown>>, key: string): PackedColumn {
  let strings = true;
  let numbers = true;
  for (let i = 0; i < rows.length && (strings || numbers); i++) {
    const v = rows[i]![key];
    if (v === null) continue;
    if (typeof v !== 'string') strings = false;
    if (typeof v !== 'number') numbers = false;
  }
  if (strings && numbers) return { kind: 'nulls', length: rows.length };
  if (strings) return packStrings(rows, key);
  if (numbers) return packNumbers(rows, key);
  return { kind: 'values', values: rows.map((r) => r[key]) };
}

function packStrings(rows: ReadonlyArray<Record<string, unknown>>, key: string): PackedColumn {
  const dictionary: string[] = [];
  const codeOf = new Map<string, number>();
  const codes = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]![key] as string | null;
    if (v === null) {
      codes[i] = NULL_CODE;
      continue;
    }
    let code = codeOf.get(v);
    if (code === undefined) codeOf.set(v, (code = dictionary.push(v) - 1));
    codes[i] = code;
  }
  return { kind: 'strings', dictionary, codes };
}

function packNumbers(rows: ReadonlyArray<Record<string, unknown>>, key: string): PackedColumn {
  const values = new Float64Array(rows.length);
  const nulls = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]![key] as number | null;
    if (v === null) nulls[i] = 1;
    else values[i] = v;
  }
  return { kind: 'numbers', values, nulls };
}

export function unpack<T>(packed: Packed<T>): T[] {
  const columns = Object.entries(packed.columns);
  return Array.from({ length: packed.length }, (_v, i) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) row[key] = valueAt(column, i);
    return row as T;
  });
}

function valueAt(column: PackedColumn, i: number): unknown {
  if (column.kind === 'strings') {
    const code = column.codes[i]!;
    return code === NULL_CODE ? null : column.dictionary[code];
  }
  if (column.kind === 'numbers') return column.nulls[i] ? null : column.values[i];
  if (column.kind === 'nulls') return null;
  return column.values[i];
}
