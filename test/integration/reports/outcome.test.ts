import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { moderationAccess, saveModeration } from '../../../server/features/moderation/service.js';
import { runRetention } from '../../../server/features/retention/service.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { actorFor, publishedCampaignWithPanel, submitScores } from '../../helpers/factories.js';
import { pdfInfo, checkPdf, removePdfs } from '../../helpers/pdf.js';
import { browser, newPerson, signIn, type Agent } from '../../helpers/sign-in.js';
import { downloadPdf, squashed } from './helpers.js';

const HOSTILE_NAME = '<script>alert(1)</script> ) Tj /JavaScript ( Siân Ŵyn';
const OGL = 'Contains public sector information licensed under the Open Government Licence v3.0.';

type Setup = Awaited<ReturnType<typeof publishedCampaignWithPanel>>;

/** Every member scores (chair 5, member 4, independent 6 on every criterion), then the chair finalises. */
async function moderate(setup: Setup, candidateId: string, tag: string) {
  const ids = setup.criteria.map((c) => c.id);
  const all = (score: number) => Object.fromEntries(ids.map((id) => [id, score]));
  await submitScores('dev-chair', candidateId, all(5), (id) => `Chair evidence ${tag} ${id}`);
  await submitScores('dev-member-1', candidateId, all(4), (id) => `Member evidence ${tag} ${id}`);
  await submitScores('dev-member-2', candidateId, all(6), (id) => `Independent evidence ${tag} ${id}`);
  const { db } = await testDatabase();
  const chair = await actorFor('dev-chair');
  const access = await moderationAccess(db, chair, candidateId);
  const result = await saveModeration(
    db,
    chair,
    access,
    {
      criteria: ids.map((criterionId, i) => ({
        criterionId,
        score: i === 0 ? 3 : 5,
        rationale: `Rationale ${tag} ${i + 1}: the panel agreed`,
        strengths: `Strength note ${tag} ${i + 1}`,
        development: `Development note ${tag} ${i + 1}`,
      })),
      outcomeOverride: 'reserve',
      overrideReason: `Override reason ${tag}`,
      feedback: `Feedback text ${tag}: thank you, Siân`,
      tieBreakNote: '',
    },
    true,
  );
  assert.deepEqual(result, { ok: true, finalised: true });
}

