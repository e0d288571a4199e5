import assert from 'node:assert/strict';
import {
  blankScoresheetTitle,
  OGL_ATTRIBUTION,
  writeBlankScoresheet,
} from '../../../server/reports/blank-scoresheet.js';
import type { PublishedScoresheet } from '../../../server/domain/published-scoresheet.js';
import {
  pdfInfo,
  pdfPages,
  pdfStructure,
  pdfWords,
  checkPdf,
  removePdfs,
  squash,
  structElements,
  structText,
  writePdf,
  type StructNode,
} from '../../helpers/pdf.js';
import { HOSTILE, publishedScoresheet, VERSION } from './fixtures.js';

const FOOTER = /Page (\d+) of (\d+)/;

function bodyLines(page: string): string[] {
  return page
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !FOOTER.test(l));
}

function inOrder(haystack: string, needles: string[]): void {
  let from = 0;
  for (const needle of needles) {
    const at = haystack.indexOf(needle, from);
    assert.ok(at >= 0, `"${needle}" missing or out of order`);
    from = at + needle.length;
  }
}

describe('blank scoresheet PDF', () => {
  const content = publishedScoresheet();
  let file: string;
  let pages: string[];
  let text: string;
  let tree: StructNode;

  before(async () => {
    file = await writePdf((out) => writeBlankScoresheet(content, VERSION, out));
    pages = await pdfPages(file);
    text = pages.map((p) => bodyLines(p).join('\n')).join('\n');
    tree = await pdfStructure(file);
  });
  after(() => removePdfs());

  it('is an A4, tagged PDF titled after the campaign and version, that passes the structural check', async () => {
    const info = await pdfInfo(file);
    assert.equal(info.title, `Scoresheet: ${content.campaign.title} (version 3)`);
    assert.equal(info.title, blankScoresheetTitle(content, VERSION));
    assert.equal(info.tagged, true);
    assert.equal(info.pageSize.name, 'A4');
    assert.ok(Math.abs(info.pageSize.width - 595.28) < 0.5 && Math.abs(info.pageSize.height - 841.89) < 0.5);
    assert.ok(info.pages > 1);
    assert.equal(info.pages, pages.length);
    assert.equal(info.fields['JavaScript'], 'no');
    const check = await checkPdf(file);
    assert.ok(check.ok, check.output);
  });

  it('numbers every page "Page x of y", and its last page has content', () => {
    assert.ok(pages.length > 5, `${pages.length} pages for 15 long criteria`);
    pages.forEach((page, i) => {
      const match = FOOTER.exec(page);
      assert.ok(match, `page ${i + 1}`);
      assert.deepEqual([Number(match[1]), Number(match[2])], [i + 1, pages.length]);
      assert.match(page, /Candidate: _+/, 'a place for the candidate on every page');
      assert.ok(bodyLines(page).length > 1, `page ${i + 1} has content`);
    });
    const last = pages[pages.length - 1]!;
    assert.ok(last.includes('Sources and licence') || last.includes('© Crown copyright'));
  });

  it('comes back as plain text with the hostile and Welsh text intact', () => {
    for (const value of Object.values(HOSTILE)) assert.ok(text.includes(value), value);
    assert.ok(squash(text).includes(squash(`Interview scoresheet: ${content.campaign.title}`)));
    assert.match(text, /Siân Ŵyn ŷ/);
  });

  it('has the campaign, candidate and panel fields, the scale, every criterion in order, sign-off and sources', () => {
    const squashed = squash(text);
    inOrder(squashed, [
      squash('Vacancy reference'),
      squash(content.campaign.vacancyReference),
      squash('Software developer: Lead developer'),
      'G7',
      squash('Success Profiles behaviours, level 4'),
      squash('a weighted total of at least 60'),
      squash('Version 3, published 1 June 2026, 10:30am'),
      'ffffffffffffffff',
      squash('Candidate name or reference'),
      squash('Panel member'),
      squash('Scoring scale: Civil Service 1 to 7'),
      ...content.scale.points.flatMap((p) => [squash(p.label), squash(p.descriptor!)]),
      ...content.criteria.flatMap((c) => [
        squash(`${c.position}. ${c.title}`),
        squash(`Weight ${c.weight}. Pass mark ${c.passMark}.`),
        squash(c.description!),
        ...c.descriptors.map(squash),
        ...c.negativeIndicators.map(squash),
        squash('Score:'),
        squash('Evidence notes'),
      ]),
      'Sign-off',
      'Signature',
      'Date',
      squash('Sources and licence'),
      squash(OGL_ATTRIBUTION),
      ...content.editions.flatMap((e) => [squash(e.title), squash(e.attribution!)]),
    ]);
  });

  it('offers a box for every point on the scale under each criterion', () => {
    const boxes = text.split('\n').filter((l) => l.startsWith('Score:'));
    assert.equal(boxes.length, content.criteria.length);
    for (const line of boxes) assert.match(squash(line), /^Score:☐1☐2☐3☐4☐5☐6☐7$/);
  });

  it('marks the lead criterion, required levels, SFIA codes and ineffective indicators', () => {
    const squashed = squash(text);
    assert.ok(
      squashed.includes(
        squash(
          'Capability Framework skill. Level: Practitioner. Weight 2. Pass mark 4. Lead criterion (breaks ties).',
        ),
      ),
    );
    assert.ok(squashed.includes(squash('Behaviour. Level 4.')));
    const sfia = content.criteria.find((c) => c.sfia)!;
    assert.ok(squashed.includes(squash(`${sfia.position}. ${sfia.title} (SFIA DESN, level 6)`)));
    inOrder(squashed, [
      squash('Effective indicators'),
      squash('Ineffective indicators'),
      squash('Ineffective 2.2'),
    ]);
  });

  it('keeps every word inside the margins, and only the footer below the bottom margin', async () => {
    const mm = 72 / 25.4;
    const { pages: sizes, words } = await pdfWords(file);
    assert.equal(sizes.length, pages.length);
    for (const word of words) {
      const { width, height } = sizes[word.page - 1]!;
      const where = `page ${word.page} "${word.text}" at ${word.xMin},${word.yMin}`;
      assert.ok(word.xMin >= 18 * mm - 1 && word.xMax <= width - 18 * mm + 1, where);
      assert.ok(word.yMin >= 18 * mm - 1, where);
      const inFooter = word.yMin >= height - 22 * mm;
      if (inFooter) assert.ok(word.yMax <= height - 5 * mm, where);
      else assert.ok(word.yMax <= height - 22 * mm + 1, where);
    }
    const footerWords = words.filter((w) => w.yMin >= sizes[w.page - 1]!.height - 22 * mm).map((w) => w.text);
    assert.ok(footerWords.length >= pages.length * 5);
    assert.ok(
      footerWords.every((w) =>
        /^(Page|of|\d+|Candidate:|_+|·|scoresheet|version|REF-\)|Tj|\/JavaScript|\(x)$/.test(w),
      ),
      footerWords.join(' '),
    );
  });

  it('never leaves a criterion heading at the foot of a page without its text', () => {
    pages.forEach((page, i) => {
      const lines = bodyLines(page);
      const lastLine = lines[lines.length - 1]!;
      assert.doesNotMatch(
        lastLine,
        /^\d+\. (Criterion|Technical|Experience)/,
        `page ${i + 1} ends with a heading`,
      );
      assert.ok(
        !/^(Skill descriptors|Behaviour indicators|Descriptors|Effective indicators|Ineffective indicators|Evidence notes)/.test(
          lastLine,
        ),
        `page ${i + 1}: ${lastLine}`,
      );
    });
  });

  it('is tagged: one H1, a section with an H2 per criterion, lists for descriptors, tables with headers', () => {
    const doc = tree.children[0]!;
    assert.equal(doc.type, 'Document');
    const h1 = structElements(doc, 'H1');
    assert.deepEqual(
      h1.map((h) => h.text),
      [`Interview scoresheet: ${content.campaign.title}`],
    );
    const sections = structElements(doc, 'Sect');
    assert.equal(sections.length, content.criteria.length);
    sections.forEach((sect, i) => {
      const c = content.criteria[i]!;
      assert.equal(sect.children[0]!.type, 'H2');
      assert.ok(sect.children[0]!.text.startsWith(`${c.position}. ${c.title}`));
      const items = structElements(sect, 'LBody').map((b) => b.text);
      assert.deepEqual(items, [...c.descriptors, ...c.negativeIndicators]);
    });
    const scale = structElements(doc, 'Table')[1]!;
    assert.deepEqual(
      structElements(scale, 'TH').map((th) => th.text),
      ['Score', 'Label', 'What it means'],
    );
    assert.equal(structElements(scale, 'TR').length, content.scale.points.length + 1);
    assert.ok(structText(doc).includes(HOSTILE.html));
  });

  it('describes a CSCF competency, a missing framework text and a total-only pass rule', async () => {
    const cscf: PublishedScoresheet = {
      ...content,
      campaign: { ...content.campaign, behaviourFramework: 'cscf-2012', title: 'Short campaign' },
      passRule: 'total',
      criteria: [
        { ...content.criteria[1]!, position: 1 },
        { ...content.criteria[0]!, position: 2, descriptors: [], description: null, missing: true },
      ],
    };
    const cscfFile = await writePdf((out) => writeBlankScoresheet(cscf, { ...VERSION, version: 1 }, out));
    const cscfText = squash((await pdfPages(cscfFile)).map((p) => bodyLines(p).join(' ')).join(' '));
    assert.ok(cscfText.includes(squash('Civil Service Competency Framework 2012, level 4')));
    assert.ok(cscfText.includes(squash('Weighted total at or above 60')));
    assert.ok(cscfText.includes(squash('Competency. Level 4.')));
    assert.ok(cscfText.includes(squash('The framework text for this criterion was not available')));
    assert.equal((await pdfInfo(cscfFile)).title, 'Scoresheet: Short campaign (version 1)');
    const check = await checkPdf(cscfFile);
    assert.ok(check.ok, check.output);
  });

  it('prints how long a scoresheet takes (not asserted)', async () => {
    for (const criteria of [1, 15, 60]) {
      const started = performance.now();
      const timed = await writePdf((out) =>
        writeBlankScoresheet(publishedScoresheet({ criteria }), VERSION, out),
      );
      const ms = performance.now() - started;
      console.log(`      ${criteria} criteria: ${(await pdfInfo(timed)).pages} pages in ${ms.toFixed(0)} ms`);
    }
  });
});
