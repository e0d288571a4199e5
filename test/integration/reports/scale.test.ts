import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import {
  actorFor,
  finaliseModeration,
  publishedCampaignWithPanel,
  submitScores,
} from '../../helpers/factories.js';
import { pdfInfo, checkPdf, removePdfs } from '../../helpers/pdf.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';
import { fetchPdf, fetchSummary, readPdf } from './helpers.js';
import { givenResult, type Outcome } from '../../../server/domain/moderation.js';
import type { PublishedScoresheet } from '../../../server/domain/published-scoresheet.js';

function storedResultOf(
  sheet: PublishedScoresheet,
  agreed: ReadonlyArray<{ criterion_id: string; score: number }>,
  override: Outcome | null,
) {
  const given = givenResult(
    sheet.criteria,
    sheet,
    Object.fromEntries(agreed.map((a) => [a.criterion_id, a.score])),
    override,
  );
  return { weighted_total: given.weightedTotal, passed: given.passed, outcome: given.outcome };
}

const MB = 1024 * 1024;

/** Times a download (the request only, not reading it back) and samples this process's memory (the app runs in it) every few milliseconds. */
async function measure(agent: Agent, download: string | (() => ReturnType<typeof fetchPdf>)) {
  const before = process.memoryUsage();
  const peak = { rss: before.rss, heapUsed: before.heapUsed };
  const sample = () => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const started = performance.now();
  const fetched = typeof download === 'string' ? await fetchPdf(agent, download) : await download();
  const ms = performance.now() - started;
  clearInterval(timer);
  sample();
  return {
    ...(await readPdf(fetched)),
    ms,
    bytes: fetched.body.length,
    heapMb: (peak.heapUsed - before.heapUsed) / MB,
    rssMb: (peak.rss - before.rss) / MB,
    peakRssMb: peak.rss / MB,
  };
}

function report(label: string, m: Awaited<ReturnType<typeof measure>>, pages: number) {
  console.log(
    `      ${label}: ${m.ms.toFixed(0)} ms, ${pages} pages, ${(m.bytes / 1024).toFixed(0)} KB; ` +
      `peak heap +${m.heapMb.toFixed(0)} MB, peak RSS +${m.rssMb.toFixed(0)} MB (process RSS ${m.peakRssMb.toFixed(0)} MB, app and embedded database included)`,
  );
}

describe('report timings for 1 and 1,000 candidates (printed, not asserted)', () => {
  let app: TestApp;
  let owner: Agent;
  after(async () => {
    await removePdfs();
    await app.close();
  });

  before(async () => {
    app = await startTestApp();
    owner = await signIn(app, 'dev-hiring-manager');
  });

  it('campaign summary and outcome for a campaign of 1 candidate', async () => {
    const one = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
      ],
    });
    const candidate = one.candidates[0]!.id;
    const scores = Object.fromEntries(one.criteria.map((c) => [c.id, 5]));
    await submitScores('dev-chair', candidate, scores);
    await submitScores('dev-member-1', candidate, scores);
    await finaliseModeration('dev-chair', candidate, scores);
    // The first run in a process also loads the font and warms up; both runs are printed.
    for (const run of ['first run', 'second run']) {
      const summary = await measure(owner, `/reports/campaigns/${one.campaign.id}/summary.pdf`);
      report(`summary, 1 candidate, ${one.criteria.length} criteria (${run})`, summary, summary.pages.length);
    }
    const outcome = await measure(owner, `/reports/candidates/${candidate}/outcome.pdf`);
    report('outcome report', outcome, outcome.pages.length);
  });

  it('campaign summary for a campaign of 1,000 finalised candidates', async function () {
    // Reading 2 × 58 pages back with pdf.js in JavaScript takes longer than poppler did.
    this.timeout(60_000);
    const big = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
      ],
    });
    const { db } = await testDatabase();
    const version = await db
      .selectFrom('scoresheet_versions')
      .select(['id', 'content'])
      .where('campaign_id', '=', big.campaign.id)
      .executeTakeFirstOrThrow();
    const sheet = version.content;
    const chair = await actorFor('dev-chair');
    const extra = await db
      .insertInto('candidates')
      .values(
        Array.from({ length: 999 }, (_v, i) => ({
          campaign_id: big.campaign.id,
          reference: `C${String(i + 2).padStart(4, '0')}`,
          name: i % 7 === 0 ? `Gwenllïan ap Dafydd-Roberts ${i}` : `Candidate ${i + 2}`,
          email: `c${i + 2}@example.com`,
        })),
      )
      .returning('id')
      .execute();
    const ids = [big.candidates[0]!.id, ...extra.map((r) => r.id)];
    assert.equal(ids.length, 1000);
    await db
      .insertInto('interviews')
      .values(
        extra.map((r, i) => ({
          candidate_id: r.id,
          panel_id: big.panel.id,
          scheduled_at: new Date(Date.UTC(2026, 11, 2, 9) + i * 3_600_000),
        })),
      )
      .execute();
    const agreed = ids.flatMap((id, i) =>
      big.criteria.map((c, k) => ({
        candidate_id: id,
        criterion_id: c.id,
        // Nine in ten pass every criterion, so the merit list is nearly as long as the comparison.
        score: k === 0 && i % 10 === 5 ? 3 : 4 + ((i + k) % 4),
        rationale: 'Agreed',
        strengths: '',
        development: '',
        updated_by: chair.id,
      })),
    );
    const finalisedAt = new Date();
    await db
      .insertInto('moderations')
      .values(
        ids.map((id, i) => ({
          // The result as finalisation stores it, worked out from the version's own rules.
          ...storedResultOf(
            sheet,
            agreed.slice(i * big.criteria.length, (i + 1) * big.criteria.length),
            i % 10 === 0 ? 'reserve' : null,
          ),
          candidate_id: id,
          scoresheet_version_id: version.id,
          state: 'finalised' as const,
          outcome_override: i % 10 === 0 ? ('reserve' as const) : null,
          override_reason: i % 10 === 0 ? 'Posts filled' : null,
          feedback: `Feedback ${i}`,
          tie_break_note: null,
          finalised_at: finalisedAt,
          finalised_by: chair.id,
        })),
      )
      .execute();
    for (let i = 0; i < agreed.length; i += 2000)
      await db
        .insertInto('agreed_scores')
        .values(agreed.slice(i, i + 2000))
        .execute();

    // Above the direct-download limit: prepared off the request path, then downloaded.
    const url = () => fetchSummary(owner, big.campaign.id);
    let last: Awaited<ReturnType<typeof measure>> | undefined;
    for (const run of ['first run', 'second run']) {
      last = await measure(owner, url);
      report(`summary, 1,000 candidates, ${big.criteria.length} criteria (${run})`, last, last.pages.length);
    }
    const { text, pages, file } = last!;
    assert.equal((await pdfInfo(file)).pages, pages.length);
    assert.ok((await checkPdf(file)).ok);
    assert.match(text, /All candidates\s+1000/);
    assert.match(text, /Not appointable\s+100\n/);
    for (const reference of ['C001', 'C0500', 'C1000']) assert.ok(text.includes(reference), reference);
    const header = /Candidate\s+C1\s+C2\s+.*Total\s+Result\s+Outcome/;
    assert.ok(pages.filter((p) => header.test(p)).length > 10, 'the comparison header on every page');
  });
});
