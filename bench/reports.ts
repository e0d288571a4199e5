/**
 * A large campaign (1,000 candidates, 3 panel members, 12 criteria; fewer in the short form) seeded
 * straight into the database, then the comparison page and the two PDFs timed through the real app,
 * with the peak memory the summary takes, beside pdfkit writing the same amount of plain text.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import PDFDocument from 'pdfkit';
import { createCampaign } from '../server/features/campaigns/service.js';
import { addCustomCriterion, publishScoresheet } from '../server/features/scoresheets/service.js';
import { startTestApp } from '../test/helpers/app.js';
import { testDatabase, testFrameworks } from '../test/helpers/database.js';
import { actorFor } from '../test/helpers/factories.js';
import { csrfTokenFrom, parse } from '../test/helpers/html.js';
import { signIn } from '../test/helpers/sign-in.js';
import { DIRECT_SUMMARY_LIMIT } from '../server/features/reports/prepared.js';
import { percentile, round } from './stats.js';
import { givenResult } from '../server/domain/moderation.js';
import type { Database } from '../server/db/types.js';
import type { FrameworkLibrary } from '../server/framework/library.js';

export const DOWNLOAD_LINK = 'a:contains("Download the campaign summary (PDF)")';

export type ReportTiming = { scenario: string; runs: number; p50: number; max: number; peakRssMb?: number };

export async function reportsBench(candidates: number, log: (line: string) => void): Promise<ReportTiming[]> {
  log(`\n== Comparison page and PDFs for a campaign of ${candidates} candidates, 3 members, 12 criteria`);
  const app = await startTestApp();
  try {
    const { campaignId, candidateId } = await seed(app, candidates, log);
    const owner = await signIn(app, 'dev-hiring-manager');
    const download = async (path: string) => {
      const res = await owner
        .get(path)
        .redirects(0)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      return { status: res.status, body: res.body as Buffer };
    };
    // The summary as the owner gets it: straight away up to 500 candidates; above, the PDF link sends
    // them to a page that prepares it (asked for afresh when a previous run left one ready), checked
    // again until it offers the download. Timed from the click to the last byte downloaded.
    const summary = async (path: string) => {
      const direct = await download(path);
      if (direct.status !== 303) return direct;
      const page = `/reports/campaigns/${campaignId}/summary`;
      let $ = parse((await owner.get(page).expect(200)).text);
      if ($(DOWNLOAD_LINK).length) {
        await owner
          .post(page)
          .type('form')
          .send({ _csrf: csrfTokenFrom($.html()) })
          .redirects(0)
          .expect(303);
      }
      const until = Date.now() + 120_000;
      for (;;) {
        $ = parse((await owner.get(page).expect(200)).text);
        const href = $(DOWNLOAD_LINK).attr('href');
        if (href) return download(href);
        if ($('h1').text().includes('could not'))
          throw new Error('the campaign summary could not be prepared');
        if (Date.now() > until) throw new Error('the campaign summary was not prepared within 120 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const timed = async (
      scenario: string,
      runs: number,
      path: string,
      sampleMemory = false,
      get: (path: string) => Promise<{ status: number; body: Buffer }> = download,
    ): Promise<ReportTiming> => {
      const times: number[] = [];
      let peak = 0;
      let bytes = 0;
      for (let i = 0; i < runs; i += 1) {
        const base = process.memoryUsage().rss;
        let high = base;
        const sampler = sampleMemory
          ? setInterval(() => (high = Math.max(high, process.memoryUsage().rss)), 10)
          : undefined;
        const started = performance.now();
        const res = await get(path);
        times.push(performance.now() - started);
        if (sampler) clearInterval(sampler);
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        bytes = res.body.length;
        peak = Math.max(peak, high - base);
      }
      const sorted = times.sort((a, b) => a - b);
      return {
        scenario: `${scenario} (${round(bytes / 1024)} KB)`,
        runs,
        p50: round(percentile(sorted, 50)),
        max: round(sorted.at(-1)!),
        ...(sampleMemory ? { peakRssMb: round(peak / 1024 / 1024) } : {}),
      };
    };
    const rows = [
      await timed(
        'comparison page (first 50 rows, all candidates compared)',
        5,
        `/campaigns/${campaignId}/comparison`,
      ),
      await timed('comparison CSV (every candidate)', 3, `/campaigns/${campaignId}/comparison.csv`),
      await timed('candidate outcome PDF', 10, `/reports/candidates/${candidateId}/outcome.pdf`, true),
      await timed(
        candidates > DIRECT_SUMMARY_LIMIT
          ? 'campaign summary PDF, prepared then downloaded'
          : 'campaign summary PDF',
        3,
        `/reports/campaigns/${campaignId}/summary.pdf`,
        true,
        summary,
      ),
    ];
    rows.push(plainPdf(candidates));
    return rows;
  } finally {
    await app.close();
  }
}

/** pdfkit's own limit: the same number of table rows written as plain lines, untagged, built-in font. */
function plainPdf(candidates: number): ReportTiming {
  const started = performance.now();
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: true });
  doc.on('data', () => undefined);
  for (let i = 0; i < candidates * 2; i += 1)
    doc.fontSize(8).text(`C${i} Candidate name ${i}   5 5 4 6 5 4 5 6 4 5 5 4   61.5  Appointable`);
  doc.end();
  return {
    scenario: 'pdfkit alone: the same rows as plain text',
    runs: 1,
    p50: round(performance.now() - started),
    max: round(performance.now() - started),
  };
}

