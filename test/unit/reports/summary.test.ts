import assert from 'node:assert/strict';
import { OGL_ATTRIBUTION } from '../../../server/reports/blank-scoresheet.js';
import { writeCampaignSummary, type CampaignSummary } from '../../../server/reports/campaign-summary.js';
import {
  pdfInfo,
  pdfPages,
  pdfStructure,
  checkPdf,
  removePdfs,
  squash,
  structElements,
  writePdf,
} from '../../helpers/pdf.js';
import { HOSTILE, publishedScoresheet } from './fixtures.js';

function inOrder(haystack: string, needles: string[]): void {
  let from = 0;
  for (const needle of needles) {
    const at = haystack.indexOf(needle, from);
    assert.ok(at >= 0, `"${needle}" missing or out of order`);
    from = at + needle.length;
  }
}

const OUTCOMES = ['appointable', 'reserve', 'not-appointable'] as const;

/** The summary's one list (these fixtures have a single scoresheet version). */
const only = (summary: CampaignSummary) => summary.lists[0]!;

/** A campaign of `candidates` candidates over `criteria` criteria: most finalised, some not, two withdrawn. */
export function summaryData(options: { candidates?: number; criteria?: number } = {}): CampaignSummary {
  const count = options.candidates ?? 40;
  const sheet = publishedScoresheet({ criteria: options.criteria ?? 15 });
  const rows = Array.from({ length: count }, (_v, i) => {
    const n = i + 1;
    const status = n <= 2 ? 'withdrawn' : n % 10 === 0 ? 'in-moderation' : 'finalised';
    const decided = status === 'finalised';
    return {
      reference: `C${String(n).padStart(4, '0')}`,
      name: n === 3 ? `${HOSTILE.html} ${HOSTILE.welsh}` : `Candidate ${n}`,
      panel: 'Panel A',
      status,
      scores: sheet.criteria.map((_c, k) => (status === 'withdrawn' ? null : ((n + k) % 7) + 1)),
      weightedTotal: status === 'withdrawn' ? null : 40 + (n % 30),
      passed: decided ? n % 3 !== 2 : null,
      outcome: decided ? OUTCOMES[n % 3]! : null,
    } as const;
  });
  const merit = rows
    .filter((r) => r.outcome && r.outcome !== 'not-appointable')
    .map((r, i) => ({
      rank: i + 1,
      tied: false,
      reference: r.reference,
      name: r.name,
      weightedTotal: r.weightedTotal!,
      leadScore: 5,
      outcome: r.outcome!,
      reserveUntil: new Date(Date.UTC(2027, 5, 30)),
      offer: i === 0 ? ('offered' as const) : null,
    }));
  const outcomes = rows.map((r) => r.outcome);
  return {
    campaign: {
      title: sheet.campaign.title,
      vacancyReference: sheet.campaign.vacancyReference,
      grade: 'G7',
      anonymised: true,
      closedAt: null,
    },
    sheet,
    scoresheet: { version: 1, contentHash: 'd'.repeat(64) },
    owners: ['Grace Hopper', `Owner ${HOSTILE.welsh}`],
    counts: {
      candidates: rows.length,
      appointable: outcomes.filter((o) => o === 'appointable').length,
      reserve: outcomes.filter((o) => o === 'reserve').length,
      notAppointable: outcomes.filter((o) => o === 'not-appointable').length,
      notDecided: rows.filter((r) => r.status !== 'withdrawn' && !r.outcome).length,
      withdrawn: 2,
    },
    lists: [
      {
        version: 1,
        passRule: sheet.passRule,
        overallPassMark: sheet.overallPassMark,
        criteria: sheet.criteria.map((c) => ({
          id: c.id,
          title: c.title,
          weight: c.weight,
          passMark: c.passMark,
          lead: c.id === sheet.leadCriterionId,
        })),
        merit,
        rows: [...rows],
      },
    ],
    mixedNotice: null,
    panels: [
      {
        name: 'Panel A',
        candidates: count,
        members: [
          { name: 'Siân Ŵyn Parry', role: 'Chair' },
          { name: 'Tomos Evans', role: 'Member' },
          { name: 'Priya Shah', role: 'Independent member' },
        ],
      },
      { name: `Panel ${HOSTILE.pdf}`, candidates: 0, members: [] },
    ],
    calibration: [],
    generatedAt: new Date(Date.UTC(2026, 6, 3, 8, 5)),
  };
}

