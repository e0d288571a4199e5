import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { backfilledResults } from '../../../migrations/2026-12-03T0000_moderated_results_pinned.js';
import { findCampaign } from '../../../server/features/campaigns/repository.js';
import { publishScoresheet } from '../../../server/features/scoresheets/service.js';
import { campaignFairness } from '../../../server/features/fairness/service.js';
import { moderationAccess, reopenModeration } from '../../../server/features/moderation/service.js';
import {
  campaignSummary,
  candidateOutcome,
  loadSummaryInputs,
} from '../../../server/features/reports/service.js';
import {
  packSummaryInputs,
  summarise,
  unpackSummaryInputs,
} from '../../../server/features/reports/summary.js';
import { openSheet, scoringContext } from '../../../server/features/scoring/service.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase, testFrameworks } from '../../helpers/database.js';
import {
  actorFor,
  finaliseModeration,
  publishedCampaignWithPanel,
  scoreAndFinalise,
  submitScores,
} from '../../helpers/factories.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { removePdfs } from '../../helpers/pdf.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';
import { downloadPdf, squashed } from '../reports/helpers.js';

const NOW = new Date(Date.UTC(2026, 11, 10, 12));
const V1_REFERENCES = ['C001', 'C002', 'C003', 'C004'];

/**
 * Publishing scoresheet version 2 (a changed weight, a changed pass mark, a new pass rule and a
 * criterion dropped) after candidates were moderated under version 1: nothing of version 1 changes, in
 * any page, export or report, and the two versions are kept as separate lists.
 */