async function seed(
  app: Awaited<ReturnType<typeof startTestApp>>,
  count: number,
  log: (line: string) => void,
) {
  const { db } = await testDatabase();
  for (const subject of ['dev-hiring-manager', 'dev-chair', 'dev-member-1', 'dev-member-2'])
    await signIn(app, subject);
  const owner = await actorFor('dev-hiring-manager');
  const members = await Promise.all(['dev-chair', 'dev-member-1', 'dev-member-2'].map((s) => actorFor(s)));
  return seedFinalisedCampaign(db, await testFrameworks(), owner, members, count, log);
}

/**
 * A published campaign owned by `owner` with `count` candidates, every one interviewed by the same
 * panel of three (`members`: a chair, then two members), scored and finalised, written straight into
 * the database in batches. Used by the fault bench too, against the database of a separate app.
 */
export async function seedFinalisedCampaign(
  db: Kysely<Database>,
  lib: FrameworkLibrary,
  owner: Express.User,
  members: Express.User[],
  count: number,
  log: (line: string) => void,
) {
  const started = performance.now();
  const { campaign, version, sheet, criteria } = await publishedBenchCampaign(db, lib, owner, 'BENCH-1');
  const panel = await db
    .insertInto('panels')
    .values({ campaign_id: campaign.id, name: 'Panel A' })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('panel_members')
    .values(
      members.map((m, i) => ({
        panel_id: panel.id,
        user_id: m.id,
        role: i === 0 ? ('chair' as const) : ('member' as const),
      })),
    )
    .execute();

  const score = (i: number, k: number, j: number) => 1 + ((i * 7 + k * 3 + j) % 7);
  for (let from = 0; from < count; from += 200) {
    const batch = Array.from({ length: Math.min(200, count - from) }, (_v, n) => from + n);
    const rows = await db
      .insertInto('candidates')
      .values(
        batch.map((i) => ({
          id: randomUUID(),
          campaign_id: campaign.id,
          reference: `C${String(i + 1).padStart(5, '0')}`,
          name: `Candidate ${i + 1}`,
          email: `candidate${i + 1}@example.com`,
        })),
      )
      .returning(['id'])
      .execute();
    const ids = rows.map((r) => r.id);
    await db
      .insertInto('interviews')
      .values(
        ids.map((id, n) => ({
          candidate_id: id,
          panel_id: panel.id,
          scheduled_at: new Date(Date.UTC(2026, 11, 1, 9, n)),
        })),
      )
      .execute();
    await db
      .insertInto('conflict_declarations')
      .values(
        ids.flatMap((id) =>
          members.map((m) => ({ candidate_id: id, user_id: m.id, conflicted: false, description: null })),
        ),
      )
      .execute();
    const sheets = await db
      .insertInto('member_sheets')
      .values(
        ids.flatMap((id) =>
          members.map((m) => ({
            candidate_id: id,
            user_id: m.id,
            scoresheet_version_id: version.id,
            revision: 1,
            last_request_id: null,
            submitted_at: new Date(),
          })),
        ),
      )
      .returning(['id', 'candidate_id', 'user_id'])
      .execute();
    await db
      .insertInto('member_scores')
      .values(
        sheets.flatMap((s, n) =>
          criteria.map((c, k) => ({
            sheet_id: s.id,
            criterion_id: c,
            score: score(n, k, 0),
            evidence: `Evidence ${n}-${k}`,
          })),
        ),
      )
      .execute();
    const agreed = ids.flatMap((id, n) =>
      criteria.map((c, k) => ({
        candidate_id: id,
        criterion_id: c,
        score: score(from + n, k, 1),
        rationale: 'Agreed',
        strengths: 'Strengths',
        development: '',
        updated_by: members[0]!.id,
      })),
    );
    await db
      .insertInto('moderations')
      .values(
        ids.map((id, n) => {
          // The result as finalisation stores it, worked out from the version's own rules.
          const given = givenResult(
            sheet.criteria,
            sheet,
            Object.fromEntries(
              agreed
                .slice(n * criteria.length, (n + 1) * criteria.length)
                .map((a) => [a.criterion_id, a.score]),
            ),
            null,
          );
          return {
            weighted_total: given.weightedTotal,
            passed: given.passed,
            outcome: given.outcome,
            candidate_id: id,
            scoresheet_version_id: version.id,
            state: 'finalised' as const,
            outcome_override: null,
            override_reason: null,
            feedback: 'Feedback',
            tie_break_note: null,
            finalised_at: new Date(),
            finalised_by: members[0]!.id,
          };
        }),
      )
      .execute();
    await db.insertInto('agreed_scores').values(agreed).execute();
  }
  const first = await db
    .selectFrom('candidates')
    .select('id')
    .where('campaign_id', '=', campaign.id)
    .orderBy('reference')
    .executeTakeFirstOrThrow();
  log(
    `  seeded ${count} candidates, ${count * 3} member sheets, ${count * 3 * criteria.length} member scores in ${round((performance.now() - started) / 1000, 1)} s`,
  );
  return { campaignId: campaign.id, candidateId: first.id };
}

