/**
 * The common part of the report writer, over pdfkit: the document (A4, PDF 1.7, tagged, title and
 * language set), its fonts, geometry and page breaks, text drawn inside structure elements, headings,
 * paragraphs, lists, sections and artifacts, and the "Page x of y" footers written when it is finished.
 * Tables are in pdf-table.ts and the parts of paper forms in pdf-form.ts; pdf.ts puts them together as
 * the Report that the reports use.
 *
 * Every piece of text is written inside a structure element (H1…H4, P, L/LI/Lbl/LBody, Table/TR/TH/TD);
 * rules, boxes, table borders, repeated table headers and footers are marked as artifacts, so assistive
 * technology reads the document once, in order. Page breaks are decided here, before anything is drawn,
 * so no page is ever added without content on it.
 */
import { pipeline } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { pino, type Logger } from 'pino';
import { COLOUR, FOOTER_FROM_BOTTOM, HEADING, LINE_GAP, MARGINS, PARAGRAPH_GAP, SIZE } from './pdf-style.js';
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
/** What a table cell (or any text passed to plain()) may hold. */
export type TableCell = string | number | null | undefined;

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

/**
 * The core of a report. The methods marked "for pdf-table.ts and pdf-form.ts" are how those modules draw;
 * the reports themselves use the Report of pdf.ts.
 */
export class ReportCore {
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

  /** Height of `text` wrapped to `width` (every font it needs, line by line). For pdf-table.ts and pdf-form.ts. */
  measure(text: string, width: number, bold: boolean, size: number): number {
    if (!text) return 0;
    return layoutText(text, width, { bold, size }, LINE_GAP, this.onMissing).height;
  }

  /** `text` as one line, not wrapped. */
  private line(text: string, bold: boolean, size: number): LaidLine {
    return layoutText(text.replace(/\n/g, ' '), Infinity, { bold, size }, 0, this.onMissing).lines[0]!;
  }

  /** The width of `text` as one line. For pdf-form.ts. */
  textWidth(text: string, bold: boolean, size: number): number {
    return this.line(text, bold, size).width;
  }

  /** Draws one line of text with its baseline at `baseline`. For pdf-form.ts. */
  drawOneLine(text: string, x: number, baseline: number, bold: boolean, size: number, colour: string): void {
    this.doc.fillColor(colour);
    drawLine(this.doc, this.line(text, bold, size), x, baseline, size, this.registered);
  }

  /**
   * Draws `text` wrapped to `width` from `y` down, continuing on a new page when a line does not fit
   * (as pdfkit's own wrapping does); leaves doc.y under the last line. For pdf-table.ts.
   */
  drawText(
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

  /** The height of one line of body text at `size`. For pdf-table.ts and pdf-form.ts. */
  lineHeight(size: number): number {
    return this.font(false, size).currentLineHeight(true) + LINE_GAP;
  }

  /** The structure element being written into. For pdf-table.ts. */
  get container(): Struct {
    return this.containers[this.containers.length - 1]!;
  }

  /**
   * Adds a structure element whose content is drawn by `draw` (marked content on the current page). For
   * pdf-form.ts.
   */
  tagged(type: string, draw: () => void, options: PDFKit.Mixins.StructureElementOptions = {}): void {
    this.container.add(this.doc.struct(type, options, [draw]));
    this.pageHasContent = true;
  }

  /** Notes that the current page has content, so newPage() and ensureSpace() may leave it. For pdf-table.ts. */
  contentDrawn(): void {
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