describe('candidate outcome PDF (GET /reports/candidates/:id/outcome.pdf)', () => {
  let app: TestApp;
  let owner: Agent;
  let chair: Agent;
  let setup: Setup;
  let finalised: string;
  let unfinalised: string;
  const url = (id: string, query = '') => `/reports/candidates/${id}/outcome.pdf${query}`;

  before(async () => {
    app = await startTestApp();
    setup = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
        { subject: 'dev-member-2', role: 'independent', declare: 'none' },
      ],
      candidates: 2,
    });
    finalised = setup.candidates[0]!.id;
    unfinalised = setup.candidates[1]!.id;
    const { db } = await testDatabase();
    await db.updateTable('candidates').set({ name: HOSTILE_NAME }).where('id', '=', finalised).execute();
    await moderate(setup, finalised, 'one');
    owner = await signIn(app, 'dev-hiring-manager');
    chair = await signIn(app, 'dev-chair');
  });
  after(async () => {
    await removePdfs();
    await app.close();
  });

  it('downloads as a tagged, titled PDF attachment that passes the structural check', async () => {
    const { res, file } = await downloadPdf(owner, url(finalised));
    assert.equal(res.headers['content-disposition'], 'attachment; filename=interview-outcome-REF-1-C001.pdf');
    assert.equal(res.headers['cache-control'], 'no-store');
    const info = await pdfInfo(file);
    assert.equal(info.title, 'Interview outcome: C001');
    assert.equal(info.tagged, true);
    const check = await checkPdf(file);
    assert.ok(check.ok, check.output);
  });

  it('has the campaign, candidate, criteria and descriptors, scores, rationale, outcome, feedback and attribution', async () => {
    const { text } = await downloadPdf(owner, url(finalised));
    const s = squashed(text);
    const { db } = await testDatabase();
    const version = await db
      .selectFrom('scoresheet_versions')
      .select('content')
      .where('campaign_id', '=', setup.campaign.id)
      .executeTakeFirstOrThrow();
    const content = version.content;
    for (const expected of [
      'Interview outcome: C001',
      setup.campaign.title,
      'REF-1',
      'Lead developer',
      'G7',
      setup.panel.name,
      'Outcome Reserve',
      'Proposed from the scores Not appointable',
      'Override reason one',
      'Overall result Fail.',
      'Member A Member B Member C Agreed Result',
      'Member A: 5 (Good); Member B: 4 (Acceptable); Member C: 6 (Strong)',
      'Agreed score 3 (Moderate)',
      'Fail: 3 is below the pass mark of 4',
      'Pass: 5 is at or above the pass mark of 4',
      'Rationale one 1: the panel agreed',
      'Strength note one 1',
      'Development note one 1',
      'Feedback text one: thank you, Siân',
      OGL,
      ...content.criteria.flatMap((c) => [c.title, ...c.descriptors.slice(0, 2)]),
      ...content.editions.flatMap((e) => (e.attribution ? [e.attribution] : [])),
    ])
      assert.ok(s.includes(squashed(expected)), expected);
    assert.ok(text.includes(HOSTILE_NAME), 'the hostile name comes back as plain text');
    assert.match(text, /Siân Ŵyn/);
    assert.doesNotMatch(text, /evidence one/i, 'members’ evidence notes stay out of the report');
    const { pages } = await downloadPdf(owner, url(finalised));
    for (const page of pages) assert.match(page, /generated \d{1,2} \w+ \d{4}, \d.* Page \d+ of \d+/);
  });

  it('shows members as Member A/B/C by default, and names only for owners who ask', async () => {
    const names = ['Siân Ŵyn Parry', 'Tomos Evans', 'Priya Shah'];
    for (const agent of [owner, chair]) {
      const { text } = await downloadPdf(agent, url(finalised));
      assert.match(text, /Member A/);
      for (const name of names) assert.ok(!text.includes(name), name);
    }
    const named = await downloadPdf(owner, url(finalised, '?names=yes'));
    const s = squashed(named.text);
    for (const label of [
      'Siân Ŵyn Parry (Chair): 5',
      'Tomos Evans (Member): 4',
      'Priya Shah (Independent member): 6',
    ])
      assert.ok(s.includes(squashed(label)), label);
    assert.doesNotMatch(named.text, /Member A/);
    const chairAsks = await chair.get(url(finalised, '?names=yes')).expect(403);
    assert.match(
      chairAsks.text,
      /Only the campaign’s owners can download an outcome report with panel members’ names/,
    );
    assert.doesNotMatch(chairAsks.headers['content-type'] ?? '', /pdf/);
    await downloadPdf(owner, url(finalised, '?names=no'));
    await owner.get(url(finalised, '?names=maybe')).expect(400);
  });

  it('is refused with 409 until the moderation is finalised', async () => {
    const res = await owner.get(url(unfinalised)).expect(409);
    assert.match(res.headers['content-type'] ?? '', /text\/html/);
    assert.equal(res.headers['content-disposition'], undefined);
    assert.match(res.text, /available once the panel chair has finalised/);
    await chair.get(url(unfinalised)).expect(409);
  });

  it('refuses other hiring managers, administrators and panel members (403), unknown ids (404) and anonymous people', async () => {
    const stranger = newPerson(app);
    const { db } = await testDatabase();
    const otherPanel = await db
      .insertInto('panels')
      .values({ campaign_id: setup.campaign.id, name: `Other panel ${randomUUID()}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await signIn(app, stranger.subject);
    const strangerUser = await actorFor(stranger.subject);
    await db
      .insertInto('panel_members')
      .values({ panel_id: otherPanel.id, user_id: strangerUser.id, role: 'chair' })
      .execute();
    for (const subject of [
      'dev-hiring-manager-2',
      'dev-administrator',
      'dev-member-1',
      'dev-member-2',
      stranger.subject,
    ]) {
      const agent = await signIn(app, subject);
      const res = await agent.get(url(finalised)).expect(403);
      assert.doesNotMatch(res.headers['content-type'] ?? '', /pdf/);
      await agent.get(url(finalised, '?names=yes')).expect(403);
    }
    await owner.get(url(randomUUID())).expect(404);
    await owner.get(url('not-a-candidate')).expect(404);
    const anonymous = await browser(app).get(url(finalised)).expect(302);
    assert.equal(anonymous.headers.location, `/auth/sign-in?returnTo=${encodeURIComponent(url(finalised))}`);
  });

  it('shows the reference, not the name, to the chair of an anonymised campaign; the owner sees the name', async () => {
    const anon = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
        { subject: 'dev-member-2', role: 'independent', declare: 'none' },
      ],
      anonymised: true,
    });
    const candidate = anon.candidates[0]!;
    await moderate(anon, candidate.id, 'anon');
    const forChair = await downloadPdf(chair, url(candidate.id));
    assert.ok(!forChair.text.includes(candidate.name!), 'no name for the chair');
    assert.match(squashed(forChair.text), /CandidateC001Panel/);
    const forOwner = await downloadPdf(owner, url(candidate.id));
    assert.ok(squashed(forOwner.text).includes(squashed(`${candidate.name} (C001)`)));
  });

  it('after retention erasure, keeps the scores and rationale but not the name, email, evidence or feedback', async () => {
    const old = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
        { subject: 'dev-member-2', role: 'independent', declare: 'none' },
      ],
    });
    const candidate = old.candidates[0]!;
    await moderate(old, candidate.id, 'erased');
    const before = await downloadPdf(owner, url(candidate.id));
    assert.ok(before.text.includes(candidate.name!));
    assert.match(before.text, /Feedback text erased/);

    const { db } = await testDatabase();
    await db
      .updateTable('campaigns')
      .set({ closed_at: new Date('2000-01-01T00:00:00Z') })
      .where('id', '=', old.campaign.id)
      .execute();
    const run = await runRetention(db, { now: new Date('2001-06-01T00:00:00Z'), retentionMonths: 12 });
    assert.ok(run.candidates >= 1);

    const after = await downloadPdf(owner, url(candidate.id));
    for (const gone of [
      candidate.name!,
      candidate.email!,
      'evidence erased',
      'Feedback text erased',
      'Strength note erased',
      'Development note erased',
    ])
      assert.ok(!after.text.includes(gone), `${gone} is gone`);
    const s = squashed(after.text);
    for (const kept of [
      'Interview outcome: C001',
      'Candidate C001',
      'Member A: 5 (Good); Member B: 4 (Acceptable); Member C: 6 (Strong)',
      'Agreed score 3 (Moderate)',
      'Rationale erased 1: the panel agreed',
      'Outcome Reserve',
      'was erased on',
      OGL,
    ])
      assert.ok(s.includes(squashed(kept)), kept);
  });
});
