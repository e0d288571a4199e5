/**
 * Tables in a report. A table paginates: a row is never split across pages when it fits on one; a row
 * taller than a page is split between lines of text; the header row repeats (as an artifact) on every
 * page the table continues on; cell text wraps and rows grow to fit. Tagged as Table > THead/TBody > TR
 * > TH/TD, header cells with their scope; borders and fills are artifacts.
 */
import { plain, type Align, type ReportCore, type TableCell } from './pdf-report.js';
import { CELL_PAD, COLOUR, PARAGRAPH_GAP, SIZE } from './pdf-style.js';

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

export type TableColumn = { header: string; width?: number; align?: Align };
export type TableOptions = {
  columns: TableColumn[];
  rows: TableCell[][];
  /** Repeat the header row (as an artifact) at the top of every page the table continues on. */
  repeatHeader?: boolean;
  /** Draw and tag a header row; off for key–value tables. */
  header?: boolean;
  /** The first cell of each row is a row header (TH, scope Row). */
  rowHeaders?: boolean;
  /** 'grid' draws every cell border; 'rows' only a rule under each row. */
  borders?: 'grid' | 'rows';
  fontSize?: number;
};

type RowKind = 'header' | 'body';

/** A table's columns, sizes and text, worked out before anything is drawn. */
type Layout = {
  report: ReportCore;
  columns: TableColumn[];
  size: number;
  showHeader: boolean;
  repeatHeader: boolean;
  rowHeaders: boolean;
  borders: 'grid' | 'rows';
  left: number;
  widths: number[];
  /** The left edge of each column. */
  xs: number[];
  tableWidth: number;
  /** The least height worth starting a split row in: three lines. */
  minSplit: number;
  headers: string[];
  headerHeight: number;
  bodyRows: string[][];
  /** The height a page has for rows, under any repeated header. */
  capacity: number;
};

/** Writes a table (see the top of this file). */
export function writeTable(report: ReportCore, options: TableOptions): void {
  const doc = report.doc;
  if (!options.columns.length) throw new Error('A table needs at least one column');
  const layout = tableLayout(report, options);
  const table = doc.struct('Table');
  report.container.add(table);
  // Start where the header and the first row (or the first few lines of it) fit together.
  const first = layout.bodyRows[0];
  const firstHeight = first ? rowHeight(layout, first, 'body') : 0;
  report.ensureSpace(layout.headerHeight + Math.min(firstHeight, layout.minSplit));
  if (layout.showHeader) writeHeaderRow(layout, table);
  const body = doc.struct('TBody');
  table.add(body);
  for (const row of layout.bodyRows) writeBodyRow(layout, body, row);
  body.end();
  table.end();
  report.contentDrawn();
  doc.x = layout.left;
  doc.y += PARAGRAPH_GAP + 4;
}

/** Label–value pairs, as a table with row headers and a rule under each row. */
export function writeKeyValue(report: ReportCore, rows: Array<[string, TableCell]>): void {
  writeTable(report, {
    columns: [{ header: 'Item', width: report.width * 0.32 }, { header: 'Detail' }],
    rows: rows.map(([key, value]) => [key, value]),
    header: false,
    rowHeaders: true,
    borders: 'rows',
  });
}

function tableLayout(report: ReportCore, options: TableOptions): Layout {
  const columns = options.columns;
  const showHeader = options.header ?? true;
  const widths = columnWidths(columns, report.width);
  const left = report.left;
  const layout: Layout = {
    report,
    columns,
    size: options.fontSize ?? SIZE.table,
    showHeader,
    repeatHeader: showHeader && (options.repeatHeader ?? true),
    rowHeaders: !!options.rowHeaders,
    borders: options.borders ?? 'grid',
    left,
    widths,
    xs: widths.map((_w, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0)),
    tableWidth: widths.reduce((a, b) => a + b, 0),
    minSplit: 0,
    headers: columns.map((c) => plain(c.header)),
    headerHeight: 0,
    bodyRows: options.rows.map((row) => columns.map((_c, i) => plain(row[i]))),
    capacity: 0,
  };
  layout.minSplit = 3 * report.lineHeight(layout.size) + 2 * CELL_PAD.y;
  layout.headerHeight = showHeader ? rowHeight(layout, layout.headers, 'header') : 0;
  layout.capacity = report.pageHeight - (layout.repeatHeader ? layout.headerHeight : 0);
  return layout;
}

