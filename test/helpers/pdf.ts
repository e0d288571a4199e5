/**
 * Reading PDFs back in tests with npm packages only (no system PDF tools needed): pdf.js reads
 * the text, document information and fonts as a viewer would, and pdf-lib reads the object model (the
 * catalog, the structure tree, the content streams).
 *
 * Text is read as a person's tools read it, honouring /ActualText: where a marked-content span carries
 * /ActualText (as the report writer does for right-to-left and shaped runs, whose glyphs are in visual
 * order), that text replaces the text of the glyphs inside the span. Acrobat and poppler do the same;
 * pdf.js's getTextContent ignores it, so this helper matches spans to the content stream itself.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  type PDFObject,
} from 'pdf-lib';
import { getDocument, OPS, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem, TextMarkedContent } from 'pdfjs-dist/types/src/display/api.js';

const tempDirs: string[] = [];

/** Writes a PDF through `write` into a new temporary file and returns its path. */
export async function writePdf(
  write: (out: NodeJS.WritableStream) => Promise<void>,
  name = 'report.pdf',
): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pdf-test-'));
  tempDirs.push(dir);
  const file = path.join(dir, name);
  await write(createWriteStream(file));
  return file;
}

/** Removes the temporary files made by writePdf (call from an after hook). */
export async function removePdfs(): Promise<void> {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  cache.clear();
}

// ---- loading ------------------------------------------------------------------------------------------

/** One piece of text on a page, with its baseline and box in points from the page's top left. */
type Piece = {
  str: string;
  x: number;
  width: number;
  baseline: number;
  top: number;
  bottom: number;
  size: number;
  /** The marked-content id (`${pageObjectNumber}:${mcid}`) of the innermost MCID sequence it is in. */
  mcid: string | undefined;
};

type LoadedPage = {
  width: number;
  height: number;
  pieces: Piece[];
  /** The text drawn in each marked-content sequence with an MCID, by `${pageObjectNumber}:${mcid}`. */
  mcText: Map<string, string>;
};

type Loaded = {
  bytes: Uint8Array;
  pdfjs: PDFDocumentProxy;
  lib: PDFDocument;
  pages: LoadedPage[];
};

const cache = new Map<string, Promise<Loaded>>();

async function load(file: string): Promise<Loaded> {
  const { size, mtimeMs } = await stat(file);
  const key = `${file}:${size}:${mtimeMs}`;
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = loadUncached(file);
    cache.set(key, loaded);
  }
  return loaded;
}