/** A campaign published by `owner` through the services: the standard criteria and two technical ones. */
export async function publishedBenchCampaign(
  db: Kysely<Database>,
  lib: FrameworkLibrary,
  owner: Express.User,
  vacancyReference: string,
) {
  const created = await createCampaign(
    db,
    lib,
    owner,
    {
      title: 'Benchmark campaign',
      vacancyReference,
      grade: 'G7',
      roleLevel: 'software-developer/lead-developer',
      behaviourFramework: 'success-profiles',
      scale: 'civil-service-1-7',
      anonymised: false,
    },
    randomUUID(),
  );
  if (!created.ok) throw new Error(created.problems[0]!.text);
  if (created.replayed) throw new Error('A fresh request id was replayed');
  for (const title of ['Technical exercise', 'Experience']) {
    await addCustomCriterion(
      db,
      lib,
      owner,
      created.campaign,
      {
        kind: 'technical',
        title,
        descriptor: `${title}: what good looks like.`,
        sfiaCode: null,
        sfiaLevel: null,
      },
      randomUUID(),
    );
  }
  const campaign = await db
    .selectFrom('campaigns')
    .selectAll()
    .where('id', '=', created.campaign.id)
    .executeTakeFirstOrThrow();
  const published = await publishScoresheet(db, lib, owner, campaign);
  if (!published.ok) throw new Error(JSON.stringify(published.problems));
  const version = await db
    .selectFrom('scoresheet_versions')
    .selectAll()
    .where('campaign_id', '=', campaign.id)
    .executeTakeFirstOrThrow();
  const sheet = version.content;
  return { campaign, version, sheet, criteria: sheet.criteria.map((c) => c.id) };
}
