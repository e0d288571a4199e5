/**
 * The whole journey as one story, through the real pages, each checked by axe: Grace Hopper (hiring
 * manager) sets up a campaign, imports candidates and forms a panel; Tomos Evans (JavaScript on),
 * Priya Shah (JavaScript off) and Siân Ŵyn Parry (the chair) score; Siân moderates and finalises;
 * Grace compares, downloads the CSV, records an offer on the merit list and downloads the PDFs.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { testDatabase, uniqueSuffix } from '../helpers/database.js';
import { actorFor, finaliseModeration, submitScores } from '../helpers/factories.js';
import { useBrowserHarness, type Journey } from './harness.js';
import { people, saveStatus, scoreCriterion, signIn } from './steps.js';

const PROGRAMMING = 'Programming and build (software engineering)';
const SYSTEMS_DESIGN = 'Systems design';
const USER_FOCUS = 'User focus';
const WORKING_TOGETHER = 'Working Together';
const DELIVERING = 'Delivering at Pace';
/** The scoresheet Grace publishes, in its order. */
const CRITERIA = [PROGRAMMING, SYSTEMS_DESIGN, USER_FOCUS, WORKING_TOGETHER, DELIVERING];

/** Each member's scores for the first candidate, in CRITERIA order: close together, all passing. */
const SCORES = {
  tomos: [5, 4, 5, 4, 5],
  priya: [5, 5, 4, 4, 5],
  sian: [5, 4, 5, 5, 4],
  agreed: [5, 4, 5, 4, 5],
};

const sian = people['panel chair'];
const tomos = people['panel member'];
const priya = people['independent panel member'];
const grace = people['hiring manager'];

/** Day, month and year of tomorrow in UK time, as the date input takes them. */
function tomorrowInLondon(): { day: string; month: string; year: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).formatToParts(new Date(Date.now() + 86_400_000));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: part('day'), month: part('month'), year: part('year') };
}

async function errorSummary(j: Journey): Promise<string[]> {
  return (await j.page.locator('.govuk-error-summary__list a').allInnerTexts()).map((t) => t.trim());
}

async function banner(j: Journey): Promise<string> {
  return (await j.page.locator('.govuk-notification-banner').innerText()).replace(/\s+/g, ' ').trim();
}

/**
 * Declares no conflict with the candidate, from "Your interviews", and lands on their scoresheet: four
 * actions from any page (the Interviews link, the candidate's name, "No conflict", Save). With
 * `describeFirst`, first claims a conflict without describing it (an error page).
 */
async function declareAndOpenSheet(j: Journey, candidate: string, describeFirst = false): Promise<void> {
  await j.clickLink('Interviews');
  assert.equal(await j.heading(), 'Your interviews');
  await j.clickLink(`${candidate} (declare any conflict of interest, then score)`);
  assert.equal(await j.heading(), `Conflict of interest: ${candidate}`);
  if (describeFirst) {
    await j.page.getByRole('radio', { name: 'I have a conflict of interest' }).check();
    await j.clickButton('Save declaration');
    assert.equal(j.status, 400);
    assert.deepEqual(await errorSummary(j), ['Describe your conflict of interest']);
  }
  await j.page.getByRole('radio', { name: 'No conflict of interest' }).check();
  await j.clickButton('Save declaration');
  assert.equal(await j.heading(), `Score ${candidate} (C001)`);
  assert.match(await banner(j), /You declared no conflict of interest with this candidate/);
}

/** From a complete sheet: Check and submit, the check page, Submit; the confirmation takes focus with JavaScript. */
async function checkAndSubmit(j: Journey, candidate: string, javaScript = true): Promise<void> {
  await j.clickButton('Check and submit');
  assert.equal(await j.heading(), `Check your scores for ${candidate} (C001)`);
  await j.clickButton('Submit scoresheet');
  assert.equal(await j.heading(), 'Your interviews');
  assert.match(await banner(j), new RegExp(`Your scoresheet for ${candidate} has been submitted`));
  if (javaScript) assert.match((await j.focused()).className, /govuk-notification-banner/);
}

