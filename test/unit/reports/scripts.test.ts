import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import * as fontkit from 'fontkit';
import { pino } from 'pino';
import { writeCandidateOutcome } from '../../../server/reports/candidate-outcome.js';
import { createReport, type Report } from '../../../server/reports/pdf.js';
import { FONT_CHAIN } from '../../../server/reports/text.js';
import { RLO_NOTE, TEXT_CORPUS } from '../../fixtures/text-corpus.js';
import {
  checkPdf,
  pdfFonts,
  pdfPages,
  pdfStructure,
  pdfWords,
  removePdfs,
  structElements,
  structText,
  writePdf,
} from '../../helpers/pdf.js';
import { outcomeData } from './outcome.test.js';

/**
 * What "intact" means when comparing what was typed with what is read back:
 * - NFC: the PDF layer draws text in NFC (e + U+0301 is drawn as é), so both sides are compared in NFC;
 * - whitespace collapsed: a wrapped line or a table cell can add or drop a space at a line end;
 * - bidi formatting characters removed from the typed side: the PDF deliberately does not draw them
 *   (see plain() in server/reports/pdf.ts).
 * Nothing else is removed: every letter, mark, joiner, variation selector and emoji must come back.
 */
function normal(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A pino logger writing JSON lines into `lines`: the app's own logger, only its destination differs. */
function memoryLogger(lines: Array<Record<string, unknown>>) {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return pino({ level: 'info' }, stream);
}

async function write(build: (report: Report) => void, logger?: ReturnType<typeof memoryLogger>) {
  return writePdf(async (out) => {
    const report = createReport({ title: 'Scripts', logger });
    build(report);
    await report.finish(out);
  });
}

const samples = Object.entries(TEXT_CORPUS);

describe('PDF text in any script', () => {
  after(() => removePdfs());

  describe('a report with every sample as a heading, a paragraph, a list item and a table cell', () => {
    let file: string;
    const long = Array.from({ length: 6 }, () => Object.values(TEXT_CORPUS).join(' ')).join(' ');
    const logs: Array<Record<string, unknown>> = [];

    before(async () => {
      file = await write((r) => {
        for (const [name, text] of samples) {
          r.heading(3, `${name}: ${text}`);
          r.paragraph(text);
        }
        r.bulletList(Object.values(TEXT_CORPUS));
        r.table({
          columns: [{ header: 'Script', width: 110 }, { header: 'Sample' }],
          rows: samples.map(([name, text]) => [name, text]),
        });
        r.paragraph(long);
        r.paragraph(RLO_NOTE);
        r.paragraph(`Note: ${RLO_NOTE} (C007)`);
      }, memoryLogger(logs));
    });

    it('is well formed and logs nothing (every character has a font)', async () => {
      const check = await checkPdf(file);
      assert.ok(check.ok, check.output);
      assert.deepEqual(logs, []);
    });

    it('reads every sample back from the structure tree exactly as typed', async () => {
      const tree = await pdfStructure(file);
      const paragraphs = structElements(tree, 'P').map((p) => normal(p.text));
      const headings = structElements(tree, 'H3').map((h) => normal(h.text));
      const items = structElements(tree, 'LBody').map((b) => normal(b.text));
      const cells = structElements(tree, 'TD').map((d) => normal(d.text));
      for (const [name, text] of samples) {
        assert.ok(paragraphs.includes(normal(text)), `${name} paragraph: ${JSON.stringify(paragraphs)}`);
        assert.ok(
          headings.includes(normal(`${name}: ${text}`)),
          `${name} heading: ${JSON.stringify(headings)}`,
        );
        assert.ok(items.includes(normal(text)), `${name} list item`);
        assert.ok(cells.includes(normal(text)), `${name} cell: ${JSON.stringify(cells)}`);
      }
      // The long paragraph wraps over many lines, CJK lines without spaces between them.
      assert.ok(paragraphs.includes(normal(long)), 'the long mixed paragraph');
    });

    it('reads every sample back from the page text, in logical order', async () => {
      const text = normal((await pdfPages(file)).join('\n'));
      for (const [name, sample] of samples) assert.ok(text.includes(normal(sample)), name);
    });

    it('does not let a right-to-left override reorder the note or the text around it', async () => {
      const tree = await pdfStructure(file);
      const paragraphs = structElements(tree, 'P').map((p) => p.text);
      assert.ok(paragraphs.includes('Score 5 evitagen agreed'), JSON.stringify(paragraphs.slice(-2)));
      assert.ok(paragraphs.includes('Note: Score 5 evitagen agreed (C007)'));
      // And on the page, left to right, as typed: the override is not obeyed.
      const lines = (await pdfPages(file)).join('\n').split('\n');
      assert.ok(lines.some((l) => l.trim() === 'Note: Score 5 evitagen agreed (C007)'));
    });

    it('embeds the fallback fonts it needs, as subsets with ToUnicode maps', async () => {
      const fonts = await pdfFonts(file);
      for (const family of [
        'DejaVuSans',
        'DejaVuSans-Bold',
        'NotoSansArabic',
        'NotoSansHebrew',
        'NotoSansDevanagari',
        'NotoSansHans',
        'NotoSansKR',
        'NotoEmoji',
      ])
        assert.ok(
          fonts.some((f) => f.name.includes(family)),
          `${family} in ${fonts.map((f) => f.name).join(', ')}`,
        );
      for (const font of fonts) assert.ok(font.embedded && font.subset && font.unicode, JSON.stringify(font));
    });

    it('never overlaps lines of text, whatever fonts a line uses', async () => {
      const { words } = await pdfWords(file);
      for (let i = 0; i < words.length; i++) {
        for (let j = i + 1; j < words.length; j++) {
          const a = words[i]!;
          const b = words[j]!;
          // Words on one line (each one's middle within the other's height) may touch: their boxes are
          // estimated within a run of text. Words on different lines must not overlap.
          const within = (w: typeof a, y: number) => y >= w.yMin && y <= w.yMax;
          const sameLine = within(a, (b.yMin + b.yMax) / 2) || within(b, (a.yMin + a.yMax) / 2);
          if (a.page !== b.page || sameLine) continue;
          const xOverlap = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
          const yOverlap = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
          assert.ok(
            xOverlap <= 2 || yOverlap <= 2,
            `page ${a.page}: "${a.text}" and "${b.text}" overlap by ${yOverlap.toFixed(1)} pt`,
          );
        }
      }
    });
  });

  it('shapes Arabic: letters take their joining forms', () => {
    const arabic = FONT_CHAIN.find((f) => f.id === 'NotoSansArabic')!;
    const font = fontkit.create(readFileSync(arabic.regular()));
    const alone = font.layout('ب').glyphs[0]!.id;
    const joined = font.layout('ببب').glyphs.map((g) => g.id);
    assert.equal(new Set([...joined, alone]).size, 4, `isolated ${alone}, joined ${joined.join(' ')}`);
  });

  it('draws a character no font has as a visible U+FFFD, and logs its code point once, without the text', async () => {
    const logs: Array<Record<string, unknown>> = [];
    const file = await write((r) => {
      r.paragraph('Private use \ue000 and unassigned \u0378 here');
      r.table({ columns: [{ header: 'Again' }], rows: [['\ue000']] });
    }, memoryLogger(logs));
    const tree = await pdfStructure(file);
    assert.ok(structText(tree).includes('Private use \ufffd and unassigned \ufffd here'), structText(tree));
    assert.equal(logs.length, 1, JSON.stringify(logs));
    assert.deepEqual(logs[0]!['codePoints'], ['U+E000', 'U+0378']);
    assert.equal(logs[0]!['level'], 40);
    assert.ok(!JSON.stringify(logs[0]).includes('Private use'));
  });

  it('embeds only DejaVu Sans in a Latin-only report', async () => {
    const file = await write((r) => {
      r.heading(1, 'Latin only');
      r.paragraph(TEXT_CORPUS['welsh']!);
      r.table({ columns: [{ header: 'A' }], rows: [['Café résumé']] });
    });
    const fonts = await pdfFonts(file);
    assert.ok(fonts.length >= 1);
    for (const font of fonts) assert.match(font.name, /^[A-Z]{6}\+DejaVuSans(-Bold)?$/);
  });

  it('keeps every sample in a candidate outcome report', async () => {
    const typed = samples.map(([, t]) => t);
    const data = outcomeData({
      candidate: TEXT_CORPUS['arabic']!,
      feedback: typed.join('\n'),
      overrideReason: RLO_NOTE,
    });
    data.criteria = data.criteria.map((c, i) => ({ ...c, rationale: typed[i % typed.length]! }));
    const file = await writePdf((out) => writeCandidateOutcome(data, out));
    const check = await checkPdf(file);
    assert.ok(check.ok, check.output);
    const text = normal(structText(await pdfStructure(file)));
    for (const [name, sample] of samples) assert.ok(text.includes(normal(sample)), name);
    assert.ok(text.includes('Score 5 evitagen agreed'));
  });

  it('prints how long a Latin-only and a mixed-script report take (not asserted)', async () => {
    const latin = Array.from(
      { length: 40 },
      (_v, i) => `Paragraph ${i}: ${TEXT_CORPUS['welsh']} and more words.`,
    );
    const mixed = Array.from(
      { length: 40 },
      (_v, i) => `Paragraph ${i}: ${Object.values(TEXT_CORPUS).join(' ')}`,
    );
    for (const [name, texts] of [
      ['Latin-only', latin],
      ['Latin-only', latin],
      ['mixed-script', mixed],
      ['mixed-script', mixed],
    ] as const) {
      const started = performance.now();
      const file = await write((r) => texts.forEach((t) => r.paragraph(t)));
      const ms = performance.now() - started;
      const size = readFileSync(file).length;
      console.log(
        `      ${name}: ${(await pdfPages(file)).length} pages in ${ms.toFixed(0)} ms, ${(size / 1024).toFixed(0)} KB`,
      );
    }
  });
});
