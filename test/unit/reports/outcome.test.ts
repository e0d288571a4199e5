import assert from 'node:assert/strict';
import { OGL_ATTRIBUTION } from '../../../server/reports/blank-scoresheet.js';
import {
  memberLetter,
  writeCandidateOutcome,
  type CandidateOutcome,
} from '../../../server/reports/candidate-outcome.js';
import {
  pdfInfo,
  pdfPages,
  pdfStructure,
  checkPdf,
  removePdfs,
  squash,
  structElements,
  writePdf,
  type StructNode,
} from '../../helpers/pdf.js';
import { HOSTILE, publishedScoresheet } from './fixtures.js';

const FOOTER = /Page (\d+) of (\d+)/;

function inOrder(haystack: string, needles: string[]): void {
  let from = 0;
  for (const needle of needles) {
    const at = haystack.indexOf(needle, from);
    assert.ok(at >= 0, `"${needle}" missing or out of order`);
    from = at + needle.length;
  }
}

/** A finalised outcome over the fixture scoresheet: three members, hostile and Welsh text where people type. */
export function outcomeData(overrides: Partial<CandidateOutcome> = {}): CandidateOutcome {
  const sheet = publishedScoresheet({ criteria: 6 });
  return {
    reference: 'C007',
    candidate: `${HOSTILE.html} ${HOSTILE.welsh}`,
    erasedAt: null,
    campaign: sheet.campaign,
    panel: { name: `Panel ${HOSTILE.welsh}`, interview: new Date(Date.UTC(2026, 6, 1, 9, 30)) },
    members: ['Member A', 'Member B', 'Member C'],
    namesShown: false,
    conflictedMembers: 1,
    scale: sheet.scale,
    passRule: sheet.passRule,
    overallPassMark: sheet.overallPassMark,
    criteria: sheet.criteria.map((c, i) => ({
      ...c,
      lead: c.id === sheet.leadCriterionId,
      memberScores: [4, 5, i === 2 ? null : 6],
      agreed: i === 1 ? 3 : 5,
      passed: i !== 1,
      rationale: `Rationale ${i + 1}: ${HOSTILE.pdf}`,
      strengths: `Strengths ${i + 1}`,
      development: `Develop ${i + 1}`,
    })),
    weightedTotal: 52,
    maximumTotal: 84,
    passed: false,
    proposedOutcome: 'not-appointable',
    outcome: 'reserve',
    overrideReason: `Posts ran out ${HOSTILE.formula}`,
    feedback: `Feedback for ${HOSTILE.welsh}: ${HOSTILE.html}`,
    finalisedAt: new Date(Date.UTC(2026, 6, 2, 15, 0)),
    scoresheet: { version: 2, contentHash: 'e'.repeat(64) },
    editions: sheet.editions,
    generatedAt: new Date(Date.UTC(2026, 6, 3, 8, 5)),
    ...overrides,
  };
}

