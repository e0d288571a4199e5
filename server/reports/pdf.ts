/**
 * The report writer that the reports use: createReport() gives a Report, which writes headings,
 * paragraphs, lists, tables and the parts of paper forms into an accessible PDF (A4, PDF 1.7, tagged,
 * title and language set, embedded Unicode fonts, "Page x of y" footers).
 *
 * It is made of small modules: pdf-report.ts (the document, fonts, text, headings, lists, footers),
 * pdf-table.ts (tables that paginate), pdf-form.ts (lines to write on and boxes to tick) and
 * pdf-style.ts (sizes, colours and spacing).
 */
import { writeChoiceBoxes, writeField, writeWritingLines } from './pdf-form.js';
import { ReportCore, type ReportOptions, type TableCell } from './pdf-report.js';
import { writeKeyValue, writeTable, type TableOptions } from './pdf-table.js';

export { plain, setReportLogger, type Align, type ReportOptions, type TableCell } from './pdf-report.js';
export type { TableColumn, TableOptions } from './pdf-table.js';

export function createReport(options: ReportOptions): Report {
  return new Report(options);
}

export class Report extends ReportCore {
  /**
   * A table that paginates: a row is never split across pages when it fits on one; a row taller than a
   * page is split between lines of text; the header row repeats (as an artifact) on every page the
   * table continues on; cell text wraps and rows grow to fit.
   */
  table(options: TableOptions): this {
    writeTable(this, options);
    return this;
  }

  /** Label–value pairs, as a table with row headers and a rule under each row. */
  keyValue(rows: Array<[string, TableCell]>): this {
    writeKeyValue(this, rows);
    return this;
  }

  /** A label with a ruled line to write on, to the right edge of the page. */
  field(label: string, options: { lineHeight?: number } = {}): this {
    writeField(this, label, options);
    return this;
  }

  /** Ruled lines to write on (artifacts) under an optional bold label, kept together on one page. */
  writingLines(count: number, options: { label?: string; spacing?: number } = {}): this {
    writeWritingLines(this, count, options);
    return this;
  }

  /** "Label: ☐ a ☐ b …" as one paragraph of real text, with large boxes to tick; wraps if needed. */
  choiceBoxes(label: string, choices: string[]): this {
    writeChoiceBoxes(this, label, choices);
    return this;
  }
}