describe('browser: the whole journey, from a new campaign to the merit list and reports', function () {
  // One story of about seventy pages, each checked by axe; every single wait is still bounded.
  this.timeout(360_000);
  const { journey } = useBrowserHarness();

  it(
    'sets up, scores (with and without JavaScript), moderates, compares and reports',
    journey(async (owner) => {
      const { db } = await testDatabase();
      const suffix = uniqueSuffix();
      const title = `Software developer ${suffix}`;
      const vacancy = `SD-${suffix}`.slice(0, 40);
      const names = [`Aled Jones ${suffix}`, `Bethan Ŵyn ${suffix}`, `Chidi Okafor ${suffix}`];
      const [first, second, third] = names as [string, string, string];

      // Grace creates the campaign: first with nothing filled in (the error page is checked too).
      await signIn(owner, grace.name);
      await owner.clickLink('Campaigns');
      await owner.clickButton('Create a campaign');
      assert.equal(await owner.heading(), 'Create a campaign');
      await owner.clickButton('Create campaign');
      assert.equal(owner.status, 400);
      assert.deepEqual(await errorSummary(owner), [
        'Enter the campaign title',
        'Enter the vacancy reference',
        'Select the grade',
        'Select the role level',
      ]);
      await owner.page.getByLabel('Campaign title').fill(title);
      await owner.page.getByLabel('Vacancy reference').fill(vacancy);
      await owner.page.getByLabel('Grade').selectOption('SEO');
      await owner.page
        .getByLabel('Role and role level')
        .selectOption({ label: 'Software developer: Developer' });
      await owner.clickButton('Create campaign');
      assert.equal(await owner.heading(), title);
      const campaignId = new URL(owner.page.url()).pathname.split('/')[2]!;

      // The scoresheet: three of the role level's skills and two behaviours, with a lead criterion.
      await owner.clickLink('Build and publish the scoresheet');
      assert.equal(await owner.heading(), 'Scoresheet');
      const cards = owner.page.locator('.govuk-summary-card');
      for (const card of await cards.all()) {
        const name = (await card.getByRole('heading').innerText()).trim();
        await card
          .getByRole('checkbox', { name: 'Include in the scoresheet' })
          .setChecked(CRITERIA.includes(name));
      }
      await owner.page.getByLabel('Lead criterion').selectOption({ label: PROGRAMMING });
      const weight = cards.filter({ hasText: PROGRAMMING }).getByLabel('Weight');
      await weight.fill('0');
      await owner.clickButton('Save draft');
      assert.equal(owner.status, 400);
      assert.equal((await errorSummary(owner)).length, 1);
      assert.match((await errorSummary(owner))[0]!, /^Weight for criterion \d+ must be more than 0$/);
      await weight.fill('2');
      await owner.clickButton('Save draft');
      await owner.clickButton('Publish scoresheet');
      assert.equal(await owner.heading(), 'Scoresheet, version 1');
      const published = await owner.page.locator('main h2').allInnerTexts();
      assert.deepEqual(
        published.filter((h) => /^\d+\. /.test(h)).map((h) => h.replace(/^\d+\. /, '')),
        CRITERIA,
      );

      // Candidates by pasting CSV: one bad row means nothing is imported; then the fixed paste.
      await owner.visit(`/campaigns/${campaignId}`);
      await owner.clickLink('Add candidates');
      await owner.clickButton('Import from CSV');
      const csv = (secondEmail: string) =>
        [
          'name,email',
          `${first},aled.jones.${suffix}@example.com`,
          `${second},${secondEmail}`,
          `${third},chidi.okafor.${suffix}@example.com`,
        ].join('\n');
      await owner.page.getByLabel('Paste the CSV').fill(csv('not an email address'));
      await owner.clickButton('Import candidates');
      assert.equal(owner.status, 400);
      const problems = await errorSummary(owner);
      assert.equal(problems.length, 1, problems.join('; '));
      assert.match(problems[0]!, /^Row 3: /);
      assert.match(await owner.page.locator('#csv-error').innerText(), /Nothing has been imported/);
      assert.match(await owner.page.getByLabel('Paste the CSV').inputValue(), /not an email address/);
      await owner.page.getByLabel('Paste the CSV').fill(csv(`bethan.wyn.${suffix}@example.com`));
      await owner.clickButton('Import candidates');
      assert.match(await banner(owner), /3 candidates imported/);
      const rows = await owner.page.locator('tbody tr').allInnerTexts();
      assert.deepEqual(
        rows.map((r) => r.split('\t').slice(0, 2).join(' ')),
        names.map((n, i) => `C00${i + 1} ${n}`),
      );

      // A panel: Siân chairs; Tomos and Priya (independent) are added by email.
      await owner.clickLink('Back to the campaign');
      await owner.clickLink('Form panels and schedule interviews');
      await owner.page.getByLabel('Panel name').fill('Panel A');
      await owner.clickButton('Create panel');
      assert.equal(await owner.heading(), 'Panel A');
      await owner.clickButton('Add member');
      assert.equal(owner.status, 400);
      assert.deepEqual(await errorSummary(owner), [
        'Enter the panel member’s email address',
        'Select the panel role',
      ]);
      for (const [who, role] of [
        [sian, 'Chair'],
        [tomos, 'Member'],
        [priya, 'Independent member'],
      ] as const) {
        await owner.page.getByLabel('Email address').fill(who.email);
        await owner.page.getByRole('radio', { name: role, exact: true }).check();
        await owner.clickButton('Add member');
        assert.match(await banner(owner), /Panel member added/);
      }
      // Members are shown by name once they have signed in, by email until then.
      const members = await owner.page.locator('table').first().locator('tbody tr').allInnerTexts();
      assert.deepEqual(
        members.map((m) => [m.split('\t')[1]!.replace(/ \(has not signed in yet\)$/, ''), m.split('\t')[2]]),
        [
          [sian.email, 'Chair'],
          [tomos.email, 'Member'],
          [priya.email, 'Independent member'],
        ],
      );

      // Interviews tomorrow: the first without a time (an error page), then all three.
      const date = tomorrowInLondon();
      for (const [i, name] of names.entries()) {
        await owner.clickButton('Schedule an interview with this panel');
        const candidate = owner.page.getByLabel('Candidate', { exact: true });
        const value = await candidate.locator('option', { hasText: name }).getAttribute('value');
        await candidate.selectOption(value ?? '');
        await owner.page.getByLabel('Day').fill(date.day);
        await owner.page.getByLabel('Month').fill(date.month);
        await owner.page.getByLabel('Year').fill(date.year);
        if (i === 0) {
          await owner.clickButton('Schedule interview');
          assert.equal(owner.status, 400);
          assert.equal((await errorSummary(owner)).length, 1);
          assert.equal(await owner.page.getByLabel('Day').inputValue(), date.day, 'what was typed is kept');
        }
        await owner.page.getByLabel('Interview time').fill(['09:30', '11:00', '14:00'][i]!);
        await owner.clickButton('Schedule interview');
        assert.equal(await owner.heading(), 'Panel A');
      }
      const interviews = await owner.page.locator('table').nth(1).locator('tbody tr').allInnerTexts();
      assert.deepEqual(
        interviews.map((r) => r.split('\t')[2]),
        names,
      );

      // Tomos scores the first candidate with JavaScript on: autosave confirms, then he submits.
      const tomosJ = await owner.open({});
      await signIn(tomosJ, tomos.name);
      await declareAndOpenSheet(tomosJ, first, true);
      for (const [i, c] of CRITERIA.entries())
        await scoreCriterion(tomosJ, c, SCORES.tomos[i]!, `Tomos: ${c} – clear examples, ${suffix}.`);
      assert.match(await saveStatus(tomosJ, /^Saved at \d\d:\d\d$/), /Saved at/);
      assert.equal(await tomosJ.page.locator('#progress').innerText(), '5 of 5 criteria scored.');
      await checkAndSubmit(tomosJ, first);
      const tomosRow = tomosJ.page.getByRole('row').filter({ hasText: first });
      assert.match(await tomosRow.innerText(), /Submitted/);

      // Priya scores with JavaScript off: Save, an incomplete Submit (an error page), then Submit.
      const priyaJ = await owner.open({ javaScriptEnabled: false });
      await signIn(priyaJ, priya.name);
      await declareAndOpenSheet(priyaJ, first);
      for (const [i, c] of CRITERIA.slice(0, 4).entries())
        await scoreCriterion(priyaJ, c, SCORES.priya[i]!, `Priya: ${c}, ${suffix}.\nSecond line.`);
      await priyaJ.clickButton('Save');
      assert.match(await banner(priyaJ), /Your scores and notes are saved/);
      await priyaJ.clickButton('Check and submit');
      assert.equal(priyaJ.status, 400);
      assert.deepEqual(await errorSummary(priyaJ), [
        `Select a score for ${DELIVERING}`,
        `Enter evidence notes for ${DELIVERING}`,
      ]);
      assert.equal(
        await priyaJ.page.getByLabel(`Evidence notes for ${WORKING_TOGETHER}`).inputValue(),
        `Priya: ${WORKING_TOGETHER}, ${suffix}.\nSecond line.`,
      );
      await scoreCriterion(priyaJ, DELIVERING, SCORES.priya[4]!, `Priya: ${DELIVERING}, ${suffix}.`);
      await checkAndSubmit(priyaJ, first, false);
      await priyaJ.clickLink(`${first} (open the scoresheet)`);
      assert.match(await priyaJ.page.locator('.govuk-panel').innerText(), /Scoresheet submitted/);

      // Siân scores too; her moderation opens once all three have submitted.
      const sianJ = await owner.open({});
      await signIn(sianJ, sian.name);
      await declareAndOpenSheet(sianJ, first);
      for (const [i, c] of CRITERIA.entries())
        await scoreCriterion(sianJ, c, SCORES.sian[i]!, `Siân: ${c}, ${suffix}.`);
      await saveStatus(sianJ, /^Saved at /);
      await checkAndSubmit(sianJ, first);
      await sianJ.clickLink(`Moderate ${first}`);
      assert.equal(await sianJ.heading(), `Moderate ${first} (C001)`);
      const panelScores = await sianJ.page
        .getByRole('table', { name: `Panel scores for ${PROGRAMMING}` })
        .locator('tbody tr')
        .allInnerTexts();
      assert.equal(panelScores.length, 3, 'every member’s score, side by side');
      for (const [i, c] of CRITERIA.entries()) {
        await sianJ.page
          .getByRole('group', { name: `Agreed score for ${c}` })
          .getByRole('radio', { name: new RegExp(`^${SCORES.agreed[i]} – `) })
          .check();
      }
      await sianJ.page
        .locator(`textarea[id^="rationale-"]`)
        .first()
        .fill('Consistent evidence across the panel.');
      await sianJ.clickButton('Finalise moderation');
      assert.equal(sianJ.status, 400);
      assert.deepEqual(await errorSummary(sianJ), ['Enter the feedback for the candidate']);
      await sianJ.page
        .getByLabel('Feedback for the candidate')
        .fill('Strong programming and user focus; keep developing systems design.');
      await sianJ.clickButton('Finalise moderation');
      assert.match(await banner(sianJ), /Moderation finalised/);
      assert.match(await sianJ.page.locator('main').innerText(), /Proposed outcome: Appointable/);

      // The rest of the day, through the services: the second candidate is scored and moderated
      // higher, the third is not yet interviewed. This gives the comparison something to order.
      const candidates = await db
        .selectFrom('candidates')
        .select(['id', 'reference'])
        .where('campaign_id', '=', campaignId)
        .orderBy('reference')
        .execute();
      const [c1, c2] = candidates as [(typeof candidates)[0], (typeof candidates)[0]];
      const version = await db
        .selectFrom('scoresheet_versions')
        .select('content')
        .where('campaign_id', '=', campaignId)
        .executeTakeFirstOrThrow();
      const criterionIds = version.content.criteria.map((c) => c.id);
      const sixes = Object.fromEntries(criterionIds.map((id) => [id, 6]));
      for (const who of [sian, tomos, priya]) {
        const actor = await actorFor(who.subject);
        await db
          .insertInto('conflict_declarations')
          .values({ candidate_id: c2.id, user_id: actor.id, conflicted: false, description: null })
          .execute();
        await submitScores(who.subject, c2.id, sixes);
      }
      await finaliseModeration(sian.subject, c2.id, sixes);

      // Grace compares: merit order first, then by reference, then by weighted total.
      await owner.visit(`/campaigns/${campaignId}`);
      await owner.clickLink('Compare candidates');
      assert.equal(await owner.heading(), 'Compare candidates');
      const order = async () =>
        (await owner.page.locator('tbody tr').allInnerTexts()).map((r) =>
          r.split('\t').slice(0, 2).join(' '),
        );
      assert.deepEqual(await order(), [`1 C002 ${second}`, `2 C001 ${first}`, `– C003 ${third}`]);
      await owner.clickLink('Candidate sort by this');
      assert.deepEqual(await order(), [`2 C001 ${first}`, `1 C002 ${second}`, `– C003 ${third}`]);
      await owner.clickLink('Weighted total sort by this');
      assert.match(await owner.page.locator('main').innerText(), /Sorted by weighted total/);
      assert.deepEqual((await order()).slice(0, 2), [`1 C002 ${second}`, `2 C001 ${first}`]);

      const [download] = await Promise.all([
        owner.page.waitForEvent('download', { timeout: 15_000 }),
        owner.page.getByRole('link', { name: 'Download as CSV' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), `${vacancy}-comparison.csv`);
      const lines = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
      assert.equal(
        lines[0],
        [
          'Merit rank',
          'Reference',
          'Name',
          'Panel',
          'Status',
          'Scoresheet version',
          ...CRITERIA,
          'Weighted total',
          'Pass',
          'Outcome',
        ]
          .map((h) => (h.includes(',') ? `"${h}"` : h))
          .join(','),
      );
      // Weighted totals: programming counts twice (weight 2).
      assert.equal(lines[1], `1,C002,${second},Panel A,Finalised,1,6,6,6,6,6,36,Pass,Appointable`);
      assert.equal(
        lines[2],
        `2,C001,${first},Panel A,Finalised,1,${SCORES.agreed.join(',')},28,Pass,Appointable`,
      );
      assert.match(lines[3]!, new RegExp(`^,C003,${third},Panel A,Not moderated yet,1,`));

      // The merit list, and an offer to the first in merit order.
      await owner.clickLink('Merit list');
      assert.equal(await owner.heading(), 'Merit list');
      const merit = (await owner.page.locator('tbody tr').allInnerTexts()).map((r) =>
        r.split('\t').slice(0, 2).join(' '),
      );
      assert.deepEqual(merit, [`1 C002 ${second}`, `2 C001 ${first}`]);
      await owner.page
        .getByRole('group', { name: `1. C002 ${second}` })
        .getByRole('radio', { name: 'Offered' })
        .check();
      await owner.clickButton('Save offer for C002');
      assert.match(await banner(owner), /Offer recorded/);

      // The PDFs: the first candidate's outcome report and the campaign summary.
      for (const path of [
        `/reports/candidates/${c1.id}/outcome.pdf`,
        `/reports/campaigns/${campaignId}/summary.pdf`,
      ]) {
        const response = await owner.page.request.get(path, { timeout: 15_000 });
        assert.equal(response.status(), 200, `${path}: ${response.status()}`);
        assert.equal(response.headers()['content-type'], 'application/pdf');
        assert.match(
          response.headers()['content-disposition'] ?? '',
          /^attachment; filename="?[\w-]+\.pdf"?$/,
        );
        assert.equal((await response.body()).subarray(0, 5).toString('latin1'), '%PDF-');
      }
    }),
  );
});