/** The width of a column's text, inside its padding. */
function textWidth(layout: Layout, i: number): number {
  return Math.max(1, layout.widths[i]! - 2 * CELL_PAD.x);
}

function isBold(layout: Layout, kind: RowKind, i: number): boolean {
  return kind === 'header' || (layout.rowHeaders && i === 0);
}

/** The height of a row: its tallest cell, at least one line, with padding. */
function rowHeight(layout: Layout, texts: string[], kind: RowKind): number {
  const { report, size } = layout;
  return (
    Math.max(
      report.lineHeight(size),
      ...texts.map((t, i) => report.measure(t, textWidth(layout, i), isBold(layout, kind, i), size)),
    ) +
    2 * CELL_PAD.y
  );
}

/** A row's borders (and a header's fill), as an artifact. */
function drawFrame(layout: Layout, y: number, height: number, kind: RowKind): void {
  const { report, left, tableWidth, xs, widths } = layout;
  const doc = report.doc;
  report.artifact(() => {
    if (kind === 'header') doc.rect(left, y, tableWidth, height).fill(COLOUR.fill);
    doc.lineWidth(0.5).strokeColor(COLOUR.border);
    if (layout.borders === 'grid') {
      xs.forEach((x, i) => doc.rect(x, y, widths[i]!, height).stroke());
    } else {
      doc
        .moveTo(left, y + height)
        .lineTo(left + tableWidth, y + height)
        .stroke();
    }
  });
}

function drawCellText(layout: Layout, text: string, i: number, y: number, bold: boolean): void {
  layout.report.drawText(text, layout.xs[i]! + CELL_PAD.x, y + CELL_PAD.y, textWidth(layout, i), {
    bold,
    size: layout.size,
    align: layout.columns[i]!.align ?? 'left',
  });
}

/** The tagged header row, at the top of the table. */
function writeHeaderRow(layout: Layout, table: Struct): void {
  const doc = layout.report.doc;
  const head = doc.struct('THead');
  table.add(head);
  const tr = doc.struct('TR');
  head.add(tr);
  const y = doc.y;
  drawFrame(layout, y, layout.headerHeight, 'header');
  layout.headers.forEach((text, i) => {
    const th = structWithScope(doc, 'TH', 'Column');
    tr.add(th);
    if (text) th.add(() => drawCellText(layout, text, i, y, true));
    th.end();
  });
  tr.end();
  head.end();
  doc.y = y + layout.headerHeight;
}

/** The header row again at the top of a page the table continues on, as a pagination artifact. */
function drawRepeatedHeader(layout: Layout): void {
  const { report, headerHeight, headers } = layout;
  const doc = report.doc;
  const y = doc.y;
  drawFrame(layout, y, headerHeight, 'header');
  report.artifact(() => headers.forEach((text, i) => drawCellText(layout, text, i, y, true)), 'Pagination');
  doc.y = y + headerHeight;
}

function continueTable(layout: Layout): void {
  layout.report.doc.continueOnNewPage();
  if (layout.repeatHeader) drawRepeatedHeader(layout);
}