async function openPdfjs(bytes: Uint8Array, stopAtErrors = false): Promise<PDFDocumentProxy> {
  // pdf.js takes ownership of (and detaches) the buffer it is given, so give it a copy.
  return getDocument({
    data: bytes.slice(),
    stopAtErrors,
    fontExtraProperties: true,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
}

async function loadUncached(file: string): Promise<Loaded> {
  const bytes = new Uint8Array(await readFile(file));
  const pdfjs = await openPdfjs(bytes);
  const lib = await PDFDocument.load(bytes, { updateMetadata: false });
  const libPages = lib.getPages();
  const pages: LoadedPage[] = [];
  for (let n = 1; n <= pdfjs.numPages; n++) {
    const page = await pdfjs.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    const content = await page.getTextContent({ includeMarkedContent: true, disableNormalization: true });
    const marks = markedContentOperators(contentBytes(lib, libPages[n - 1]!.node));
    const ops = await page.getOperatorList();
    pages.push({
      width,
      height,
      pieces: pieces(content.items, content.styles, marks, height),
      mcText: markedText(ops, marks, libPages[n - 1]!.ref.objectNumber),
    });
  }
  return { bytes, pdfjs, lib, pages };
}

/** Turns pdf.js text items into pieces, replacing the glyphs of each /ActualText span by its text. */
function pieces(
  items: Array<TextItem | TextMarkedContent>,
  styles: Record<string, { ascent: number; descent: number }>,
  marks: Array<{ tag: string; actualText: string | undefined }>,
  pageHeight: number,
): Piece[] {
  const out: Piece[] = [];
  // The open marked-content sequences: the MCID (if any), and the ActualText span being collected.
  const stack: Array<{
    mcid: string | undefined;
    actual: { text: string; first: Piece | undefined } | undefined;
  }> = [];
  let markIndex = 0;
  const mcidNow = () => [...stack].reverse().find((s) => s.mcid)?.mcid;
  const actualNow = () => stack.find((s) => s.actual)?.actual;
  for (const item of items) {
    if ('type' in item) {
      // pdf.js gives a marked-content item its tag too; its types do not list it.
      const tag = (item as TextMarkedContent & { tag?: string | null }).tag ?? '';
      if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') {
        const mark = marks[markIndex++];
        if (!mark || mark.tag !== tag)
          throw new Error(`Marked content out of step with the content stream at ${tag || '?'}`);
        const id =
          item.type === 'beginMarkedContentProps' && item.id ? /^p(\d+)R\d*_mc(\d+)$/.exec(item.id) : null;
        const outerActual = actualNow();
        stack.push({
          mcid: id ? `${id[1]}:${id[2]}` : undefined,
          actual:
            mark.actualText !== undefined && !outerActual
              ? { text: mark.actualText, first: undefined }
              : undefined,
        });
      } else if (item.type === 'endMarkedContent') {
        const closed = stack.pop();
        if (closed?.actual?.first) closed.actual.first.str = closed.actual.text;
        else if (closed?.actual && closed.actual.text) {
          // A span with ActualText but no glyphs: keep its text where the last piece ended.
          const last = out[out.length - 1];
          if (last) out.push({ ...last, x: last.x + last.width, width: 0, str: closed.actual.text });
        }
      }
      continue;
    }
    if (!item.str) continue;
    const [a, b, , , e, f] = item.transform as [number, number, number, number, number, number];
    const size = Math.hypot(a, b) || item.height;
    const style = styles[item.fontName] ?? { ascent: 0.8, descent: -0.2 };
    const baseline = pageHeight - f;
    const piece: Piece = {
      str: item.str,
      x: e,
      width: item.width,
      baseline,
      top: baseline - style.ascent * size,
      bottom: baseline - style.descent * size,
      size,
      mcid: mcidNow(),
    };
    const actual = actualNow();
    // The blanks pdf.js makes up for a gap are not glyphs of the span: they would misplace it.
    if (actual && !piece.str.trim()) continue;
    if (actual) {
      if (actual.first) {
        // Widen the span's first piece over the rest of its glyphs, and drop them.
        const left = Math.min(actual.first.x, piece.x);
        const right = Math.max(actual.first.x + actual.first.width, piece.x + piece.width);
        actual.first.x = left;
        actual.first.width = right - left;
        actual.first.top = Math.min(actual.first.top, piece.top);
        actual.first.bottom = Math.max(actual.first.bottom, piece.bottom);
        continue;
      }
      actual.first = piece;
    }
    out.push(piece);
  }
  return out;
}

/**
 * The text of each marked-content sequence with an MCID, from the glyphs the page draws, spaces
 * included (so a line wrapped at a space ends with one, and a word broken across lines is whole), with
 * the glyphs of an /ActualText span replaced by its text. This is how poppler reads a structure
 * element's text; pdf.js's text content drops the space glyphs at the ends of lines.
 */
function markedText(
  ops: { fnArray: number[]; argsArray: unknown[] },
  marks: Array<{ tag: string; actualText: string | undefined }>,
  pageObject: number,
): Map<string, string> {
  const texts = new Map<string, string>();
  const stack: Array<{ key: string | undefined; actual: string | undefined }> = [];
  let markIndex = 0;
  const append = (text: string) => {
    if (stack.some((s) => s.actual !== undefined)) return;
    const key = [...stack].reverse().find((s) => s.key)?.key;
    if (key) texts.set(key, (texts.get(key) ?? '') + text);
  };
  ops.fnArray.forEach((fn, k) => {
    const args = ops.argsArray[k] as unknown[];
    if (fn === OPS.beginMarkedContent || fn === OPS.beginMarkedContentProps) {
      const mark = marks[markIndex++];
      const mcid = fn === OPS.beginMarkedContentProps && typeof args[1] === 'number' ? args[1] : undefined;
      const inActual = stack.some((s) => s.actual !== undefined);
      const actual = mark?.actualText;
      if (actual !== undefined && !inActual) append(actual);
      stack.push({
        key: mcid === undefined ? undefined : `${pageObject}:${mcid}`,
        actual: inActual ? '' : actual,
      });
    } else if (fn === OPS.endMarkedContent) {
      stack.pop();
    } else if (fn === OPS.showText || fn === OPS.showSpacedText) {
      const glyphs = args[0] as Array<number | { unicode?: string } | null>;
      append(glyphs.map((g) => (g && typeof g === 'object' ? (g.unicode ?? '') : '')).join(''));
    }
  });
  return texts;
}

/** The decoded content stream(s) of a page, concatenated. */
function contentBytes(lib: PDFDocument, page: PDFDict): Uint8Array {
  const streams: PDFRawStream[] = [];
  const collect = (object: PDFObject | undefined) => {
    const value = object instanceof PDFRef ? lib.context.lookup(object) : object;
    if (value instanceof PDFRawStream) streams.push(value);
    else if (value instanceof PDFArray) value.asArray().forEach(collect);
  };
  collect(page.get(PDFName.of('Contents')));
  const parts = streams.map((s) => decodePDFRawStream(s).decode());
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    out[at + part.length] = 0x0a;
    at += part.length + 1;
  }
  return out;
}

