/**
 * A small layer over pdfkit for accessible reports: A4, PDF 1.7, tagged (a structure tree of headings,
 * paragraphs, lists and tables), title and language set, an embedded Unicode font, "Page x of y" footers.
 *
 * Every piece of text is written inside a structure element (H1…H4, P, L/LI/Lbl/LBody, Table/TR/TH/TD);
 * rules, boxes, table borders, repeated table headers and footers are marked as artifacts, so assistive
 * technology reads the document once, in order. Page breaks are decided here, before anything is drawn,
 * so no page is ever added without content on it.
 */
import { pipeline } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { pino, type Logger } from 'pino';
import { drawLine, layoutText, primaryFace, type LaidLine } from './text.js';

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

export type ReportOptions = {
  title: string;
  subject?: string;
  author?: string;
  /** BCP 47 language of the document; en-GB unless the content is in another language. */
  lang?: string;
  /** Where to log characters that no font could draw (once per report, code points only). */
  logger?: Pick<Logger, 'warn'>;
};

export type Align = 'left' | 'center' | 'right';
export type TableColumn = { header: string; width?: number; align?: Align };
export type TableCell = string | number | null | undefined;
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

const MM = 72 / 25.4;
const MARGINS = { top: 18 * MM, bottom: 22 * MM, left: 18 * MM, right: 18 * MM };
const FOOTER_FROM_BOTTOM = 12 * MM;

const COLOUR = { text: '#0b0c0c', secondary: '#505a5f', border: '#b1b4b6', fill: '#f3f2f1' };
const SIZE = { body: 11, small: 9.5, table: 10, footer: 9 };
const HEADING = {
  1: { size: 20, before: 0, after: 8 },
  2: { size: 15, before: 14, after: 6 },
  3: { size: 12.5, before: 10, after: 4 },
  4: { size: 11, before: 8, after: 3 },
} as const;
const LINE_GAP = 2;
const PARAGRAPH_GAP = 6;
const CELL_PAD = { x: 4, y: 3.5 };

let defaultLogger: Pick<Logger, 'warn'> | undefined;
/** The logger for reports made without one (the app's own, once it has set it). */
export function setReportLogger(logger: Pick<Logger, 'warn'>): void {
  defaultLogger = logger;
}

/**
 * Text as it should be drawn: NFC (so ŵ is one letter), Windows line ends and tabs made plain, and
 * control characters, zero-width spaces and bidirectional formatting characters removed.
 *
 * Bidi controls (LRE/RLE/PDF/LRO/RLO U+202A–202E, the isolates U+2066–2069, LRM/RLM U+200E/200F) may
 * stay in what people typed, but the PDF neither draws them (no font has a glyph; they are formatting,
 * not undrawable text, so they are not reported either) nor obeys them: each text is laid out as its
 * own bidi paragraph from its letters alone, so an override in a note cannot reorder the note or the
 * labels and values drawn around it. ZWJ and ZWNJ (U+200D, U+200C) are kept: emoji sequences and
 * Indic and Arabic shaping need them.
 */
export function plain(value: TableCell): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\t\v\f]/g, ' ')
    .replace(
      /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g,
      '',
    )
    .replace(/[\u2028\u2029]/g, '\n')
    .trim();
}

export function createReport(options: ReportOptions): Report {
  return new Report(options);
}

