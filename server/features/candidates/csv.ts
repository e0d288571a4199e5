import { parse } from 'csv-parse/sync';
import {
  checkCandidateHeader,
  validateCandidateRows,
  type CleanCandidate,
  type ExistingCandidates,
  type ParsedRow,
  type RowError,
} from '../../domain/candidates.js';

export const MAX_CSV_BYTES = 1024 * 1024;

type CsvRecord = { record: string[]; info: { lines: number } };

const newlines = (value: string) => value.match(/\r\n|\r|\n/g)?.length ?? 0;

/**
 * Splits pasted CSV into records, each with the line it starts on (the header is line 1), so a
 * message can say "Row 4" and mean the fourth line the person pasted. Blank lines, and rows with
 * nothing but commas, are skipped.
 */
export function parseCandidateCsv(
  text: string,
): { ok: true; header: ParsedRow; rows: ParsedRow[] } | { ok: false; errors: RowError[] } {
  let records: CsvRecord[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as CsvRecord[];
  } catch (error) {
    const { code, lines } = error as { code?: string; lines?: number };
    const line = typeof lines === 'number' && lines > 0 ? lines : 1;
    const text =
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? `Row ${line}: a quotation mark (") is opened but never closed`
        : `Row ${line}: this row could not be read as CSV`;
    return { ok: false, errors: [{ line, text }] };
  }
  const rows = records
    .map(({ record, info }) => ({
      line: info.lines - record.reduce((n, cell) => n + newlines(cell), 0),
      cells: record,
    }))
    .filter((r) => r.cells.some((cell) => cell.trim() !== ''));
  const [header, ...body] = rows;
  if (!header) return { ok: false, errors: [{ line: 1, text: 'Paste the CSV, starting with a header row' }] };
  return { ok: true, header, rows: body };
}

/** Pasted text to candidates ready to save, or every problem found, each tied to its row. */
export function readCandidateCsv(
  text: string,
  existing: ExistingCandidates,
): { ok: true; candidates: CleanCandidate[] } | { ok: false; errors: RowError[] } {
  const parsed = parseCandidateCsv(text);
  if (!parsed.ok) return parsed;
  const header = checkCandidateHeader(parsed.header.cells, parsed.header.line);
  if (!header.ok) return header;
  return validateCandidateRows(parsed.rows, header.columns, existing);
}