// ---- a small reader of content-stream syntax, for BMC/BDC and their /ActualText -----------------------

type Operand = string | number | Operand[] | Map<string, Operand> | { name: string } | { bytes: number[] };

const DELIMITER = new Set('()<>[]{}/%'.split('').map((c) => c.charCodeAt(0)));
const isOp = (v: unknown, op?: string): v is { op: string } =>
  typeof v === 'object' && v !== null && 'op' in v && (op === undefined || (v as { op: string }).op === op);
const isName = (v: unknown): v is { name: string } => typeof v === 'object' && v !== null && 'name' in v;
const isSpace = (c: number) =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;

/** Every BMC and BDC in a content stream, in order, with its tag and any /ActualText. */
export function markedContentOperators(
  bytes: Uint8Array,
): Array<{ tag: string; actualText: string | undefined }> {
  const marks: Array<{ tag: string; actualText: string | undefined }> = [];
  let i = 0;
  const operands: Operand[] = [];

  const readValue = (): Operand | { op: string } | undefined => {
    while (i < bytes.length) {
      if (isSpace(bytes[i]!)) i++;
      else if (bytes[i] === 0x25) while (i < bytes.length && bytes[i] !== 0x0a && bytes[i] !== 0x0d) i++;
      else break;
    }
    if (i >= bytes.length) return undefined;
    const c = bytes[i]!;
    if (c === 0x28) return { bytes: literalString() };
    if (c === 0x3c && bytes[i + 1] === 0x3c) {
      i += 2;
      const dict = new Map<string, Operand>();
      for (;;) {
        const key = readValue();
        if (key === undefined || isOp(key, '>>')) break;
        const value = readValue();
        if (value === undefined) break;
        if (isName(key) && !isOp(value)) dict.set(key.name, value);
      }
      return dict;
    }
    if (c === 0x3e && bytes[i + 1] === 0x3e) {
      i += 2;
      return { op: '>>' };
    }
    if (c === 0x3c) {
      const end = bytes.indexOf(0x3e, i);
      const hex = Buffer.from(bytes.subarray(i + 1, end))
        .toString('latin1')
        .replace(/\s+/g, '');
      i = end + 1;
      const padded = hex.length % 2 ? `${hex}0` : hex;
      return { bytes: Array.from(Buffer.from(padded, 'hex')) };
    }
    if (c === 0x5b) {
      i++;
      const array: Operand[] = [];
      for (;;) {
        const value = readValue();
        if (value === undefined || isOp(value, ']')) break;
        if (!isOp(value)) array.push(value);
      }
      return array;
    }
    if (c === 0x5d) {
      i++;
      return { op: ']' };
    }
    if (c === 0x2f) {
      const start = ++i;
      while (i < bytes.length && !isSpace(bytes[i]!) && !DELIMITER.has(bytes[i]!)) i++;
      return { name: Buffer.from(bytes.subarray(start, i)).toString('latin1') };
    }
    const start = i;
    while (i < bytes.length && !isSpace(bytes[i]!) && !DELIMITER.has(bytes[i]!)) i++;
    if (i === start) {
      i++;
      return { op: String.fromCharCode(c) };
    }
    const word = Buffer.from(bytes.subarray(start, i)).toString('latin1');
    return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) ? Number(word) : { op: word };
  };

  const literalString = (): number[] => {
    const out: number[] = [];
    let depth = 0;
    i++;
    while (i < bytes.length) {
      const c = bytes[i++]!;
      if (c === 0x5c) {
        const n = bytes[i++]!;
        const escapes: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 };
        if (n in escapes) out.push(escapes[n]!);
        else if (n >= 0x30 && n <= 0x37) {
          let octal = String.fromCharCode(n);
          while (octal.length < 3 && bytes[i]! >= 0x30 && bytes[i]! <= 0x37)
            octal += String.fromCharCode(bytes[i++]!);
          out.push(parseInt(octal, 8) & 0xff);
        } else if (n === 0x0d) {
          if (bytes[i] === 0x0a) i++;
        } else if (n !== 0x0a) out.push(n);
      } else if (c === 0x28) {
        depth++;
        out.push(c);
      } else if (c === 0x29) {
        if (depth-- === 0) break;
        out.push(c);
      } else out.push(c);
    }
    return out;
  };

  for (;;) {
    const value = readValue();
    if (value === undefined) break;
    if (isOp(value)) {
      if (value.op === 'BMC' || value.op === 'BDC') {
        const tag = operands[0] as { name: string } | undefined;
        const props = operands[1];
        const actual = props instanceof Map ? props.get('ActualText') : undefined;
        marks.push({
          tag: tag?.name ?? '',
          actualText:
            actual && typeof actual === 'object' && 'bytes' in actual ? pdfString(actual.bytes) : undefined,
        });
      } else if (value.op === 'BI') {
        // An inline image: skip its data up to EI.
        const end = Buffer.from(bytes).indexOf('EI', i, 'latin1');
        i = end < 0 ? bytes.length : end + 2;
      }
      operands.length = 0;
    } else operands.push(value);
  }
  return marks;
}