export class Report {
  readonly doc: Doc;
  readonly title: string;
  private readonly containers: Struct[];
  private pageHasContent = false;
  private finished = false;
  /** Fonts registered with this document so far (each on first use). */
  private readonly registered = new Set<string>();
  /** Code points (U+XXXX) of graphemes no font could draw. */
  private readonly missing = new Set<string>();
  private readonly logger: Pick<Logger, 'warn'> | undefined;
  private readonly onMissing = (codePoints: number[]) => {
    this.missing.add(codePoints.map((c) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`).join(' '));
  };

  constructor(options: ReportOptions) {
    this.title = plain(options.title);
    this.logger = options.logger;
    const info: PDFKit.DocumentInfo = { Title: this.title, Creator: 'Panel scoring service' };
    if (options.subject) info.Subject = plain(options.subject);
    if (options.author) info.Author = plain(options.author);
    const doc = new PDFDocument({
      size: 'A4',
      pdfVersion: '1.7',
      tagged: true,
      lang: options.lang ?? 'en-GB',
      displayTitle: true,
      bufferPages: true,
      margins: MARGINS,
      info,
    });
    for (const bold of [false, true]) {
      const face = primaryFace(bold);
      doc.registerFont(face.name, face.buffer);
      this.registered.add(face.name);
    }
    doc.font(primaryFace(false).name).fontSize(SIZE.body).fillColor(COLOUR.text);
    doc.on('pageAdded', () => {
      this.pageHasContent = false;
    });
    this.doc = doc;
    const root = doc.struct('Document');
    doc.addStructure(root);
    this.containers = [root];
  }

  // ---- geometry -------------------------------------------------------------------------------------

  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get top(): number {
    return this.doc.page.margins.top;
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  /** Height of the writing area of a page. */
  get pageHeight(): number {
    return this.bottom - this.top;
  }
  get pageCount(): number {
    return this.doc.bufferedPageRange().count;
  }

  /** Starts a new page, unless nothing has been drawn on the current one yet. */
  newPage(): this {
    if (this.pageHasContent) this.doc.continueOnNewPage();
    return this;
  }

  /** Moves to a new page unless `height` fits below the current position (or we are at the top already). */
  ensureSpace(height: number): this {
    if (this.doc.y + height > this.bottom && this.pageHasContent) this.doc.continueOnNewPage();
    return this;
  }

  private font(bold: boolean, size: number): Doc {
    return this.doc.font(primaryFace(bold).name).fontSize(size);
  }

  /** Height of `text` wrapped to `width` (every font it needs, line by line). */
  private measure(text: string, width: number, bold: boolean, size: number): number {
    if (!text) return 0;
    return layoutText(text, width, { bold, size }, LINE_GAP, this.onMissing).height;
  }

  /** `text` as one line, not wrapped. */
  private line(text: string, bold: boolean, size: number): LaidLine {
    return layoutText(text.replace(/\n/g, ' '), Infinity, { bold, size }, 0, this.onMissing).lines[0]!;
  }

  private textWidth(text: string, bold: boolean, size: number): number {
    return this.line(text, bold, size).width;
  }

  /** Draws one line of text with its baseline at `baseline`. */
  private drawOneLine(
    text: string,
    x: number,
    baseline: number,
    bold: boolean,
    size: number,
    colour: string,
  ): void {
    this.doc.fillColor(colour);
    drawLine(this.doc, this.line(text, bold, size), x, baseline, size, this.registered);
  }

  /**
   * Draws `text` wrapped to `width` from `y` down, continuing on a new page when a line does not fit
   * (as pdfkit's own wrapping does); leaves doc.y under the last line.
   */
  private drawText(
    text: string,
    x: number,
    y: number,
    width: number,
    options: { bold: boolean; size: number; colour?: string; align?: Align },
  ): void {
    const doc = this.doc;
    const laid = layoutText(text, width, options, LINE_GAP, this.onMissing);
    doc.fillColor(options.colour ?? COLOUR.text);
    let top = y;
    for (const line of laid.lines) {
      if (top + line.height - LINE_GAP > this.bottom && top > this.top) {
        doc.continueOnNewPage();
        doc.fillColor(options.colour ?? COLOUR.text);
        top = doc.y;
      }
      const align = options.align ?? 'left';
      const offset = align === 'left' ? 0 : align === 'right' ? width - line.width : (width - line.width) / 2;
      drawLine(doc, line, x + offset, top + line.ascent, options.size, this.registered);
      top += line.height;
    }
    doc.x = x;
    doc.y = top;
  }

  private lineHeight(size: number): number {
    return this.font(false, size).currentLineHeight(true) + LINE_GAP;
  }

  private get container(): Struct {
    return this.containers[this.containers.length - 1]!;
  }

  /** Adds a structure element whose content is drawn by `draw` (marked content on the current page). */
  private tagged(type: string, draw: () => void, options: PDFKit.Mixins.StructureElementOptions = {}): void {
    this.container.add(this.doc.struct(type, options, [draw]));
    this.pageHasContent = true;
  }

  /** Draws `draw` as an artifact: decoration that assistive technology skips. */
  artifact(draw: () => void, type?: 'Pagination' | 'Layout'): this {
    if (type) this.doc.markContent('Artifact', { type });
    else this.doc.markContent('Artifact');
    this.doc.save();
    draw();
    this.doc.restore();
    this.doc.endMarkedContent();
    this.pageHasContent = true;
    return this;
  }

  /** Groups what `build` writes in a structure element (Sect by default), e.g. one criterion. */
  section(build: () => void, type = 'Sect'): this {
    const element = this.doc.struct(type);
    this.container.add(element);
    this.containers.push(element);
    try {
      build();
    } finally {
      this.containers.pop();
      element.end();
    }
    return this;
  }

  // ---- text -----------------------------------------------------------------------------------------

  heading(level: 1 | 2 | 3 | 4, text: string): this {
    const value = plain(text);
    if (!value) return this;
    const style = HEADING[level];
    if (this.pageHasContent && this.doc.y > this.top) this.doc.y += style.before;
    const height = this.measure(value, this.width, true, style.size);
    // Keep the heading with at least three lines of what follows it.
    this.ensureSpace(height + style.after + 3 * this.lineHeight(SIZE.body));
    const { left, width } = this;
    const y = this.doc.y;
    this.tagged(`H${level}`, () => {
      this.drawText(value, left, y, width, { bold: true, size: style.size });
    });
    this.doc.y += style.after;
    return this;
  }

  paragraph(
    text: string,
    options: { bold?: boolean; size?: number; colour?: string; gapAfter?: number } = {},
  ): this {
    const value = plain(text);
    if (!value) return this;
    const bold = options.bold ?? false;
    const size = options.size ?? SIZE.body;
    const height = this.measure(value, this.width, bold, size);
    // No single line stranded at the foot of a page; keep short paragraphs whole.
    this.ensureSpace(Math.min(height, 2 * this.lineHeight(size)));
    const { left, width } = this;
    const y = this.doc.y;
    this.tagged('P', () => {
      this.drawText(value, left, y, width, { bold, size, colour: options.colour });
    });
    this.doc.y += options.gapAfter ?? PARAGRAPH_GAP;
    return this;
  }

  /** Small grey text, e.g. metadata under a heading. */
  note(text: string): this {
    return this.paragraph(text, { size: SIZE.small, colour: COLOUR.secondary });
  }

  bulletList(items: string[], options: { size?: number } = {}): this {
    const values = items.map(plain).filter(Boolean);
    if (!values.length) return this;
    const size = options.size ?? SIZE.body;
    const indent = 14;
    const list = this.doc.struct('L');
    this.container.add(list);
    for (const value of values) {
      const height = this.measure(value, this.width - indent, false, size);
      this.ensureSpace(Math.min(height, 2 * this.lineHeight(size)));
      const { left, width } = this;
      const y = this.doc.y;
      const item = this.doc.struct('LI');
      list.add(item);
      item.add(
        this.doc.struct('Lbl', {}, [
          () => {
            // On the baseline of the item's first line, however tall its fonts make it.
            const first = layoutText(value, width - indent, { bold: false, size }, LINE_GAP).lines[0]!;
            this.drawOneLine('•', left + 3, y + first.ascent, false, size, COLOUR.text);
          },
        ]),
      );
      item.add(
        this.doc.struct('LBody', {}, [
          () => {
            this.drawText(value, left + indent, y, width - indent, { bold: false, size });
          },
        ]),
      );
      item.end();
      this.pageHasContent = true;
      this.doc.y += 2;
    }
    list.end();
    this.doc.y += PARAGRAPH_GAP - 2;
    return this;
  }

  /** Label–value pairs, as a table with row headers and a rule under each row. */
  keyValue(rows: Array<[string, TableCell]>): this {
    return this.table({
      columns: [{ header: 'Item', width: this.width * 0.32 }, { header: 'Detail' }],
      rows: rows.map(([key, value]) => [key, value]),
      header: false,
      rowHeaders: true,
      borders: 'rows',
    });
  }

  // ---- paper forms ----------------------------------------------------------------------------------

  /** A label with a ruled line to write on, to the right edge of the page. */
  field(label: string, options: { lineHeight?: number } = {}): this {
    const value = plain(label);
    const rowHeight = options.lineHeight ?? 26;
    this.ensureSpace(rowHeight);
    const { left, width } = this;
    const baseline = this.doc.y + rowHeight - 6;
    const labelWidth = Math.min(this.textWidth(value, true, SIZE.body), width * 0.5);
    this.tagged('P', () => {
      this.drawOneLine(value, left, baseline, true, SIZE.body, COLOUR.text);
    });
    this.artifact(() => {
      this.doc
        .lineWidth(0.75)
        .strokeColor(COLOUR.secondary)
        .moveTo(left + labelWidth + 8, baseline + 2)
        .lineTo(left + width, baseline + 2)
        .stroke();
    });
    this.doc.x = left;
    this.doc.y = baseline + 6;
    return this;
  }

  /** Ruled lines to write on (artifacts) under an optional bold label, kept together on one page. */
  writingLines(count: number, options: { label?: string; spacing?: number } = {}): this {
    const spacing = options.spacing ?? 24;
    const label = plain(options.label);
    const labelHeight = label ? this.measure(label, this.width, true, SIZE.body) : 0;
    this.ensureSpace(Math.min(labelHeight + count * spacing, this.pageHeight));
    if (label) this.paragraph(label, { bold: true, gapAfter: 0 });
    const { left, width } = this;
    for (let i = 0; i < count; i++) {
      if (this.doc.y + spacing > this.bottom) this.doc.continueOnNewPage();
      const y = this.doc.y + spacing - 4;
      this.artifact(() => {
        this.doc
          .lineWidth(0.5)
          .strokeColor(COLOUR.border)
          .moveTo(left, y)
          .lineTo(left + width, y)
          .stroke();
      });
      this.doc.y += spacing;
    }
    this.doc.x = left;
    this.doc.y += PARAGRAPH_GAP;
    return this;
  }

  /** "Label: ☐ a ☐ b …" as one paragraph of real text, with large boxes to tick; wraps if needed. */
  choiceBoxes(label: string, choices: string[]): this {
    const labelText = `${plain(label)}:`;
    const values = choices.map(plain);
    const boxSize = 20;
    const rowHeight = 30;
    const gap = 16;
    const { left, width } = this;
    const labelWidth = this.textWidth(labelText, true, SIZE.body) + 10;
    const boxWidth = this.textWidth('☐', false, boxSize);
    const items = values.map((value) => ({
      value,
      width: boxWidth + 3 + this.textWidth(value, false, SIZE.body),
    }));
    // Lay the boxes out first, so the whole group is kept on one page.
    const placed: Array<{ value: string; x: number; row: number }> = [];
    let x = left + labelWidth;
    let row = 0;
    for (const item of items) {
      if (x + item.width > left + width && x > left + labelWidth) {
        row++;
        x = left + labelWidth;
      }
      placed.push({ value: item.value, x, row });
      x += item.width + gap;
    }
    this.ensureSpace((row + 1) * rowHeight);
    const top = this.doc.y;
    const baseline = (r: number) => top + r * rowHeight + rowHeight - 8;
    this.tagged('P', () => {
      this.drawOneLine(labelText, left, baseline(0), true, SIZE.body, COLOUR.text);
      for (const item of placed) {
        this.drawOneLine('☐', item.x, baseline(item.row) + 3, false, boxSize, COLOUR.text);
        this.drawOneLine(
          ` ${item.value}`,
          item.x + boxWidth,
          baseline(item.row),
          false,
          SIZE.body,
          COLOUR.text,
        );
      }
    });
    this.doc.x = left;
    this.doc.y = top + (row + 1) * rowHeight + PARAGRAPH_GAP;
    return this;
  }

  // ---- tables ---------------------------------------------------------------------------------------

  /**
   * A table that paginates: a row is never split across pages when it fits on one; a row taller than a
   * page is split between lines of text; the header row repeats (as an artifact) on every page the
   * table continues on; cell text wraps and rows grow to fit.
   */
  table(options: TableOptions): this {
    const doc = this.doc;
    const columns = options.columns;
    if (!columns.length) throw new Error('A table needs at least one column');
    const size = options.fontSize ?? SIZE.table;
    const showHeader = options.header ?? true;
    const repeatHeader = showHeader && (options.repeatHeader ?? true);
    const borders = options.borders ?? 'grid';
    const widths = columnWidths(columns, this.width);
    const { left } = this;
    const xs = widths.map((_w, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const tableWidth = widths.reduce((a, b) => a + b, 0);
    const textWidth = (i: number) => Math.max(1, widths[i]! - 2 * CELL_PAD.x);
    const isBold = (row: 'header' | 'body', i: number) =>
      row === 'header' || (!!options.rowHeaders && i === 0);
    const rowHeight = (texts: string[], kind: 'header' | 'body') =>
      Math.max(
        this.lineHeight(size),
        ...texts.map((t, i) => this.measure(t, textWidth(i), isBold(kind, i), size)),
      ) +
      2 * CELL_PAD.y;
    const minSplit = 3 * this.lineHeight(size) + 2 * CELL_PAD.y;

    const headers = columns.map((c) => plain(c.header));
    const headerHeight = showHeader ? rowHeight(headers, 'header') : 0;
    const bodyRows = options.rows.map((row) => columns.map((_c, i) => plain(row[i])));
    const capacity = this.pageHeight - (repeatHeader ? headerHeight : 0);

    const drawFrame = (y: number, height: number, kind: 'header' | 'body') => {
      this.artifact(() => {
        if (kind === 'header') doc.rect(left, y, tableWidth, height).fill(COLOUR.fill);
        doc.lineWidth(0.5).strokeColor(COLOUR.border);
        if (borders === 'grid') {
          xs.forEach((x, i) => doc.rect(x, y, widths[i]!, height).stroke());
        } else {
          doc
            .moveTo(left, y + height)
            .lineTo(left + tableWidth, y + height)
            .stroke();
        }
      });
    };
    const drawText = (text: string, i: number, y: number, bold: boolean) => {
      this.drawText(text, xs[i]! + CELL_PAD.x, y + CELL_PAD.y, textWidth(i), {
        bold,
        size,
        align: columns[i]!.align ?? 'left',
      });
    };
    const drawRepeatedHeader = () => {
      const y = doc.y;
      drawFrame(y, headerHeight, 'header');
      this.artifact(() => headers.forEach((text, i) => drawText(text, i, y, true)), 'Pagination');
      doc.y = y + headerHeight;
    };
    const continueTable = () => {
      doc.continueOnNewPage();
      if (repeatHeader) drawRepeatedHeader();
    };

    const table = doc.struct('Table');
    this.container.add(table);
    // Start where the header and the first row (or the first few lines of it) fit together.
    const firstHeight = bodyRows[0] ? rowHeight(bodyRows[0], 'body') : 0;
    this.ensureSpace(headerHeight + Math.min(firstHeight, minSplit));

    if (showHeader) {
      const head = doc.struct('THead');
      table.add(head);
      const tr = doc.struct('TR');
      head.add(tr);
      const y = doc.y;
      drawFrame(y, headerHeight, 'header');
      headers.forEach((text, i) => {
        const th = structWithScope(doc, 'TH', 'Column');
        tr.add(th);
        if (text) th.add(() => drawText(text, i, y, true));
        th.end();
      });
      tr.end();
      head.end();
      doc.y = y + headerHeight;
    }

    const body = doc.struct('TBody');
    table.add(body);
    for (const row of bodyRows) {
      const height = rowHeight(row, 'body');
      if (doc.y + height > this.bottom) {
        if (height <= capacity || this.bottom - doc.y < minSplit) continueTable();
      }
      const tr = doc.struct('TR');
      body.add(tr);
      const cells = row.map((_t, i) => {
        const cell = options.rowHeaders && i === 0 ? structWithScope(doc, 'TH', 'Row') : doc.struct('TD');
        tr.add(cell);
        return cell;
      });
      let remaining = row;
      let needed = height;
      for (;;) {
        const y = doc.y;
        const available = this.bottom - y;
        const fits = needed <= available;
        const parts = fits
          ? remaining.map((text) => [text, ''] as const)
          : remaining.map((text, i) =>
              this.splitToHeight(text, textWidth(i), isBold('body', i), size, available - 2 * CELL_PAD.y),
            );
        const height = fits ? needed : available;
        drawFrame(y, height, 'body');
        parts.forEach(([text], i) => {
          if (text) cells[i]!.add(() => drawText(text, i, y, isBold('body', i)));
        });
        doc.y = y + height;
        if (fits) break;
        remaining = parts.map(([, rest]) => rest);
        needed = rowHeight(remaining, 'body');
        continueTable();
      }
      cells.forEach((cell) => cell.end());
      tr.end();
    }
    body.end();
    table.end();
    this.pageHasContent = true;
    doc.x = left;
    doc.y += PARAGRAPH_GAP + 4;
    return this;
  }

  /** Splits text into the longest head that fits in `height` (whole words where possible) and the rest. */
  private splitToHeight(
    text: string,
    width: number,
    bold: boolean,
    size: number,
    height: number,
  ): [string, string] {
    if (!text || this.measure(text, width, bold, size) <= height) return [text, ''];
    const fitsUpTo = (cut: number) => this.measure(text.slice(0, cut).trimEnd(), width, bold, size) <= height;
    // Candidate cut points: after each run of whitespace; failing that, after each character.
    const wordCuts = [...text.matchAll(/\s+/g)].map((m) => m.index + m[0].length);
    const charCuts = Array.from(text).reduce<number[]>((cuts, ch) => {
      cuts.push((cuts[cuts.length - 1] ?? 0) + ch.length);
      return cuts;
    }, []);
    for (const cuts of [wordCuts, charCuts]) {
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
      if (best >= 0) {
        const cut = cuts[best]!;
        return [text.slice(0, cut).trimEnd(), text.slice(cut).trimStart()];
      }
    }
    return ['', text];
  }

  // ---- output ---------------------------------------------------------------------------------------

  /**
   * Writes "Page x of y" (and an optional left-hand footer) on every page as pagination artifacts, ends
   * the document and streams it to `out`; resolves when `out` has finished.
   */
  async finish(out: NodeJS.WritableStream, options: { footer?: string } = {}): Promise<void> {
    if (this.finished) throw new Error('The report has already been finished');
    this.finished = true;
    const doc = this.doc;
    const written = pipeline(doc, out);
    this.containers[0]!.end();
    const { start, count } = doc.bufferedPageRange();
    const footer = plain(options.footer);
    for (let i = start; i < start + count; i++) {
      const page = doc.switchToPage(i);
      const bottomMargin = page.margins.bottom;
      // With the bottom margin in place, text below it would make pdfkit add a page.
      page.margins.bottom = 0;
      const { left, width } = this;
      const y = page.height - FOOTER_FROM_BOTTOM;
      const pageText = `Page ${i - start + 1} of ${count}`;
      doc.markContent('Artifact', { type: 'Pagination', attached: ['Bottom'] });
      const measure = (t: string) => this.textWidth(t, false, SIZE.footer);
      const baseline = y + this.line(pageText, false, SIZE.footer).ascent;
      const pageTextWidth = measure(pageText);
      this.drawOneLine(
        pageText,
        left + width - pageTextWidth,
        baseline,
        false,
        SIZE.footer,
        COLOUR.secondary,
      );
      if (footer) {
        const text = fitWidth(measure, footer, width - pageTextWidth - 24);
        this.drawOneLine(text, left, baseline, false, SIZE.footer, COLOUR.secondary);
      }
      doc.endMarkedContent();
      page.margins.bottom = bottomMargin;
    }
    doc.end();
    await written;
    if (this.missing.size) {
      // Once per report, and only the code points: never the text they were in.
      (this.logger ?? defaultLogger ?? fallbackLogger()).warn(
        { codePoints: [...this.missing] },
        'PDF text had characters that no font can draw; they are shown as \uFFFD',
      );
    }
  }
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

/** Shortens one line of text with an ellipsis so that `measure` says it fits `width`. */
function fitWidth(measure: (text: string) => number, text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ');
  if (measure(line) <= width) return line;
  const graphemes = Array.from(
    new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(line),
    (g) => g.segment,
  );
  while (graphemes.length && measure(`${graphemes.join('')}…`) > width) graphemes.pop();
  return `${graphemes.join('').trimEnd()}…`;
}

let fallback: Logger | undefined;
function fallbackLogger(): Logger {
  fallback ??= pino({ base: { service: 'panel-scoring', component: 'reports' } });
  return fallback;
}
