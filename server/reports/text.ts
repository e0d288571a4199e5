/**
 * Text layout for the PDF reports in any script: per-character font fallback, Unicode line breaking,
 * the bidirectional algorithm, and /ActualText so that the text reads back as it was typed.
 *
 * - Fonts: DejaVu Sans first (committed, in ./fonts), then Noto fonts from npm packages for the scripts
 *   DejaVu lacks or draws poorly: Arabic, Hebrew, Devanagari, CJK (the Simplified Chinese face, which
 *   has Traditional Chinese and Japanese kana too), Korean, and monochrome emoji. Each is read from
 *   disk only when a text first needs it, so Latin-only reports load nothing more. pdfkit embeds only
 *   the glyphs used (a subset).
 * - Each grapheme (a base character with its combining marks, or a whole ZWJ emoji sequence; found
 *   with Intl.Segmenter) is drawn with the first font that has every one of its characters, trying
 *   the font for its script first. A grapheme no font can draw becomes U+FFFD (drawn, so visible),
 *   and its code points are reported to `onMissing`: never the text around it.
 * - Lines break where UAX #14 allows (the linebreak package: between CJK ideographs, after spaces…).
 * - Right-to-left: bidi-js resolves the levels of each paragraph (its direction from its first strong
 *   character); each line's pieces are put in visual order (UAX #9 rule L2) and mirrored. Glyphs in
 *   visual order read back reversed, and shaped scripts (Arabic joining, Devanagari reordering, emoji
 *   ligatures) do not map glyph by glyph to characters, so such runs are wrapped in a marked-content
 *   span whose /ActualText is the run's text in logical order, as PDF readers expect.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import bidiModule, { type Bidi } from 'bidi-js';
import * as fontkit from 'fontkit';
import LineBreaker from 'linebreak';

type Doc = PDFKit.PDFDocument;

// ---- fonts -------------------------------------------------------------------------------------------

type FontSource = { id: string; regular: () => string; bold: () => string; script?: RegExp };

const require = createRequire(import.meta.url);

/** A file inside an installed npm package (its root found from its main module). */
function packageFile(name: string, file: string): string {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name
    )
      return path.join(dir, file);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the package ${name}`);
    dir = parent;
  }
}

const local = (file: string) => () => new URL(`./fonts/${file}`, import.meta.url).pathname;
const expo = (pkg: string, family: string) => ({
  regular: () => packageFile(`@expo-google-fonts/${pkg}`, `400Regular/${family}_400Regular.ttf`),
  bold: () => packageFile(`@expo-google-fonts/${pkg}`, `700Bold/${family}_700Bold.ttf`),
});
const embedpdf = (pkg: string, family: string) => ({
  regular: () => packageFile(`@embedpdf/${pkg}`, `fonts/${family}-Regular.otf`),
  bold: () => packageFile(`@embedpdf/${pkg}`, `fonts/${family}-Bold.otf`),
});

/** The fallback chain, in order. `script`: graphemes in that script try this font first. */
export const FONT_CHAIN: readonly FontSource[] = [
  { id: 'DejaVuSans', regular: local('DejaVuSans.ttf'), bold: local('DejaVuSans-Bold.ttf') },
  { id: 'NotoSansArabic', ...expo('noto-sans-arabic', 'NotoSansArabic'), script: /\p{Script=Arabic}/u },
  { id: 'NotoSansHebrew', ...expo('noto-sans-hebrew', 'NotoSansHebrew'), script: /\p{Script=Hebrew}/u },
  {
    id: 'NotoSansDevanagari',
    ...expo('noto-sans-devanagari', 'NotoSansDevanagari'),
    script: /\p{Script=Devanagari}/u,
  },
  {
    id: 'NotoSansSC',
    ...embedpdf('fonts-sc', 'NotoSansHans'),
    script:
      /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u,
  },
  { id: 'NotoSansKR', ...embedpdf('fonts-kr', 'NotoSansKR'), script: /\p{Script=Hangul}/u },
  {
    id: 'NotoEmoji',
    ...expo('noto-emoji', 'NotoEmoji'),
    script: /\p{Emoji_Presentation}|\p{Extended_Pictographic}\ufe0f|\p{Emoji_Modifier}|\u200d|\u20e3/u,
  },
];

/** One face (a font in one weight), loaded once per process. */
export type Face = {
  /** The name registered with pdfkit, e.g. "NotoSansArabic-Bold". */
  name: string;
  buffer: Buffer;
  font: fontkit.Font;
  /** Shaped advance width (font units) and the characters its glyphs map back to, by text. */
  shaped: Map<string, { units: number; glyphText: string; direction: 'ltr' | 'rtl' }>;
};

const faces = new Map<string, Face>();

function face(source: FontSource, bold: boolean): Face {
  const name = `${source.id}-${bold ? 'Bold' : 'Regular'}`;
  let loaded = faces.get(name);
  if (!loaded) {
    const buffer = readFileSync(bold ? source.bold() : source.regular());
    loaded = { name, buffer, font: fontkit.create(buffer), shaped: new Map() };
    faces.set(name, loaded);
  }
  return loaded;
}

/** The primary face (DejaVu Sans), whose metrics every line has at least. */
export function primaryFace(bold: boolean): Face {
  return face(FONT_CHAIN[0]!, bold);
}

/** Spaces and punctuation, which take the font of the run they are in. */
const NEUTRAL = /^[\p{Zs}\p{P}]$/u;

function covers(f: Face, grapheme: string): boolean {
  return Array.from(grapheme).every((c) => f.font.hasGlyphForCodePoint(c.codePointAt(0)!));
}

/** Characters that need no glyph: joiners, variation selectors and other default-ignorables. */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

export const REPLACEMENT = '\ufffd';

const faceCache = new Map<string, Face | null>();

/** The face for one grapheme, or undefined if no font in the chain has all of its characters. */
function faceFor(grapheme: string, bold: boolean): Face | undefined {
  const key = `${bold ? 'b' : 'r'}${grapheme}`;
  let found = faceCache.get(key);
  if (found === undefined) {
    found = findFace(grapheme, bold) ?? null;
    if (faceCache.size > 50_000) faceCache.clear();
    faceCache.set(key, found);
  }
  return found ?? undefined;
}

function findFace(grapheme: string, bold: boolean): Face | undefined {
  const needed = Array.from(grapheme).filter((c) => !IGNORABLE.test(c));
  if (!needed.length) return primaryFace(bold);
  const preferred = FONT_CHAIN.filter((s) => s.script?.test(grapheme));
  for (const source of [...preferred, ...FONT_CHAIN.filter((s) => !preferred.includes(s))]) {
    const candidate = face(source, bold);
    if (needed.every((c) => candidate.font.hasGlyphForCodePoint(c.codePointAt(0)!))) return candidate;
  }
  return undefined;
}

/** Advance width of `text` in `face` at `size` points (shaped, as pdfkit will draw it). */
export function advance(f: Face, text: string, size: number): number {
  return (shape(f, text).units / f.font.unitsPerEm) * size;
}

function shape(f: Face, text: string) {
  let shaped = f.shaped.get(text);
  if (!shaped) {
    const run = f.font.layout(text);
    shaped = {
      units: run.advanceWidth,
      glyphText: String.fromCodePoint(...run.glyphs.flatMap((g) => g.codePoints)),
      direction: run.direction,
    };
    if (f.shaped.size > 20_000) f.shaped.clear();
    f.shaped.set(text, shaped);
  }
  return shaped;
}

function metrics(f: Face, size: number): { ascent: number; height: number } {
  const scale = size / f.font.unitsPerEm;
  return { ascent: f.font.ascent * scale, height: (f.font.ascent - f.font.descent + f.font.lineGap) * scale };
}

// ---- layout ------------------------------------------------------------------------------------------

export type TextStyle = { bold: boolean; size: number };

/** Called with the code points of each grapheme that no font could draw (drawn as U+FFFD instead). */
export type MissingHandler = (codePoints: number[]) => void;

/** A grapheme with what it is drawn with. `text` is what is drawn (U+FFFD when nothing can draw it). */
type Cluster = { start: number; text: string; original: string; face: Face; level: number; space: boolean };

/** A piece of a line: graphemes drawn in one pdfkit call. */
type Piece = {
  face: Face;
  level: number;
  /** Logical text (what is read back). */
  text: string;
  /** What is drawn, in the order pdfkit needs: mirrored, and reversed when at an RTL level. */
  draw: string;
  width: number;
  /** Its position in logical order within the line. */
  order: number;
  /** Glyph-to-character mapping differs from the text (shaping, reordering): needs /ActualText. */
  complex: boolean;
};

export type LaidLine = {
  /** Pieces in visual order, each with its x offset from the line's start. */
  pieces: Array<Piece & { x: number }>;
  /** Groups of consecutive visual pieces (by index) read back through one /ActualText. */
  spans: Array<{ from: number; to: number; text: string }>;
  /** Width of the visible text (trailing spaces excluded). */
  width: number;
  ascent: number;
  height: number;
};

export type Laid = { lines: LaidLine[]; height: number };

// bidi-js is CommonJS: its default export at run time is the factory its types call `default`.
const bidi = (bidiModule as unknown as () => Bidi)();

/** Characters of right-to-left scripts (bidi classes R and AL), and Arabic digits. */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]|[\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/** Graphemes with their UTF-16 index; printable ASCII is one grapheme per character. */
function segmentGraphemes(text: string): Iterable<{ segment: string; index: number }> {
  if (/^[\x20-\x7e]*$/.test(text)) return Array.from(text, (segment, index) => ({ segment, index }));
  return graphemes.segment(text);
}

const laidCache = new Map<string, { laid: Laid; missing: number[][] }>();

/**
 * Lays `text` out in lines at most `width` wide (no wrapping if width is Infinity). Layouts are
 * cached (a report measures a text, then draws it); `onMissing` hears of undrawable graphemes each time.
 */
export function layoutText(
  text: string,
  width: number,
  style: TextStyle,
  lineGap: number,
  onMissing?: MissingHandler,
): Laid {
  const key = `${width}|${style.bold ? 1 : 0}|${style.size}|${lineGap}|${text}`;
  let cached = laidCache.get(key);
  if (!cached) {
    const missing: number[][] = [];
    cached = { laid: layoutUncached(text, width, style, lineGap, (c) => missing.push(c)), missing };
    if (laidCache.size > 5_000) laidCache.clear();
    laidCache.set(key, cached);
  }
  if (onMissing) cached.missing.forEach(onMissing);
  return cached.laid;
}

function layoutUncached(
  text: string,
  width: number,
  style: TextStyle,
  lineGap: number,
  onMissing: MissingHandler,
): Laid {
  const lines: LaidLine[] = [];
  for (const paragraph of text.split('\n'))
    lines.push(...layoutParagraph(paragraph, width, style, onMissing));
  for (const line of lines) line.height += lineGap;
  return { lines, height: lines.reduce((h, l) => h + l.height, 0) };
}

function layoutParagraph(
  text: string,
  width: number,
  style: TextStyle,
  onMissing?: MissingHandler,
): LaidLine[] {
  if (!text) {
    const m = metrics(primaryFace(style.bold), style.size);
    return [{ pieces: [], spans: [], width: 0, ascent: m.ascent, height: m.height }];
  }
  const { clusters, baseLevel } = clustersOf(text, style.bold, onMissing);
  const segments = segmentsOf(text, clusters, style.size);
  return fillLines(segments, clusters, width, style.size).map(([a, b]) =>
    buildLine(clusters.slice(a, b), baseLevel, style),
  );
}

/** The paragraph's graphemes, each with the face that draws it and its bidi level. */
function clustersOf(
  text: string,
  bold: boolean,
  onMissing?: MissingHandler,
): { clusters: Cluster[]; baseLevel: number } {
  // Only text with right-to-left characters needs the bidi algorithm; the rest is all level 0.
  const embedding = RTL.test(text) ? bidi.getEmbeddingLevels(text) : undefined;
  const levels = embedding?.levels ?? new Uint8Array(text.length);
  const mirrored = embedding ? bidi.getMirroredCharactersMap(text, levels) : new Map<number, string>();
  const clusters: Cluster[] = [];
  for (const { segment, index } of segmentGraphemes(text)) {
    const { face: f, drawn } = drawnWith(segment, clusters[clusters.length - 1]?.face, bold, onMissing);
    const level = levels[index]!;
    clusters.push({
      start: index,
      text: level % 2 === 1 ? mirrorFirst(drawn, mirrored.get(index)) : drawn,
      original: segment,
      face: f,
      level,
      space: /^\s+$/u.test(segment),
    });
  }
  return { clusters, baseLevel: embedding?.paragraphs[0]?.level ?? 0 };
}

/** The face for a grapheme, and what of it is drawn (U+FFFD when no font can draw it). */
function drawnWith(
  segment: string,
  previous: Face | undefined,
  bold: boolean,
  onMissing?: MissingHandler,
): { face: Face; drawn: string } {
  const primary = primaryFace(bold);
  // Spaces and punctuation stay in the font of the text they are in, when it has them, so that a
  // phrase in one script is one run (shaped, and read back, as a whole).
  const f =
    previous && previous !== primary && NEUTRAL.test(segment) && covers(previous, segment)
      ? previous
      : faceFor(segment, bold);
  if (!f) {
    onMissing?.(Array.from(segment).map((c) => c.codePointAt(0)!));
    return { face: primary, drawn: REPLACEMENT };
  }
  // Default-ignorable characters the face has no glyph for (e.g. a variation selector) are left
  // out of what is drawn: they change nothing visible, and would draw a .notdef box.
  const drawn = Array.from(segment)
    .filter((c) => !IGNORABLE.test(c) || f.font.hasGlyphForCodePoint(c.codePointAt(0)!))
    .join('');
  return { face: f, drawn };
}

/** At a right-to-left level a bracket is drawn as its mirror image. */
function mirrorFirst(drawn: string, mirror: string | undefined): string {
  return Array.from(drawn)
    .map((c, k) => (k === 0 ? (mirror ?? c) : c))
    .join('');
}

type Segment = { from: number; to: number; width: number; trailing: number };

/** The stretches between break opportunities (UAX #14), as cluster ranges with their widths. */
function segmentsOf(text: string, clusters: Cluster[], size: number): Segment[] {
  const breakAt = new Set<number>();
  const breaker = new LineBreaker(text);
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) breakAt.add(bk.position);
  const segments: Segment[] = [];
  let from = 0;
  for (let k = 0; k < clusters.length; k++) {
    const end = k + 1 < clusters.length ? clusters[k + 1]!.start : text.length;
    if (k + 1 === clusters.length || breakAt.has(end)) {
      segments.push(measureSegment(clusters, from, k + 1, size));
      from = k + 1;
    }
  }
  return segments;
}

/** Greedy line filling, as cluster ranges; a segment wider than a whole line is split between graphemes. */
function fillLines(segments: Segment[], clusters: Cluster[], width: number, size: number) {
  const ranges: Array<[number, number]> = [];
  let lineFrom = 0;
  let lineWidth = 0;
  const finishLine = (to: number) => {
    ranges.push([lineFrom, to]);
    lineFrom = to;
    lineWidth = 0;
  };
  for (const seg of segments) {
    const visible = seg.width - seg.trailing;
    if (lineFrom < seg.from && lineWidth + visible > width) finishLine(seg.from);
    if (lineFrom !== seg.from || visible <= width) {
      lineWidth += seg.width;
      continue;
    }
    let w = 0;
    for (let k = seg.from; k < seg.to; k++) {
      const c = clusters[k]!;
      const cw = advance(c.face, c.text, size);
      if (k > lineFrom && w + cw > width && !c.space) {
        finishLine(k);
        w = 0;
      }
      w += cw;
    }
    lineWidth = w;
  }
  if (lineFrom < clusters.length || !ranges.length) ranges.push([lineFrom, clusters.length]);
  return ranges;
}

function measureSegment(clusters: Cluster[], from: number, to: number, size: number): Segment {
  let width = 0;
  let trailing = 0;
  for (const run of runsOf(clusters.slice(from, to), false)) width += advance(run.face, run.text, size);
  for (let k = to - 1; k >= from && clusters[k]!.space; k--)
    trailing += advance(clusters[k]!.face, clusters[k]!.text, size);
  return { from, to, width, trailing };
}

/** Consecutive clusters with the same face and level (split at spaces when `splitSpaces`). */
function runsOf(
  clusters: Cluster[],
  splitSpaces: boolean,
): Array<{ face: Face; level: number; clusters: Cluster[]; text: string }> {
  const runs: Array<{ face: Face; level: number; clusters: Cluster[]; text: string }> = [];
  for (const c of clusters) {
    const last = runs[runs.length - 1];
    const split =
      splitSpaces && c.level % 2 === 1 && (c.space || last?.clusters[last.clusters.length - 1]!.space);
    if (last && last.face === c.face && last.level === c.level && !split) {
      last.clusters.push(c);
      last.text += c.text;
    } else runs.push({ face: c.face, level: c.level, clusters: [c], text: c.text });
  }
  return runs;
}

function buildLine(clusters: Cluster[], baseLevel: number, style: TextStyle): LaidLine {
  // Trailing spaces are at the paragraph's level (UAX #9 rule L1) and drawn last, invisible.
  let end = clusters.length;
  while (end > 0 && clusters[end - 1]!.space) end--;
  const pieces = piecesOf(clusters.slice(0, end), style.size);
  const visual = visualOrder(pieces);
  const spaces = clusters
    .slice(end)
    .map((c) => c.text)
    .join('');
  if (spaces) appendTrailingSpaces(visual, spaces, pieces.length, baseLevel, primaryFace(style.bold));
  let x = 0;
  const placed = visual.map((p) => {
    const at = { ...p, x };
    x += p.width;
    return at;
  });
  const bodyCount = placed.length - (placed.length > pieces.length ? 1 : 0);
  const faces = new Set([primaryFace(style.bold), ...placed.map((p) => p.face)]);
  const ms = [...faces].map((f) => metrics(f, style.size));
  return {
    pieces: placed,
    spans: actualTextSpans(placed, bodyCount, baseLevel),
    width: x,
    ascent: Math.max(...ms.map((m) => m.ascent)),
    height: Math.max(...ms.map((m) => m.height)),
  };
}

/** The line's runs as pieces in logical order, each with what pdfkit draws for it. */
function piecesOf(body: Cluster[], size: number): Piece[] {
  return runsOf(body, true).map((run, order) => {
    const rtlLevel = run.level % 2 === 1;
    const shaped = shape(run.face, run.text);
    // fontkit reverses the glyphs of a right-to-left script itself; anything else at a right-to-left
    // level (digits cannot be; spaces and punctuation can) is reversed here, grapheme by grapheme.
    const draw =
      rtlLevel && shaped.direction !== 'rtl'
        ? [...run.clusters]
            .reverse()
            .map((c) => c.text)
            .join('')
        : run.text;
    const logical = run.clusters.map((c) => (c.text === REPLACEMENT ? REPLACEMENT : c.original)).join('');
    return {
      face: run.face,
      level: run.level,
      text: logical,
      draw,
      width: advance(run.face, run.text, size),
      order,
      complex: rtlLevel || shaped.glyphText !== logical,
    };
  });
}

/**
 * UAX #9 rule L2: from the highest level down to the lowest odd level, reverse every sequence of
 * pieces at that level or higher.
 */
function visualOrder(pieces: Piece[]): Piece[] {
  const visual = [...pieces];
  const highest = Math.max(0, ...pieces.map((p) => p.level));
  const lowestOdd = Math.min(...pieces.map((p) => (p.level % 2 ? p.level : p.level + 1)), highest + 1);
  for (let level = highest; level >= lowestOdd; level--) {
    for (let k = 0; k < visual.length;) {
      if (visual[k]!.level < level) {
        k++;
        continue;
      }
      let j = k;
      while (j < visual.length && visual[j]!.level >= level) j++;
      visual.splice(k, j - k, ...visual.slice(k, j).reverse());
      k = j;
    }
  }
  return visual;
}

/** Trailing spaces: appended to the last piece when it is a plain left-to-right one, else their own. */
function appendTrailingSpaces(
  visual: Piece[],
  spaces: string,
  bodyPieces: number,
  baseLevel: number,
  primary: Face,
): void {
  const last = visual[visual.length - 1];
  if (last && baseLevel === 0 && last.level === 0 && !last.complex && last.order === bodyPieces - 1) {
    last.draw += spaces;
    last.text += spaces;
    return;
  }
  visual.push({
    face: primary,
    level: baseLevel,
    text: spaces,
    draw: spaces,
    width: 0,
    order: bodyPieces,
    complex: false,
  });
}

/**
 * What reads back through /ActualText: in a right-to-left paragraph the whole line; otherwise each
 * stretch of right-to-left pieces (contiguous both visually and logically), and each complex piece.
 */
function actualTextSpans(
  placed: LaidLine['pieces'],
  bodyCount: number,
  baseLevel: number,
): LaidLine['spans'] {
  const logicalText = (from: number, to: number) =>
    placed
      .slice(from, to)
      .sort((p, q) => p.order - q.order)
      .map((p) => p.text)
      .join('');
  if (baseLevel % 2 === 1)
    return bodyCount ? [{ from: 0, to: bodyCount, text: logicalText(0, bodyCount) }] : [];
  const spans: LaidLine['spans'] = [];
  for (let k = 0; k < bodyCount;) {
    if (placed[k]!.level > 0) {
      let j = k;
      while (j < bodyCount && placed[j]!.level > 0) j++;
      spans.push({ from: k, to: j, text: logicalText(k, j) });
      k = j;
    } else {
      if (placed[k]!.complex) spans.push({ from: k, to: k + 1, text: placed[k]!.text });
      k++;
    }
  }
  return spans;
}

// ---- drawing -----------------------------------------------------------------------------------------

/**
 * Draws one laid-out line with its baseline at `baseline`, starting at `x`. Fonts are registered with
 * the document on first use (pdfkit embeds only fonts it was asked to use, and only their used glyphs).
 */
export function drawLine(
  doc: Doc,
  line: LaidLine,
  x: number,
  baseline: number,
  size: number,
  registered: Set<string>,
): void {
  const spanAt = new Map(line.spans.map((s) => [s.from, s]));
  let openSpanEnd = -1;
  line.pieces.forEach((piece, k) => {
    const span = spanAt.get(k);
    if (span) {
      doc.markContent('Span', { actual: span.text });
      openSpanEnd = span.to;
    }
    if (!registered.has(piece.face.name)) {
      doc.registerFont(piece.face.name, piece.face.buffer);
      registered.add(piece.face.name);
    }
    if (piece.draw) {
      doc
        .font(piece.face.name)
        .fontSize(size)
        .text(piece.draw, x + piece.x, baseline, {
          lineBreak: false,
          baseline: 'alphabetic',
        });
    }
    if (k + 1 === openSpanEnd) {
      doc.endMarkedContent();
      openSpanEnd = -1;
    }
  });
}