describe('campaign summary PDF', () => {
  const data = summaryData();
  let file: string;
  let pages: string[];
  let text: string;

  before(async () => {
    file = await writePdf((out) => writeCampaignSummary(data, out));
    pages = await pdfPages(file);
    text = pages.join('\n');
  });
  after(() => removePdfs());

  it('is a tagged PDF titled after the campaign that passes the structural check', async () => {
    const info = await pdfInfo(file);
    assert.equal(info.title, `Campaign summary: ${data.campaign.title}`);
    assert.equal(info.tagged, true);
    const check = await checkPdf(file);
    assert.ok(check.ok, check.output);
  });

  it('has facts, counts by outcome, the merit list, the comparison, panels and sources, in order', () => {
    const s = squash(text);
    const c = data.counts;
    inOrder(s, [
      squash(`Campaign summary: ${data.campaign.title}`),
      squash(data.campaign.vacancyReference),
      squash('Software developer: Lead developer'),
      squash('Hidden from panels (anonymised campaign)'),
      squash(`Grace Hopper, Owner ${HOSTILE.welsh}`),
      squash('Candidates by outcome'),
      squash(`Appointable ${c.appointable}`),
      squash(`Reserve ${c.reserve}`),
      squash(`Not appointable ${c.notAppointable}`),
      squash(`Not decided yet ${c.notDecided}`),
      squash(`Withdrawn ${c.withdrawn}`),
      squash(`All candidates ${c.candidates}`),
      squash('Merit list'),
      squash('Rank Candidate Total Lead Outcome Reserve until Offer'),
      squash('1 C0003'),
      'Offered',
      squash('30 June 2027'),
      squash('Comparison of candidates'),
      squash('Code Criterion Weight Pass mark'),
      ...only(data).criteria.map((k, i) => squash(`C${i + 1} ${k.title}`)),
      squash('Agreed scores, C1 to C12'),
      squash('Agreed scores, C13 to C15'),
      squash('Total Result Outcome'),
      squash('Agreed scores by criterion'),
      'Panels',
      squash('Panel A'),
      squash('Siân Ŵyn Parry Chair'),
      squash('Priya Shah Independent member'),
      squash(`Panel ${HOSTILE.pdf}`),
      squash('No members yet.'),
      squash('Sources and licence'),
      squash(OGL_ATTRIBUTION),
      ...data.sheet!.editions.map((e) => squash(e.attribution!)),
    ]);
    for (const value of Object.values(HOSTILE)) assert.ok(text.includes(value), value);
  });

  it('repeats the comparison table’s header on every page it continues on, with criteria codes', async () => {
    const long = summaryData({ candidates: 160, criteria: 12 });
    const longFile = await writePdf((out) => writeCampaignSummary(long, out));
    const longPages = await pdfPages(longFile);
    const header =
      /Candidate\s+C1\s+C2\s+C3\s+C4\s+C5\s+C6\s+C7\s+C8\s+C9\s+C10\s+C11\s+C12\s+Total\s+Result\s+Outcome/;
    const withHeader = longPages.filter((p) => header.test(p));
    assert.ok(withHeader.length >= 3, `header on ${withHeader.length} pages`);
    // Every candidate appears in the comparison, in order (by reference: twelve criteria leave no room for names).
    const s = squash(longPages.join('\n'));
    inOrder(s, [squash('Comparison of candidates'), ...only(long).rows.map((r) => r.reference)]);
    const check = await checkPdf(longFile);
    assert.ok(check.ok, check.output);
  });

  it('tags the comparison header row once, however many pages repeat it', async () => {
    // Reading the structure tree back takes time that grows fast with the document, so a shorter one here.
    const medium = summaryData({ candidates: 45, criteria: 12 });
    const mediumFile = await writePdf((out) => writeCampaignSummary(medium, out));
    const header = /Candidate\s+C1\s+C2\s+C3.*C12\s+Total/;
    assert.ok((await pdfPages(mediumFile)).filter((p) => header.test(p)).length >= 2);
    const tree = await pdfStructure(mediumFile);
    const comparison = structElements(tree, 'Table').find((t) =>
      ['C12', 'Total'].every((h) => structElements(t, 'TH').some((th) => th.text === h)),
    )!;
    const rows = structElements(comparison, 'TR');
    assert.equal(rows.length, only(medium).rows.length + 1);
    assert.deepEqual(
      rows[0]!.children.map((c) => c.text),
      ['Candidate', ...only(medium).criteria.map((_c, i) => `C${i + 1}`), 'Total', 'Result', 'Outcome'],
    );
    assert.deepEqual(
      rows.slice(1).map((r) => r.children[0]!.text),
      only(medium).rows.map((r) => r.reference),
    );
  });

  it('uses criteria titles as headers when there are only a few', async () => {
    const few = summaryData({ candidates: 5, criteria: 3 });
    const fewFile = await writePdf((out) => writeCampaignSummary(few, out));
    const tree = await pdfStructure(fewFile);
    const headers = structElements(tree, 'Table')
      .map((t) => structElements(t, 'TH').map((th) => th.text))
      .find((h) => h[0] === 'Candidate')!;
    assert.deepEqual(
      headers.slice(1, 4),
      only(few).criteria.map((c) => c.title),
    );
    assert.ok(headers.includes('C0005 Candidate 5'), 'names where there is room for them');
  });

  it('keeps candidates of each scoresheet version in their own list, headed with the version, with the notice', async () => {
    const one = only(summaryData({ candidates: 6, criteria: 3 }));
    const two = only(summaryData({ candidates: 4, criteria: 2 }));
    const mixed: CampaignSummary = {
      ...summaryData({ candidates: 6, criteria: 3 }),
      lists: [
        one,
        {
          ...two,
          version: 2,
          passRule: 'total',
          overallPassMark: 9,
          rows: two.rows.map((r) => ({ ...r, reference: r.reference.replace('C', 'V') })),
          merit: two.merit.map((m) => ({ ...m, reference: m.reference.replace('C', 'V') })),
        },
      ],
      mixedNotice:
        'This campaign holds candidates scored against different scoresheet versions (versions 1 and 2).',
    };
    const mixedFile = await writePdf((out) => writeCampaignSummary(mixed, out));
    const s = squash((await pdfPages(mixedFile)).join('\n'));
    inOrder(s, [
      squash('Scoresheet version 1 and 2, listed separately'),
      squash('(versions 1 and 2)'),
      squash('Merit list'),
      squash('Scored against version 1'),
      squash(`1 ${one.merit[0]!.reference}`),
      squash('Scored against version 2'),
      squash('Pass rule:'),
      squash(`1 ${two.merit[0]!.reference.replace('C', 'V')}`),
      squash('Comparison of candidates'),
      squash('Scored against version 1'),
      squash('Scored against version 2'),
      'V0004',
    ]);
    assert.ok((await checkPdf(mixedFile)).ok);
  });

  it('says so when nothing is published, decided or formed yet', async () => {
    const empty: CampaignSummary = {
      ...summaryData({ candidates: 0 }),
      sheet: null,
      scoresheet: null,
      lists: [],
      panels: [],
    };
    const emptyFile = await writePdf((out) => writeCampaignSummary(empty, out));
    const s = squash((await pdfPages(emptyFile)).join('\n'));
    for (const sentence of [
      'No candidate has a finalised appointable or reserve result yet.',
      'No scoresheet has been published, so there is nothing to compare yet.',
      'No panels have been formed.',
      OGL_ATTRIBUTION,
    ])
      assert.ok(s.includes(squash(sentence)), sentence);
    assert.ok((await checkPdf(emptyFile)).ok);
  });

  it('prints how long 1 and 1,000 candidates take to lay out and write (not asserted)', async function () {
    this.timeout(90_000); // laying out 92 pages three times on a busy CI machine
    for (const candidates of [1, 1000, 1000]) {
      const summary = summaryData({ candidates, criteria: 12 });
      const heapBefore = process.memoryUsage().heapUsed;
      let peakHeap = heapBefore;
      const timer = setInterval(() => {
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      }, 5);
      const started = performance.now();
      const written = await writePdf((out) => writeCampaignSummary(summary, out));
      const ms = performance.now() - started;
      clearInterval(timer);
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      const info = await pdfInfo(written);
      console.log(
        `      ${candidates} candidates: ${info.pages} pages in ${ms.toFixed(0)} ms, heap +${((peakHeap - heapBefore) / 1e6).toFixed(0)} MB at peak`,
      );
    }
  });
});