describe('results pinned to the scoresheet version they were given against', () => {
  let app: TestApp;
  let owner: Agent;
  let chair: Agent;
  let setup: Awaited<ReturnType<typeof publishedCampaignWithPanel>>;
  let base: string;
  let ids: string[];
  let v2Ids: string[];
  let dropped: string;
  let baseline: Awaited<ReturnType<typeof snapshot>>;

  const candidate = (reference: string) => setup.candidates.find((c) => c.reference === reference)!.id;
  const everyCriterion = (criteria: string[], score: number) =>
    Object.fromEntries(criteria.map((id) => [id, score]));

  /** Rows of a table as text, one string per row, keeping only the version 1 candidates. */
  const rowTexts = ($: ReturnType<typeof parse>, table: ReturnType<ReturnType<typeof parse>>) =>
    table
      .find('tbody tr')
      .map((_i, tr) =>
        $(tr)
          .find('td, th')
          .map((_j, cell) => $(cell).text().trim())
          .get()
          .join(' | '),
      )
      .get()
      .filter((text) => V1_REFERENCES.some((r) => text.includes(r)));

  /** The CSV as one object per candidate, keyed by column header. */
  function csvByReference(text: string): Map<string, Record<string, string>> {
    const [header, ...lines] = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const columns = header!.split(',');
    return new Map(
      lines.map((line) => {
        const cells = line.split(',');
        const row = Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
        return [row.Reference!, row];
      }),
    );
  }

  /** Everything a version 1 result shows, from every page, export and report. */
  async function snapshot() {
    const { db } = await testDatabase();
    const ownerActor = await actorFor('dev-hiring-manager');
    const comparison = parse((await owner.get(`${base}/comparison`).expect(200)).text);
    const byTotal = parse((await owner.get(`${base}/comparison?sort=total`).expect(200)).text);
    const merit = parse((await owner.get(`${base}/merit`).expect(200)).text);
    const csv = csvByReference((await owner.get(`${base}/comparison.csv`).expect(200)).text);
    const moderation = parse((await chair.get(`/moderation/${candidate('C001')}`).expect(200)).text);
    const summary = await campaignSummary(db, ownerActor, setup.campaign.id, { now: NOW });
    const v1List = summary.lists.find((l) => l.version === 1)!;
    return {
      comparison: rowTexts(comparison, comparison('.app-table-scroll').first()),
      comparisonByTotal: rowTexts(byTotal, byTotal('.app-table-scroll').first()),
      merit: rowTexts(merit, merit('table').first()),
      csv: V1_REFERENCES.map((r) => csv.get(r)),
      moderation: {
        version: moderation('#scoresheet-version').text().trim(),
        outcome: moderation('main')
          .text()
          .match(/Weighted total \d+(\.\d+)?[^.]*\. Overall: \w+/)?.[0],
      },
      outcomes: await Promise.all(
        V1_REFERENCES.filter((r) => r !== 'C003').map((r) =>
          candidateOutcome(db, ownerActor, candidate(r), { names: false, now: NOW }),
        ),
      ),
      summary: {
        criteria: v1List.criteria,
        passRule: v1List.passRule,
        merit: v1List.merit,
        rows: v1List.rows.filter((r) => V1_REFERENCES.includes(r.reference)),
      },
      fairness: await campaignFairness(db, setup.campaign.id, undefined, ownerActor.id),
      stored: await db
        .selectFrom('moderations')
        .select([
          'candidate_id',
          'scoresheet_version_id',
          'weighted_total',
          'passed',
          'outcome',
          'finalised_at',
        ])
        .where('candidate_id', 'in', V1_REFERENCES.map(candidate))
        .orderBy('candidate_id')
        .execute(),
    };
  }

  before(async () => {
    app = await startTestApp();
    setup = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
      ],
      candidates: 7,
    });
    ids = setup.criteria.map((c) => c.id);
    base = `/campaigns/${setup.campaign.id}`;
    owner = await signIn(app, 'dev-hiring-manager');
    chair = await signIn(app, 'dev-chair');

    // Version 1: every criterion weight 1, pass mark 4, every criterion must pass.
    await scoreAndFinalise(candidate('C001'), everyCriterion(ids, 5));
    await scoreAndFinalise(candidate('C002'), everyCriterion(ids, 6));
    await scoreAndFinalise(candidate('C003'), everyCriterion(ids, 3));
    await scoreAndFinalise(candidate('C004'), everyCriterion(ids, 5));

    // The owner settles the C001/C004 tie and offers C002 (first on the list) a post.
    const page = await owner.get(`${base}/merit`).expect(200);
    const csrf = csrfTokenFrom(page.text);
    await owner
      .post(`${base}/merit/tie-break`)
      .type('form')
      .send({
        _csrf: csrf,
        [`position-${candidate('C004')}`]: '1',
        [`position-${candidate('C001')}`]: '2',
        reason: 'Stronger delivery evidence',
      })
      .expect(303);
    await owner
      .post(`${base}/merit/offers/${candidate('C002')}`)
      .type('form')
      .send({ _csrf: csrf, status: 'offered' })
      .expect(303);

    // A member opens C007's sheet under version 1; nobody has submitted it when version 2 is published.
    const { db } = await testDatabase();
    const member = await actorFor('dev-member-1');
    await openSheet(db, member, await scoringContext(db, member, candidate('C007')));

    baseline = await snapshot();
  });
  after(async () => {
    await removePdfs();
    await app.close();
  });

  it('stores each finalised result with its version, as worked out under that version', () => {
    assert.equal(baseline.stored.length, 4);
    const n = ids.length;
    const byId = new Map(baseline.stored.map((s) => [s.candidate_id, s]));
    assert.deepEqual(
      V1_REFERENCES.map((r) => byId.get(candidate(r))).map((s) => [s!.weighted_total, s!.passed, s!.outcome]),
      [
        [5 * n, true, 'appointable'],
        [6 * n, true, 'appointable'],
        [3 * n, false, 'not-appointable'],
        [5 * n, true, 'appointable'],
      ],
    );
    assert.equal(baseline.moderation.version, 'Scoresheet version 1');
    assert.deepEqual(
      baseline.merit.map((t) => t.split(' | ').slice(0, 2).join(' ').slice(0, 9)),
      ['1 C002 Ca', '2 C004 Ca', '3 C001 Ca'],
    );
    assert.ok(baseline.csv.every((row) => row!['Scoresheet version'] === '1'));
    assert.ok(baseline.outcomes.every((o) => o.scoresheet.version === 1));
  });

  describe('after version 2 is published with a changed weight, pass mark and rule', () => {
    before(async () => {
      const { db } = await testDatabase();
      const lib = await testFrameworks();
      const campaign = (await findCampaign(db, setup.campaign.id))!;
      const lead = campaign.lead_criterion_id;
      dropped = [...ids].reverse().find((id) => id !== lead && id !== ids[0] && id !== ids[1])!;
      await db.updateTable('scoresheet_criteria').set({ weight: 3 }).where('id', '=', ids[0]!).execute();
      await db.updateTable('scoresheet_criteria').set({ pass_mark: 6 }).where('id', '=', ids[1]!).execute();
      await db
        .updateTable('scoresheet_criteria')
        .set({ included: false })
        .where('id', '=', dropped)
        .execute();
      await db
        .updateTable('campaigns')
        .set({ pass_rule: 'every-criterion-and-total', overall_pass_mark: 20 })
        .where('id', '=', campaign.id)
        .execute();
      const published = await publishScoresheet(
        db,
        lib,
        setup.owner,
        (await findCampaign(db, setup.campaign.id))!,
      );
      assert.deepEqual(published, { ok: true, version: 2 });
      v2Ids = ids.filter((id) => id !== dropped);
    });

    it('changes nothing of version 1: totals, pass/fail, outcomes, order, tie-breaks, offers, CSV, reports, fairness', async () => {
      const now = await snapshot();
      assert.deepEqual(now.stored, baseline.stored);
      assert.deepEqual(now.comparison, baseline.comparison);
      assert.deepEqual(now.comparisonByTotal, baseline.comparisonByTotal);
      assert.deepEqual(now.merit, baseline.merit);
      assert.deepEqual(now.csv, baseline.csv);
      assert.deepEqual(now.moderation, baseline.moderation);
      assert.deepEqual(now.outcomes, baseline.outcomes);
      assert.deepEqual(now.summary, baseline.summary);
      assert.deepEqual(now.fairness, baseline.fairness);
      // Under version 2's rules C001 and C004 would fail (pass mark 6): they are still appointable.
      assert.match(now.merit.join('\n'), /C004.*Appointable/);
      assert.match(now.merit.join('\n'), /C002.*Offered/);
    });

    describe('and a candidate is scored and moderated under version 2', () => {
      before(async () => {
        const scores = { ...everyCriterion(v2Ids, 6), [ids[0]!]: 7 };
        await submitScores('dev-chair', candidate('C005'), scores);
        await submitScores('dev-member-1', candidate('C005'), scores);
        await finaliseModeration('dev-chair', candidate('C005'), scores);
      });

      it('works the summary out the same in the report worker, from its inputs packed by column', async () => {
        const { db } = await testDatabase();
        const actor = await actorFor('dev-hiring-manager');
        const inputs = await loadSummaryInputs(db, actor, setup.campaign.id, { now: NOW });
        const summary = summarise(unpackSummaryInputs(structuredClone(await packSummaryInputs(inputs))));
        assert.deepEqual(summary, await campaignSummary(db, actor, setup.campaign.id, { now: NOW }));
        assert.deepEqual(
          summary.lists.map((l) => l.version),
          [1, 2],
        );
      });

      it('keeps a candidate whose panel began under version 1 on version 1 for every member', async () => {
        const { db } = await testDatabase();
        const chairActor = await actorFor('dev-chair');
        const opened = await openSheet(
          db,
          chairActor,
          await scoringContext(db, chairActor, candidate('C007')),
        );
        assert.equal(opened.version.version, 1);
        const fresh = await openSheet(
          db,
          chairActor,
          await scoringContext(db, chairActor, candidate('C006')),
        );
        assert.equal(fresh.version.version, 2);
      });

      it('moderates them against version 2, with its own weights, pass marks and rule', async () => {
        const { db } = await testDatabase();
        const row = await db
          .selectFrom('moderations')
          .innerJoin('scoresheet_versions', 'scoresheet_versions.id', 'moderations.scoresheet_version_id')
          .select(['scoresheet_versions.version', 'moderations.weighted_total', 'moderations.passed'])
          .where('candidate_id', '=', candidate('C005'))
          .executeTakeFirstOrThrow();
        assert.deepEqual(row, { version: 2, weighted_total: 3 * 7 + 6 * (v2Ids.length - 1), passed: true });
        const page = parse((await chair.get(`/moderation/${candidate('C005')}`).expect(200)).text);
        assert.equal(page('#scoresheet-version').text().trim(), 'Scoresheet version 2');
      });

      it('still changes nothing of version 1', async () => {
        const now = await snapshot();
        assert.deepEqual(now.stored, baseline.stored);
        assert.deepEqual(now.comparison, baseline.comparison);
        assert.deepEqual(now.merit, baseline.merit);
        assert.deepEqual(now.csv, baseline.csv);
        assert.deepEqual(now.moderation, baseline.moderation);
        assert.deepEqual(now.outcomes, baseline.outcomes);
        assert.deepEqual(now.summary, baseline.summary);
        // The criterion version 2 dropped keeps its figures, drawn from version 1 scores only.
        const figures = (f: typeof now.fairness) => ({
          criterion: f.criteria.find((c) => c.id === dropped),
          distributions: f.panels.map((p) => p.distributions.find((d) => d.criterionId === dropped)),
        });
        assert.ok(figures(now.fairness).criterion);
        assert.deepEqual(figures(now.fairness), figures(baseline.fairness));
      });

      it('shows separate lists, one per version, with a plain notice, never ranking one against the other', async () => {
        const comparison = parse((await owner.get(`${base}/comparison`).expect(200)).text);
        assert.deepEqual(
          comparison('h2.app-version-heading')
            .map((_i, h) => comparison(h).text().trim())
            .get(),
          ['Scored against version 1', 'Scored against version 2'],
        );
        assert.match(
          comparison('#mixed-versions').text(),
          /different scoresheet versions \(versions 1 and 2\)[\s\S]*never ranked against each other[\s\S]*cannot move a result to another version/,
        );
        const v2Table = comparison('.app-table-scroll').eq(1);
        assert.match(v2Table.find('tbody tr').first().text(), /^\s*1\s*C005/);
        assert.equal(
          v2Table.find('thead th').length,
          comparison('.app-table-scroll').eq(0).find('thead th').length - 1,
        );

        const merit = parse((await owner.get(`${base}/merit`).expect(200)).text);
        assert.match(merit('#mixed-versions').text(), /versions 1 and 2/);
        assert.equal(merit('#version-1').text().trim(), 'Scored against version 1');
        assert.equal(merit('#version-2').text().trim(), 'Scored against version 2');
        const lists = merit('table')
          .map((_i, t) =>
            merit(t)
              .find('tbody tr')
              .map((_j, tr) => merit(tr).find('td, th').eq(1).text().trim().slice(0, 4))
              .get()
              .join(','),
          )
          .get();
        assert.deepEqual(lists, ['C002,C004,C001', 'C005']);

        const csv = csvByReference((await owner.get(`${base}/comparison.csv`).expect(200)).text);
        const c5 = csv.get('C005')!;
        assert.equal(c5['Scoresheet version'], '2');
        assert.equal(c5['Merit rank'], '1');
        assert.equal(c5['Weighted total'], String(3 * 7 + 6 * (v2Ids.length - 1)));
        assert.equal(c5[setup.criteria.find((c) => c.id === dropped)!.title], '');
        assert.equal(csv.get('C006')!['Scoresheet version'], '2', 'not moderated yet: the latest version');

        const { db } = await testDatabase();
        const summary = await campaignSummary(db, await actorFor('dev-hiring-manager'), setup.campaign.id, {
          now: NOW,
        });
        assert.deepEqual(
          summary.lists.map((l) => [l.version, l.merit.map((m) => `${m.rank} ${m.reference}`)]),
          [
            [1, ['1 C002', '2 C004', '3 C001']],
            [2, ['1 C005']],
          ],
        );
        assert.match(summary.mixedNotice ?? '', /versions 1 and 2/);
      });

      it('makes offers and tie-breaks within one version’s list only', async () => {
        const page = await owner.get(`${base}/merit`).expect(200);
        const csrf = csrfTokenFrom(page.text);
        // First on version 2's list, though version 1's list still has candidates without a decision.
        await owner
          .post(`${base}/merit/offers/${candidate('C005')}`)
          .type('form')
          .send({ _csrf: csrf, status: 'offered' })
          .expect(303);
        const across = await owner
          .post(`${base}/merit/tie-break`)
          .type('form')
          .send({
            _csrf: csrf,
            [`position-${candidate('C001')}`]: '1',
            [`position-${candidate('C005')}`]: '2',
            reason: 'Across versions',
          });
        assert.equal(across.status, 409);
        assert.deepEqual((await snapshot()).merit, baseline.merit);
      });

      it('fills in results finalised before they were stored exactly as the app stored them', async () => {
        const { db } = await testDatabase();
        const { rows } = await sql<{
          candidate_id: string;
          weighted_total: number;
          passed: boolean;
        }>`${backfilledResults()}`.execute(db);
        const stored = await db
          .selectFrom('moderations')
          .select(['candidate_id', 'weighted_total', 'passed'])
          .where('candidate_id', 'in', [...V1_REFERENCES, 'C005'].map(candidate))
          .execute();
        for (const s of stored)
          assert.deepEqual(
            rows.find((r) => r.candidate_id === s.candidate_id),
            s,
            'the migration works a result out as finalisation did',
          );
      });

      it('keeps version 1 when a version 1 result is reopened and finalised again', async () => {
        const { db } = await testDatabase();
        const actor = await actorFor('dev-chair');
        const access = await moderationAccess(db, actor, candidate('C001'));
        await reopenModeration(db, actor, access, 'Typo in feedback');
        const reopened = await db
          .selectFrom('moderations')
          .select(['weighted_total', 'passed', 'outcome'])
          .where('candidate_id', '=', candidate('C001'))
          .executeTakeFirstOrThrow();
        assert.deepEqual(reopened, { weighted_total: null, passed: null, outcome: null });
        await finaliseModeration('dev-chair', candidate('C001'), everyCriterion(ids, 5));
        const now = await snapshot();
        const strip = (s: typeof now.stored) => s.map(({ finalised_at: _f, ...rest }) => rest);
        assert.deepEqual(strip(now.stored), strip(baseline.stored));
        assert.deepEqual(now.merit, baseline.merit);
      });

      it('names the version in the outcome and summary PDFs', async () => {
        const outcome = await downloadPdf(owner, `/reports/candidates/${candidate('C004')}/outcome.pdf`);
        assert.ok(squashed(outcome.text).includes(squashed('Scoresheet version 1')));
        const summary = await downloadPdf(owner, `/reports/campaigns/${setup.campaign.id}/summary.pdf`);
        const s = squashed(summary.text);
        for (const text of ['Scored against version 1', 'Scored against version 2', 'versions 1 and 2'])
          assert.ok(s.includes(squashed(text)), text);
        assert.ok(
          s.indexOf(squashed('Scored against version 1')) < s.indexOf(squashed('Scored against version 2')),
        );
      });
    });
  });
});