/** A PDF text string: UTF-16BE with a byte order mark, or PDFDocEncoding (Latin-1 here). */
function pdfString(bytes: number[]): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let out = '';
    for (let k = 2; k + 1 < bytes.length; k += 2)
      out += String.fromCharCode((bytes[k]! << 8) | bytes[k + 1]!);
    return out;
  }
  return Buffer.from(bytes).toString('latin1');
}

// ---- text in reading order ------------------------------------------------------------------------------

type Line = { pieces: Piece[]; top: number; bottom: number; baseline: number };

/** Groups a page's pieces into lines (pieces whose boxes overlap vertically), top to bottom. */
function lines(pieces: Piece[]): Line[] {
  const sorted = [...pieces].sort((p, q) => p.baseline - q.baseline || p.x - q.x);
  const out: Line[] = [];
  for (const piece of sorted) {
    const centre = (piece.top + piece.bottom) / 2;
    const line = out.find(
      (l) =>
        (centre >= l.top && centre <= l.bottom) ||
        ((l.top + l.bottom) / 2 >= piece.top && (l.top + l.bottom) / 2 <= piece.bottom),
    );
    if (line) {
      line.pieces.push(piece);
    } else out.push({ pieces: [piece], top: piece.top, bottom: piece.bottom, baseline: piece.baseline });
  }
  for (const line of out) line.pieces.sort((p, q) => p.x - q.x);
  return out.sort((l, m) => l.baseline - m.baseline);
}

/** One line's text, with spaces where there are gaps, roughly one per half em, as a layout text extraction would. */
function lineText(line: Line): string {
  let text = '';
  let end: number | undefined;
  for (const piece of line.pieces) {
    if (end !== undefined) {
      const gap = piece.x - end;
      const spaceWidth = 0.3 * piece.size;
      if (gap > spaceWidth * 3) text += ' '.repeat(Math.max(2, Math.round(gap / (0.5 * piece.size))));
      else if (gap > spaceWidth * 0.5 && !/\s$/.test(text) && !/^\s/.test(piece.str)) text += ' ';
    }
    text += piece.str;
    end = Math.max(end ?? -Infinity, piece.x + piece.width);
  }
  return text.replace(/\s+$/, '');
}

