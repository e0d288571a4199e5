import assert from 'node:assert/strict';
import { createReport, plain, type Report } from '../../../server/reports/pdf.js';
import {
  pdfCatalog,
  pdfFonts,
  pdfInfo,
  pdfPages,
  pdfStructure,
  checkPdf,
  removePdfs,
  squash,
  structElements,
  structText,
  writePdf,
} from '../../helpers/pdf.js';

const WELSH = 'Siân Ŵyn ŷ, Llŷr, Gwenllïan, Dafydd ap Gruffudd';
const FOOTER = /Page (\d+) of (\d+)/;

function sentence(n: number): string {
  return `Sentence ${n} of the long paragraph about evidence, scores and moderation for a panel.`;
}

async function write(build: (report: Report) => void, title = 'Test report'): Promise<string> {
  return writePdf(async (out) => {
    const report = createReport({ title, subject: 'Testing the PDF layer' });
    build(report);
    await report.finish(out);
  });
}

/** Lines of a page's text, without the footer and blank lines. */
function bodyLines(page: string): string[] {
  return page
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !FOOTER.test(l));
}

describe('PDF layer (server/reports/pdf.ts)', () => {
  after(() => removePdfs());

  describe('a document with headings, paragraphs, a list and a paragraph across pages', () => {
    let file: string;
    const long = Array.from({ length: 60 }, (_v, i) => sentence(i + 1)).join(' ');

    before(async () => {
      file = await write((r) => {
        r.heading(1, `Report for ${WELSH}`);
        r.paragraph('First paragraph.');
        r.heading(2, 'A list');
        r.bulletList(['First item', `Second item with ${WELSH}`, 'Third item']);
        r.heading(2, 'A long paragraph');
        r.paragraph(long);
        r.paragraph(long);
        r.heading(3, 'The end');
        r.paragraph('Last words.');
      }, `Title with ${WELSH}`);
    });

    it('is A4, PDF 1.7, tagged, titled, and passes the structural check', async () => {
      const info = await pdfInfo(file);
      assert.equal(info.title, `Title with ${WELSH}`);
      assert.equal(info.tagged, true);
      assert.equal(info.pdfVersion, '1.7');
      assert.equal(info.pageSize.name, 'A4');
      assert.ok(
        Math.abs(info.pageSize.width - 595.28) < 0.5 && Math.abs(info.pageSize.height - 841.89) < 0.5,
      );
      assert.ok(info.pages > 1, `${info.pages} pages`);
      const check = await checkPdf(file);
      assert.ok(check.ok, check.output);
    });

    it('sets the language, shows the title in the window, and marks the document as tagged', async () => {
      const { catalog, viewerPreferences } = await pdfCatalog(file);
      assert.match(catalog, /\/Lang \(en-GB\)/);
      assert.match(catalog, /\/MarkInfo/);
      assert.match(catalog, /\/StructTreeRoot/);
      assert.match(viewerPreferences, /\/DisplayDocTitle true/);
    });

    it('embeds only the committed Unicode font, with a ToUnicode map', async () => {
      const fonts = await pdfFonts(file);
      assert.ok(fonts.length >= 1);
      for (const font of fonts) {
        assert.match(font.name, /DejaVuSans/);
        assert.ok(font.embedded && font.unicode, JSON.stringify(font));
      }
    });

    it('reads back as text in order, Welsh letters included, a paragraph intact across pages', async () => {
      const pages = await pdfPages(file);
      const text = pages.map((p) => bodyLines(p).join('\n')).join('\n');
      assert.ok(text.includes(WELSH), 'Welsh letters');
      const squashed = squash(text);
      assert.ok(squashed.includes(squash(long)), 'the long paragraph');
      const order = [
        'Report for',
        'First paragraph.',
        'A list',
        'First item',
        'Third item',
        'A long paragraph',
        'The end',
        'Last words.',
      ];
      const at = order.map((s) => text.indexOf(s));
      assert.ok(
        at.every((n, i) => n >= 0 && (i === 0 || n > at[i - 1]!)),
        JSON.stringify(at),
      );
    });

    it('has "Page x of y" on every page and no empty trailing page', async () => {
      const pages = await pdfPages(file);
      pages.forEach((page, i) => {
        const match = FOOTER.exec(page);
        assert.ok(match, `page ${i + 1} footer`);
        assert.equal(Number(match[1]), i + 1);
        assert.equal(Number(match[2]), pages.length);
        assert.ok(bodyLines(page).length > 0, `page ${i + 1} has content`);
      });
      assert.ok(bodyLines(pages[pages.length - 1]!).includes('Last words.'));
    });

    it('tags headings, paragraphs and lists (L > LI > Lbl + LBody), in reading order', async () => {
      const tree = await pdfStructure(file);
      assert.deepEqual(
        tree.children.map((c) => c.type),
        ['Document'],
      );
      const doc = tree.children[0]!;
      assert.deepEqual(
        doc.children.map((c) => c.type),
        ['H1', 'P', 'H2', 'L', 'H2', 'P', 'P', 'H3', 'P'],
      );
      assert.equal(doc.children[0]!.text, `Report for ${WELSH}`);
      const items = structElements(doc, 'LI');
      assert.equal(items.length, 3);
      for (const item of items)
        assert.deepEqual(
          item.children.map((c) => c.type),
          ['Lbl', 'LBody'],
        );
      assert.equal(structElements(items[1]!, 'LBody')[0]!.text, `Second item with ${WELSH}`);
      // The paragraph that runs onto the next page is one P whose text is whole.
      assert.equal(squash(doc.children[5]!.text), squash(long));
      // Footers are artifacts, not content.
      assert.ok(!structText(doc).includes('Page 1 of'));
    });
  });

  describe('table()', () => {
    let file: string;
    const rows = Array.from({ length: 70 }, (_v, i) => [
      `Row ${i + 1}`,
      i % 7 === 3
        ? `A long cell that wraps onto several lines: ${sentence(i)} ${sentence(i + 1)}`
        : `Value ${i + 1}`,
      String(i + 1),
    ]);

    before(async () => {
      file = await write((r) => {
        r.heading(1, 'Table');
        r.table({
          columns: [
            { header: 'Name header', width: 90 },
            { header: 'Detail header' },
            { header: 'Score', width: 80, align: 'right' },
          ],
          rows,
          repeatHeader: true,
        });
        r.paragraph('After the table.');
      });
    });

    it('repeats the header row on every page the table continues on, as an artifact', async () => {
      const pages = await pdfPages(file);
      assert.ok(pages.length >= 2, `${pages.length} pages`);
      const tablePages = pages.filter((p) => /Row \d+/.test(p));
      assert.ok(tablePages.length >= 2);
      for (const page of tablePages) {
        const first = bodyLines(page).find((l) => l !== 'Table')!;
        assert.match(first, /^Name header\s+Detail header\s+Score$/);
      }
      const tree = await pdfStructure(file);
      const headers = structElements(tree, 'TH');
      assert.deepEqual(
        headers.map((h) => h.text),
        ['Name header', 'Detail header', 'Score'],
      );
      assert.ok(headers.every((h) => h.attributes.includes('/Scope /Column')));
    });

    it('never splits a row that fits on one page, and keeps every row in order', async () => {
      const pages = await pdfPages(file);
      let next = 1;
      for (const page of pages) {
        const names = [...page.matchAll(/Row (\d+)\b/g)].map((m) => Number(m[1]));
        for (const n of names) assert.equal(n, next++);
      }
      assert.equal(next, rows.length + 1);
      // A wrapped cell ends on the page its row starts on.
      for (const row of rows.filter((r) => r[1]!.startsWith('A long cell'))) {
        const page = pages.find((p) => new RegExp(`\\b${row[0]}\\s`).test(p))!;
        assert.ok(squash(page).includes(squash(row[1]!.slice(-40))), `${row[0]} is whole`);
      }
      const tree = await pdfStructure(file);
      const trs = structElements(tree, 'TR');
      assert.equal(trs.length, rows.length + 1);
      trs.slice(1).forEach((tr, i) => {
        assert.deepEqual(
          tr.children.map((c) => c.text),
          rows[i],
        );
      });
      assert.deepEqual(
        structElements(tree, 'Table')[0]!.children.map((c) => c.type),
        ['THead', 'TBody'],
      );
    });

    it('passes the structural check and ends with the paragraph after the table', async () => {
      const check = await checkPdf(file);
      assert.ok(check.ok, check.output);
      const pages = await pdfPages(file);
      assert.ok(bodyLines(pages[pages.length - 1]!).includes('After the table.'));
    });
  });

  it('splits a row taller than a page between lines, repeating the header, losing nothing', async () => {
    const huge = Array.from({ length: 160 }, (_v, i) => sentence(i + 1)).join(' ');
    const file = await write((r) => {
      r.paragraph('Before.');
      r.table({
        columns: [{ header: 'Criterion', width: 120 }, { header: 'Rationale' }],
        rows: [
          ['Short', 'A short row.'],
          ['Huge', huge],
          ['After', 'The row after.'],
        ],
      });
    });
    const pages = await pdfPages(file);
    assert.ok(pages.length >= 3, `${pages.length} pages`);
    const continued = pages.filter((p) => p.includes('Sentence') && !p.includes('Before.'));
    assert.ok(continued.length >= 1);
    for (const page of continued) assert.match(bodyLines(page)[0]!, /^Criterion\s+Rationale$/);
    const tree = await pdfStructure(file);
    const cells = structElements(tree, 'TD');
    assert.deepEqual(
      cells.map((c) => c.text.slice(0, 12)),
      ['Short', 'A short row.', 'Huge', huge.slice(0, 12), 'After', 'The row afte'],
    );
    assert.equal(squash(cells[3]!.text), squash(huge));
    // Every sentence is present, in order, in the page text.
    const text = squash(
      pages
        .map((p) =>
          bodyLines(p)
            .filter((l) => !/^Criterion\s+Rationale$/.test(l))
            .join(' '),
        )
        .join(' '),
    );
    let from = 0;
    for (let i = 1; i <= 160; i++) {
      const at = text.indexOf(squash(sentence(i)), from);
      assert.ok(at >= from, `sentence ${i}`);
      from = at;
    }
    const check = await checkPdf(file);
    assert.ok(check.ok, check.output);
  });

  it('writes key–value rows as a table with row headers', async () => {
    const file = await write((r) =>
      r.keyValue([
        ['Vacancy reference', 'REF-1'],
        ['Grade', 'G7'],
      ]),
    );
    const tree = await pdfStructure(file);
    const headers = structElements(tree, 'TH');
    assert.deepEqual(
      headers.map((h) => [h.text, h.attributes]),
      [
        ['Vacancy reference', ['/Scope /Row']],
        ['Grade', ['/Scope /Row']],
      ],
    );
    assert.deepEqual(
      structElements(tree, 'TD').map((d) => d.text),
      ['REF-1', 'G7'],
    );
    assert.equal((await pdfInfo(file)).pages, 1);
  });

  it('writes hostile text as plain text, never as PDF syntax or markup', async () => {
    const hostile = [
      '<script>alert(1)</script>',
      ') Tj /JavaScript (x',
      '=HYPERLINK("x")',
      '\\) Tj ET BT (y',
      '%%EOF',
    ];
    const file = await write((r) => {
      r.heading(1, hostile[0]!);
      hostile.forEach((h) => r.paragraph(h));
      r.table({ columns: [{ header: hostile[1]! }], rows: [[hostile[2]]] });
    }, hostile[1]);
    const info = await pdfInfo(file);
    assert.equal(info.title, hostile[1]);
    assert.equal(info.fields['JavaScript'], 'no');
    const check = await checkPdf(file);
    assert.ok(check.ok, check.output);
    const lines = bodyLines((await pdfPages(file))[0]!);
    for (const h of hostile) assert.ok(lines.includes(h), h);
  });

  it('plain() makes text safe to draw: NFC, no control or bidi-override characters', () => {
    assert.equal(plain('w\u0302'), 'ŵ');
    assert.equal(plain('a\u0000b\u202ec\u200bd'), 'abcd');
    assert.equal(plain('one\r\ntwo\tthree'), 'one\ntwo three');
    assert.equal(plain(null), '');
    assert.equal(plain(7), '7');
  });

  it('writes a one-page report on one page', async () => {
    const file = await write((r) => {
      r.heading(1, 'Short');
      r.paragraph('One line.');
    });
    const info = await pdfInfo(file);
    assert.equal(info.pages, 1);
    assert.match((await pdfPages(file))[0]!, /Page 1 of 1/);
  });

  it('does not add an empty page when content ends exactly at the foot of a page', async () => {
    // Fill pages with tables whose rows end at varying heights; whatever happens, no page is empty.
    for (const count of [38, 39, 40, 41, 42]) {
      const file = await write((r) => {
        r.table({ columns: [{ header: 'N' }], rows: Array.from({ length: count }, (_v, i) => [`Row ${i}`]) });
      });
      const pages = await pdfPages(file);
      pages.forEach((page, i) => assert.ok(bodyLines(page).length > 0, `${count} rows: page ${i + 1} empty`));
    }
  });

  it('times a 2-page and a 50-page report (printed, not asserted)', async () => {
    const build = (target: number) => async (out: NodeJS.WritableStream) => {
      const report = createReport({ title: `${target}-page report` });
      let n = 0;
      while (report.pageCount < target || n === 0) {
        n++;
        report.heading(2, `Candidate ${n}: ${WELSH}`);
        report.paragraph(Array.from({ length: 4 }, (_v, i) => sentence(i)).join(' '));
        report.table({
          columns: [
            { header: 'Criterion' },
            { header: 'Member', width: 60 },
            { header: 'Agreed', width: 60 },
          ],
          rows: Array.from({ length: 8 }, (_v, i) => [
            `Criterion ${i + 1}`,
            String(i % 7),
            String((i + 3) % 7),
          ]),
        });
        report.bulletList([sentence(n), sentence(n + 1)]);
      }
      await report.finish(out);
    };
    // Each size twice: the first run in a process also pays for loading the font and warming up.
    for (const target of [2, 2, 50, 50]) {
      const started = performance.now();
      const file = await writePdf(build(target));
      const ms = performance.now() - started;
      const info = await pdfInfo(file);
      assert.ok(info.pages >= target);
      console.log(`      ${info.pages}-page report written in ${ms.toFixed(0)} ms`);
    }
  });
});