/** One body row: on a new page if it does not fit here, split across pages if it is taller than one. */
function writeBodyRow(layout: Layout, body: Struct, row: string[]): void {
  const { report } = layout;
  const doc = report.doc;
  const height = rowHeight(layout, row, 'body');
  if (doc.y + height > report.bottom) {
    if (height <= layout.capacity || report.bottom - doc.y < layout.minSplit) continueTable(layout);
  }
  const tr = doc.struct('TR');
  body.add(tr);
  const cells = row.map((_t, i) => {
    const cell = layout.rowHeaders && i === 0 ? structWithScope(doc, 'TH', 'Row') : doc.struct('TD');
    tr.add(cell);
    return cell;
  });
  let texts = row;
  let needed = height;
  for (;;) {
    const rest = drawRowPart(layout, cells, texts, needed);
    if (!rest) break;
    texts = rest;
    needed = rowHeight(layout, rest, 'body');
    continueTable(layout);
  }
  cells.forEach((cell) => cell.end());
  tr.end();
}

/** Draws as much of a row as fits on this page; returns the text left over, or undefined if it all fitted. */
function drawRowPart(layout: Layout, cells: Struct[], texts: string[], needed: number): string[] | undefined {
  const { report, size } = layout;
  const doc = report.doc;
  const y = doc.y;
  const available = report.bottom - y;
  const fits = needed <= available;
  const parts = fits
    ? texts.map((text) => [text, ''] as const)
    : texts.map((text, i) =>
        splitToHeight(
          report,
          text,
          textWidth(layout, i),
          isBold(layout, 'body', i),
          size,
          available - 2 * CELL_PAD.y,
        ),
      );
  const height = fits ? needed : available;
  drawFrame(layout, y, height, 'body');
  parts.forEach(([text], i) => {
    if (text) cells[i]!.add(() => drawCellText(layout, text, i, y, isBold(layout, 'body', i)));
  });
  doc.y = y + height;
  return fits ? undefined : parts.map(([, rest]) => rest);
}

/** Splits text into the longest head that fits in `height` (whole words where possible) and the rest. */
function splitToHeight(
  report: ReportCore,
  text: string,
  width: number,
  bold: boolean,
  size: number,
  height: number,
): [string, string] {
  if (!text || report.measure(text, width, bold, size) <= height) return [text, ''];
  const fitsUpTo = (cut: number) => report.measure(text.slice(0, cut).trimEnd(), width, bold, size) <= height;
  // Candidate cut points: after each run of whitespace; failing that, after each character.
  const wordCuts = [...text.matchAll(/\s+/g)].map((m) => m.index + m[0].length);
  const charCuts = Array.from(text).reduce<number[]>((cuts, ch) => {
    cuts.push((cuts[cuts.length - 1] ?? 0) + ch.length);
    return cuts;
  }, []);
  for (const cuts of [wordCuts, charCuts]) {
    const best = lastFitting(cuts, fitsUpTo);
    if (best >= 0) {
      const cut = cuts[best]!;
      return [text.slice(0, cut).trimEnd(), text.slice(cut).trimStart()];
    }
  }
  return ['', text];
}

/** The index of the last cut that fits (a binary search: the cuts are in order), or -1 if none does. */
function lastFitting(cuts: number[], fitsUpTo: (cut: number) => boolean): number {
  let lo = 0;
  let hi = cuts.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (fitsUpTo(cuts[mid]!)) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

function structWithScope(doc: Doc, type: 'TH', scope: 'Column' | 'Row'): Struct {
  // pdfkit writes a Table attribute with /Scope for this option; @types/pdfkit does not list it.
  const options: PDFKit.Mixins.StructureElementOptions & { scope: string } = { scope };
  return doc.struct(type, options);
}

function columnWidths(columns: TableColumn[], available: number): number[] {
  const fixed = columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
  const flexible = columns.filter((c) => c.width === undefined).length;
  const share = flexible ? Math.max(0, available - fixed) / flexible : 0;
  const widths = columns.map((c) => c.width ?? share);
  const total = widths.reduce((a, b) => a + b, 0);
  return total > available ? widths.map((w) => (w * available) / total) : widths;
}