/** The whole text, laid out as on the page (lines top to bottom, columns apart), pages ended by a form feed. */
export async function pdfToText(file: string): Promise<string> {
  return (await pdfPages(file)).map((p) => `${p}\f`).join('');
}

/** The text of each page, in order, one line of the page per line of text. */
export async function pdfPages(file: string): Promise<string[]> {
  const { pages } = await load(file);
  return pages.map((page) => `${lines(page.pieces).map(lineText).join('\n')}\n`);
}

export type PdfWord = { page: number; text: string; xMin: number; yMin: number; xMax: number; yMax: number };

/** Every word with its box in points from the top left, and each page's size. */
export async function pdfWords(
  file: string,
): Promise<{ pages: Array<{ width: number; height: number }>; words: PdfWord[] }> {
  const loaded = await load(file);
  const words: PdfWord[] = [];
  loaded.pages.forEach((page, index) => {
    for (const piece of page.pieces) {
      const chars = Array.from(piece.str);
      const perChar = chars.length ? piece.width / chars.length : 0;
      let at = 0;
      for (const match of piece.str.matchAll(/\S+/g)) {
        const before = Array.from(piece.str.slice(0, match.index)).length;
        const length = Array.from(match[0]).length;
        at = before;
        words.push({
          page: index + 1,
          text: match[0],
          xMin: piece.x + at * perChar,
          xMax: piece.x + (at + length) * perChar,
          yMin: piece.top,
          yMax: piece.bottom,
        });
      }
    }
  });
  return { pages: loaded.pages.map(({ width, height }) => ({ width, height })), words };
}

/** Text without any whitespace, to compare what was written with what wrapped across lines and pages. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

// ---- document information -------------------------------------------------------------------------------

export type PdfInfo = {
  title: string | undefined;
  /** The document's language (the catalog's /Lang). */
  lang: string | undefined;
  tagged: boolean;
  pages: number;
  /** Width and height in points, e.g. 595.28 × 841.89 for A4. */
  pageSize: { width: number; height: number; name: string | undefined };
  pdfVersion: string | undefined;
  /** The document's information fields, e.g. Title, Author, Creator, Producer, Tagged, Pages, JavaScript. */
  fields: Record<string, string>;
};

const PAGE_SIZES: Array<[string, number, number]> = [
  ['A4', 595.28, 841.89],
  ['A3', 841.89, 1190.55],
  ['A5', 419.53, 595.28],
  ['letter', 612, 792],
  ['legal', 612, 1008],
];