describe('candidate outcome PDF', () => {
  const data = outcomeData();
  let file: string;
  let pages: string[];
  let text: string;
  let tree: StructNode;

  before(async () => {
    file = await writePdf((out) => writeCandidateOutcome(data, out));
    pages = await pdfPages(file);
    text = pages.join('\n');
    tree = await pdfStructure(file);
  });
  after(() => removePdfs());

  it('is a tagged PDF titled "Interview outcome: <reference>" that passes the structural check', async () => {
    const info = await pdfInfo(file);
    assert.equal(info.title, 'Interview outcome: C007');
    assert.equal(info.tagged, true);
    assert.equal(info.pageSize.name, 'A4');
    assert.equal(info.fields['JavaScript'], 'no');
    const check = await checkPdf(file);
    assert.ok(check.ok, check.output);
  });

  it('has the campaign, candidate, panel, result, scores, criteria, feedback and sources in order', () => {
    const s = squash(text);
    const c = data.criteria;
    inOrder(s, [
      squash('Interview outcome: C007'),
      squash(data.campaign.title),
      squash(data.campaign.vacancyReference),
      squash('Software developer: Lead developer'),
      'G7',
      squash(`${data.candidate} (C007)`),
      squash(data.panel.name),
      squash('1 July 2026, 10:30am'),
      squash('Outcome Reserve'),
      squash('Proposed from the scores Not appointable'),
      squash(data.overrideReason!),
      squash('Overall result Fail.'),
      squash('52 out of 84 (pass mark 60)'),
      squash('5 of 6'),
      'Scores',
      squash('One panel member declared a conflict of interest'),
      squash('Member A Member B Member C Agreed Result'),
      'Criteria',
      ...c.flatMap((k) => [
        squash(`${k.position}. ${k.title}`),
        squash(`Weight ${k.weight}. Pass mark ${k.passMark}.`),
        ...k.descriptors.map(squash),
        squash(`Agreed score ${k.agreed} (${k.agreed === 3 ? 'Moderate' : 'Good'})`),
        squash(
          k.passed
            ? `Pass: ${k.agreed} is at or above the pass mark of ${k.passMark}`
            : `Fail: ${k.agreed} is below the pass mark of ${k.passMark}`,
        ),
        squash(k.rationale),
        squash(k.strengths),
        squash(k.development),
      ]),
      squash('Feedback for the candidate'),
      squash(data.feedback),
      squash('Sources and licence'),
      squash('version 2 of the published scoresheet'),
      squash(OGL_ATTRIBUTION),
      ...data.editions.flatMap((e) => [squash(e.title), squash(e.attribution!)]),
    ]);
    assert.ok(s.includes(squash('Member A: 4 (Acceptable); Member B: 5 (Good); Member C: 6 (Strong)')));
    assert.ok(s.includes(squash('Member C: no score')));
  });

  it('tabulates each member’s score, the agreed score and pass or fail per criterion', () => {
    const table = structElements(tree, 'Table').find((t) =>
      structElements(t, 'TH').some((th) => th.text === 'Member A'),
    )!;
    const rows = structElements(table, 'TR').map((tr) => tr.children.map((cell) => cell.text));
    assert.deepEqual(rows[0], ['Criterion', 'Member A', 'Member B', 'Member C', 'Agreed', 'Result']);
    assert.deepEqual(
      rows.slice(1).map((r) => squash(r.join('|'))),
      data.criteria.map((k, i) =>
        squash(
          `${k.position}. ${k.title}|4|5|${i === 2 ? 'None' : 6}|${k.agreed}|${k.passed ? 'Pass' : 'Fail'}`,
        ),
      ),
    );
  });

  it('writes hostile and Welsh text as plain text', () => {
    for (const value of Object.values(HOSTILE)) assert.ok(text.includes(value), value);
    assert.match(text, /Siân Ŵyn ŷ/);
  });

  it('dates every page in the footer with "Page x of y"', () => {
    pages.forEach((page, i) => {
      const match = FOOTER.exec(page);
      assert.ok(match, `page ${i + 1}`);
      assert.deepEqual([Number(match[1]), Number(match[2])], [i + 1, pages.length]);
      assert.match(page, /generated 3 July 2026, 9:05am/);
    });
  });

  it('is tagged: one H1, a section per criterion with its descriptors as a list', () => {
    const doc = tree.children[0]!;
    assert.deepEqual(
      structElements(doc, 'H1').map((h) => h.text),
      ['Interview outcome: C007'],
    );
    const sections = structElements(doc, 'Sect');
    assert.equal(sections.length, data.criteria.length);
    sections.forEach((sect, i) => {
      const c = data.criteria[i]!;
      assert.equal(sect.children[0]!.type, 'H3');
      assert.ok(sect.children[0]!.text.startsWith(`${c.position}. ${c.title}`));
      assert.deepEqual(
        structElements(sect, 'LBody').map((b) => b.text),
        [...c.descriptors, ...c.negativeIndicators],
      );
    });
  });

  it('says when personal data was erased, instead of the erased text', async () => {
    const erased = outcomeData({
      candidate: 'C007',
      erasedAt: new Date(Date.UTC(2027, 7, 1)),
      feedback: '',
      criteria: outcomeData().criteria.map((c) => ({ ...c, strengths: '', development: '' })),
    });
    const erasedFile = await writePdf((out) => writeCandidateOutcome(erased, out));
    const s = squash((await pdfPages(erasedFile)).join('\n'));
    assert.ok(s.includes(squash('was erased on 1 August 2027')));
    assert.ok(s.includes(squash('Strengths Erased with the candidate’s personal data.')));
    assert.ok(s.includes(squash('Feedback for the candidate Erased with the candidate’s personal data.')));
    assert.ok(!s.includes(squash(HOSTILE.welsh + ' (C007)')));
  });

  it('names members Member A … Z, then AA', () => {
    assert.deepEqual([0, 1, 2, 25, 26, 27].map(memberLetter), [
      'Member A',
      'Member B',
      'Member C',
      'Member Z',
      'Member AA',
      'Member AB',
    ]);
  });
});