export async function pdfInfo(file: string): Promise<PdfInfo> {
  const { pdfjs, pages } = await load(file);
  const info = (await pdfjs.getMetadata()).info as Record<string, unknown>;
  const markInfo = await pdfjs.getMarkInfo();
  const first = pages[0];
  const width = first?.width ?? NaN;
  const height = first?.height ?? NaN;
  const name = PAGE_SIZES.find(
    ([, w, h]) =>
      (Math.abs(w - width) < 1 && Math.abs(h - height) < 1) ||
      (Math.abs(h - width) < 1 && Math.abs(w - height) < 1),
  )?.[0];
  const string = (key: string) => (typeof info[key] === 'string' ? info[key] : undefined);
  const fields: Record<string, string> = {};
  for (const key of ['Title', 'Subject', 'Keywords', 'Author', 'Creator', 'Producer']) {
    const value = string(key);
    if (value !== undefined) fields[key] = value;
  }
  const tagged = markInfo?.Marked === true;
  fields['Tagged'] = tagged ? 'yes' : 'no';
  fields['Pages'] = String(pages.length);
  fields['Page size'] = `${round(width)} x ${round(height)} pts${name ? ` (${name})` : ''}`;
  fields['PDF version'] = string('PDFFormatVersion') ?? '';
  fields['JavaScript'] = (await hasJavaScript(pdfjs)) ? 'yes' : 'no';
  return {
    title: string('Title'),
    lang: string('Language'),
    tagged,
    pages: pages.length,
    pageSize: { width, height, name },
    pdfVersion: string('PDFFormatVersion'),
    fields,
  };
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** JavaScript anywhere a viewer would run it: the document's name tree, its actions, any page's actions. */
async function hasJavaScript(pdfjs: PDFDocumentProxy): Promise<boolean> {
  // The document's actions include its JavaScript name tree.
  if (await pdfjs.getJSActions()) return true;
  for (let n = 1; n <= pdfjs.numPages; n++) {
    const page = await pdfjs.getPage(n);
    if (await page.getJSActions()) return true;
    const annotations = await page.getAnnotations();
    if (annotations.some((a: { actions?: unknown }) => a.actions)) return true;
  }
  return false;
}

/** The document catalog, e.g. `<< /Type /Catalog /Lang (en-GB) /MarkInfo … >>`, and its viewer preferences. */
export async function pdfCatalog(file: string): Promise<{ catalog: string; viewerPreferences: string }> {
  const { lib } = await load(file);
  const catalog = lib.catalog;
  const prefs = catalog.lookup(PDFName.of('ViewerPreferences'));
  return { catalog: oneLine(catalog.toString()), viewerPreferences: prefs ? oneLine(prefs.toString()) : '' };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

// ---- fonts ----------------------------------------------------------------------------------------------

export type PdfFont = {
  /** The font's name in the file, e.g. "ABCDEF+DejaVuSans" for an embedded subset. */
  name: string;
  embedded: boolean;
  /** A subset (its name starts with a six-letter tag and "+"). */
  subset: boolean;
  /** A ToUnicode map is present, so the text can be copied and searched. */
  unicode: boolean;
};

/** The fonts the pages use to draw (name, embedded, subset, ToUnicode), each once. */
export async function pdfFonts(file: string): Promise<PdfFont[]> {
  const { pdfjs } = await load(file);
  const fonts = new Map<string, PdfFont>();
  for (let n = 1; n <= pdfjs.numPages; n++) {
    const page = await pdfjs.getPage(n);
    const ops = await page.getOperatorList();
    for (let k = 0; k < ops.fnArray.length; k++) {
      if (ops.fnArray[k] !== OPS.setFont) continue;
      const id = (ops.argsArray[k] as [string])[0];
      const font = page.commonObjs.get(id) as {
        name?: string;
        missingFile?: boolean;
        toUnicode?: unknown;
        isType3Font?: boolean;
      };
      const name = font.name ?? id;
      if (fonts.has(name)) continue;
      fonts.set(name, {
        name,
        embedded: !font.missingFile,
        subset: /^[A-Z]{6}\+/.test(name),
        unicode: font.toUnicode !== undefined && font.toUnicode !== null,
      });
    }
  }
  return [...fonts.values()];
}

// ---- the structure tree -------------------------------------------------------------------------------

export type StructNode = {
  type: string;
  /** Attribute lines, e.g. "/Scope /Column". */
  attributes: string[];
  /** This element's own text (its marked content, across pages), not its children's. */
  text: string;
  children: StructNode[];
};

/** The structure tree, read from the catalog's /StructTreeRoot; the root is the StructTreeRoot. */
export async function pdfStructure(file: string): Promise<StructNode> {
  const { lib, pages } = await load(file);
  const context = lib.context;
  const deref = (o: PDFObject | undefined) => (o instanceof PDFRef ? context.lookup(o) : o);
  const mcText = new Map<string, string>();
  for (const page of pages) for (const [key, text] of page.mcText) mcText.set(key, text);
  const textOf = (key: string) => (mcText.get(key) ?? '').trim();
  const pageNumber = (ref: PDFObject | undefined) => (ref instanceof PDFRef ? ref.objectNumber : undefined);
  const root: StructNode = { type: 'StructTreeRoot', attributes: [], text: '', children: [] };
  const treeRoot = deref(lib.catalog.get(PDFName.of('StructTreeRoot')));
  if (!(treeRoot instanceof PDFDict)) return root;

  const visit = (kid: PDFObject | undefined, parent: StructNode, page: number | undefined, depth: number) => {
    if (depth > 200) throw new Error('Structure tree too deep (a cycle?)');
    const value = deref(kid);
    if (value instanceof PDFNumber) {
      if (page !== undefined) parent.text = joinParts(parent.text, textOf(`${page}:${value.asNumber()}`));
    } else if (value instanceof PDFArray) {
      for (const k of value.asArray()) visit(k, parent, page, depth + 1);
    } else if (value instanceof PDFDict) {
      const type = value.lookupMaybe(PDFName.of('Type'), PDFName)?.decodeText();
      if (type === 'MCR') {
        const mcid = value.lookupMaybe(PDFName.of('MCID'), PDFNumber)?.asNumber();
        const pg = pageNumber(value.get(PDFName.of('Pg'))) ?? page;
        if (mcid !== undefined && pg !== undefined)
          parent.text = joinParts(parent.text, textOf(`${pg}:${mcid}`));
      } else if (type === 'OBJR') {
        // An object reference (an annotation): no text of its own.
      } else {
        const s = value.lookupMaybe(PDFName.of('S'), PDFName);
        const node: StructNode = {
          type: s?.decodeText() ?? 'Unknown',
          attributes: attributes(deref(value.get(PDFName.of('A')))),
          text: '',
          children: [],
        };
        parent.children.push(node);
        visit(value.get(PDFName.of('K')), node, pageNumber(value.get(PDFName.of('Pg'))) ?? page, depth + 1);
      }
    }
  };
  visit(treeRoot.get(PDFName.of('K')), root, undefined, 0);

  function attributes(a: PDFObject | undefined): string[] {
    const dicts = a instanceof PDFArray ? a.asArray().map(deref) : [a];
    return dicts.flatMap((d) =>
      d instanceof PDFDict
        ? d
            .entries()
            .filter(([key]) => key.decodeText() !== 'O')
            .map(([key, v]) => `${key.toString()} ${String(deref(v))}`)
        : [],
    );
  }
  return root;
}

/**
 * Joins two of an element's marked-content sequences (a paragraph continued on the next page): with a
 * space, unless there is one already or both sides are CJK (which wraps without spaces).
 */
function joinParts(before: string, after: string): string {
  if (!before || !after || /\s$/.test(before) || /^\s/.test(after)) return before + after;
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
  if (cjk.test(before.slice(-1)) && cjk.test(Array.from(after)[0] ?? '')) return before + after;
  return `${before} ${after}`;
}

/** The logical structure with its text, one element per line, indented (a structure-tree dump). */
export async function pdfStructureText(file: string): Promise<string> {
  const lines: string[] = [];
  const write = (node: StructNode, depth: number) => {
    const indent = '  '.repeat(depth);
    lines.push(`${indent}${node.type}`);
    for (const a of node.attributes) lines.push(`${indent}  ${a}`);
    if (node.text) lines.push(`${indent}  "${node.text}"`);
    node.children.forEach((c) => write(c, depth + 1));
  };
  (await pdfStructure(file)).children.forEach((c) => write(c, 0));
  return `${lines.join('\n')}\n`;
}

/** Every element of the given type, in document order. */
export function structElements(node: StructNode, type: string): StructNode[] {
  return [...(node.type === type ? [node] : []), ...node.children.flatMap((c) => structElements(c, type))];
}

/** An element's text including its descendants', in order. */
export function structText(node: StructNode): string {
  return node.text + node.children.map(structText).join('');
}

// ---- a structural check (header, cross-references, trailer, streams) ------------------------------------------------------

/**
 * Checks that the file is well formed, in JavaScript: the header and %%EOF; startxref pointing at the
 * cross-reference table; every in-use entry pointing at its "n g obj"; the trailer's /Size and /Root;
 * every stream's /Length ending at "endstream" and decoding; and pdf-lib and pdf.js (with stopAtErrors)
 * both reading the whole document, every page's content included. `ok` with no problems.
 */
export async function checkPdf(file: string): Promise<{ ok: boolean; output: string }> {
  const problems: string[] = [];
  const bytes = new Uint8Array(await readFile(file));
  const text = Buffer.from(bytes).toString('latin1');
  if (!/^%PDF-\d\.\d/.test(text)) problems.push('no %PDF- header');
  if (!/%%EOF\s*$/.test(text.slice(-32))) problems.push('does not end with %%EOF');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-64));
  if (!startxref) problems.push('no startxref');
  else {
    const at = Number(startxref[1]);
    if (text.startsWith('xref', at)) problems.push(...checkXrefTable(text, at));
    else if (!/^\d+ \d+ obj/.test(text.slice(at, at + 32)))
      problems.push(`startxref ${at} points at neither a table nor a stream`);
  }
  try {
    const lib = await PDFDocument.load(bytes, { throwOnInvalidObject: true, updateMetadata: false });
    for (const [ref, object] of lib.context.enumerateIndirectObjects()) {
      if (object instanceof PDFRawStream) {
        try {
          decodePDFRawStream(object).decode();
        } catch (e) {
          problems.push(`object ${ref.toString()}: stream does not decode: ${(e as Error).message}`);
        }
      }
    }
  } catch (e) {
    problems.push(`pdf-lib cannot read it: ${(e as Error).message}`);
  }
  try {
    const pdfjs = await openPdfjs(bytes, true);
    await pdfjs.getMetadata();
    for (let n = 1; n <= pdfjs.numPages; n++) {
      const page = await pdfjs.getPage(n);
      await page.getOperatorList();
    }
    await pdfjs.destroy();
  } catch (e) {
    problems.push(`pdf.js cannot read it: ${(e as Error).message}`);
  }
  return {
    ok: problems.length === 0,
    output: problems.length ? problems.join('\n') : 'No syntax or stream errors found',
  };
}

function checkXrefTable(text: string, at: number): string[] {
  const problems: string[] = [];
  const trailerAt = text.indexOf('trailer', at);
  if (trailerAt < 0) return ['no trailer'];
  const table = text.slice(at + 4, trailerAt);
  const lines = table.split(/\r\n|\r|\n/).filter((l) => l.trim());
  let highest = 0;
  for (let k = 0; k < lines.length;) {
    const section = /^(\d+) (\d+)\s*$/.exec(lines[k]!.trim());
    if (!section) {
      problems.push(`bad cross-reference subsection "${lines[k]}"`);
      break;
    }
    const first = Number(section[1]);
    const count = Number(section[2]);
    for (let e = 0; e < count; e++) {
      const entry = /^(\d{10}) (\d{5}) ([nf])\s*$/.exec(lines[k + 1 + e] ?? '');
      const num = first + e;
      if (!entry) {
        problems.push(`bad cross-reference entry for object ${num}`);
        continue;
      }
      highest = Math.max(highest, num);
      if (entry[3] !== 'n') continue;
      const offset = Number(entry[1]);
      const header = `${num} ${Number(entry[2])} obj`;
      if (!text.startsWith(header, offset)) {
        problems.push(`object ${num}: cross-reference offset ${offset} does not point at "${header}"`);
        continue;
      }
      const end = text.indexOf('endobj', offset);
      const body = text.slice(offset, end < 0 ? undefined : end);
      const length = /\/Length (\d+)(?! \d+ R)/.exec(body.slice(0, body.indexOf('stream') + 1 || undefined));
      const streamAt = body.search(/>>\s*stream\r?\n/);
      if (streamAt >= 0 && length) {
        const dataAt =
          offset +
          streamAt +
          /stream\r?\n/.exec(body.slice(streamAt))!.index +
          /stream\r?\n/.exec(body.slice(streamAt))![0].length;
        const after = text.slice(dataAt + Number(length[1]), dataAt + Number(length[1]) + 12);
        if (!/^\s*endstream/.test(after)) problems.push(`object ${num}: /Length does not end at endstream`);
      }
    }
    k += 1 + count;
  }
  const trailer = text.slice(trailerAt, text.indexOf('startxref', trailerAt));
  const size = /\/Size (\d+)/.exec(trailer);
  if (!size) problems.push('trailer has no /Size');
  else if (Number(size[1]) !== highest + 1)
    problems.push(`trailer /Size ${size[1]}, highest object ${highest}`);
  if (!/\/Root \d+ \d+ R/.test(trailer)) problems.push('trailer has no /Root');
  return problems;
}
