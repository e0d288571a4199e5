import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { contentHash } from '../../../server/framework/hash.js';
import type { FrameworkLibrary } from '../../../server/framework/library.js';
import { loadFrameworkLibrary } from '../../../server/framework/load.js';
import { ownedCampaign } from '../../../server/features/campaigns/service.js';
import { publishScoresheet } from '../../../server/features/scoresheets/service.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { requestIdFrom } from '../../helpers/forms.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';
import { findUserBySubject } from '../../../server/features/users/repository.js';

const developer = {
  title: 'Developer',
  vacancyReference: 'DEV-1',
  grade: 'SEO',
  roleLevel: 'software-developer/developer',
  behaviourFramework: 'success-profiles',
  scale: 'civil-service-1-7',
  anonymised: 'no',
};

/** The builder's current form values, as a browser would submit them unchanged. */
function formValues(html: string): Record<string, string> {
  const $ = parse(html);
  const form = $('form[action$="/scoresheet"]').first();
  const values: Record<string, string> = {};
  form.find('input, select').each((_i, el) => {
    const name = $(el).attr('name');
    if (!name) return;
    const type = $(el).attr('type');
    if ((type === 'checkbox' || type === 'radio') && $(el).attr('checked') === undefined) return;
    values[name] = $(el).is('select')
      ? ($(el).find('option[selected]').attr('value') ?? $(el).find('option').first().attr('value') ?? '')
      : String($(el).val() ?? '');
  });
  return values;
}

describe('scoresheet builder and publishing', () => {
  let app: TestApp;
  let owner: Agent;
  let id: string;
  let sheetUrl: string;

  before(async () => {
    app = await startTestApp();
    owner = await signIn(app, 'dev-hiring-manager');
    const page = await owner.get('/campaigns/new').expect(200);
    const res = await owner
      .post('/campaigns')
      .type('form')
      .send({ ...developer, requestId: requestIdFrom(page.text), _csrf: csrfTokenFrom(page.text) })
      .expect(303);
    id = res.headers.location!.split('/').pop()!;
    sheetUrl = `/campaigns/${id}/scoresheet`;
  });
  after(() => app.close());

  it('proposes the role level’s skills (included) with their official bullets, and the behaviours for the grade', async () => {
    const $ = parse((await owner.get(sheetUrl).expect(200)).text);
    const cards = $('.govuk-summary-card');
    const skills = cards.filter((_i, c) => /Capability Framework skill/.test($(c).text()));
    assert.ok(skills.length >= 4);
    skills.each((_i, c) => assert.equal($(c).find('input[type=checkbox]').attr('checked'), 'checked'));
    const behaviours = cards.filter((_i, c) =>
      /Behaviour$/m.test($(c).find('.govuk-summary-card__title-wrapper p').text().trim()),
    );
    assert.equal(behaviours.length, 9);
    assert.match($(behaviours[0]).text(), /Seeing the Big Picture/);
  });

  it('refuses bad weights and pass marks with field errors and saves nothing', async () => {
    const page = await owner.get(sheetUrl).expect(200);
    const values = formValues(page.text);
    const firstId = Object.keys(values)
      .find((k) => k.startsWith('weight-'))!
      .slice('weight-'.length);
    const res = await owner
      .post(sheetUrl)
      .type('form')
      .send({
        ...values,
        [`weight-${firstId}`]: 'heavy',
        [`passMark-${firstId}`]: '9',
        _csrf: csrfTokenFrom(page.text),
      });
    assert.equal(res.status, 400);
    const $ = parse(res.text);
    const hrefs = $('.govuk-error-summary__list a')
      .map((_i, a) => $(a).attr('href'))
      .get();
    assert.deepEqual(hrefs, [`#weight-${firstId}`, `#passMark-${firstId}`]);
    assert.equal($(`#weight-${firstId}`).val(), 'heavy');
    const { db } = await testDatabase();
    const row = await db
      .selectFrom('scoresheet_criteria')
      .select(['weight', 'pass_mark'])
      .where('id', '=', firstId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { weight: 1, pass_mark: 4 });
  });

  it('refuses to publish while a rule is broken, and says which', async () => {
    const page = await owner.get(sheetUrl).expect(200);
    const values = formValues(page.text);
    await owner
      .post(sheetUrl)
      .type('form')
      .send({ ...values, passRule: 'total', overallPassMark: '', _csrf: csrfTokenFrom(page.text) })
      .expect(303);
    const again = await owner.get(sheetUrl).expect(200);
    const res = await owner
      .post(`${sheetUrl}/publish`)
      .type('form')
      .send({ _csrf: csrfTokenFrom(again.text) });
    assert.equal(res.status, 400);
    assert.deepEqual(
      parse(res.text)('.govuk-error-summary__list a')
        .map((_i, a) => parse(res.text)(a).attr('href'))
        .get(),
      ['#overallPassMark'],
    );
    const { db } = await testDatabase();
    assert.equal(
      (await db.selectFrom('scoresheet_versions').select('id').where('campaign_id', '=', id).execute())
        .length,
      0,
    );
  });

  it('publishes a frozen copy of the wording, which later framework changes do not touch', async () => {
    const page = await owner.get(sheetUrl).expect(200);
    const values = formValues(page.text);
    const behaviourIds = Object.keys(values)
      .filter((k) => k.startsWith('position-'))
      .map((k) => k.slice('position-'.length))
      .filter((cid) => values[`included-${cid}`] !== 'yes')
      .slice(0, 2);
    const included = Object.fromEntries(behaviourIds.map((cid) => [`included-${cid}`, 'yes']));
    await owner
      .post(sheetUrl)
      .type('form')
      .send({
        ...values,
        ...included,
        passRule: 'every-criterion-and-total',
        overallPassMark: '20',
        _csrf: csrfTokenFrom(page.text),
      })
      .expect(303);

    const fresh = await owner.get(sheetUrl).expect(200);
    const published = await owner
      .post(`${sheetUrl}/publish`)
      .type('form')
      .send({ _csrf: csrfTokenFrom(fresh.text) })
      .expect(303);
    assert.equal(published.headers.location, `${sheetUrl}/versions/1`);
    const version = parse((await owner.get(published.headers.location).expect(200)).text);
    assert.match(version('h1').text(), /version 1/);
    assert.match(version('main').text(), /Seeing the Big Picture|Changing and Improving/);

    const { db } = await testDatabase();
    const stored = await db
      .selectFrom('scoresheet_versions')
      .selectAll()
      .where('campaign_id', '=', id)
      .executeTakeFirstOrThrow();
    const content = stored.content;
    const skill = content.criteria.find((c) => c.kind === 'skill')!;
    assert.ok(skill.descriptors.length > 0);
    assert.equal('editionId' in skill.source && skill.source.editionId, 'ddat-pcf-2025-08');
    assert.ok(content.editions.every((e) => /^[0-9a-f]{64}$/.test(e.contentHash ?? '')));

    // A tampered copy of the framework data: every bullet rewritten. Publishing again from it gives
    // new wording in version 2, and version 1 still reads exactly as it was.
    const tampered = await tamperedLibrary();
    const user = await findUserBySubject(db, 'dev-hiring-manager');
    const actor = { id: user!.id, email: user!.email, name: user!.name, roles: ['hiring_manager' as const] };
    const campaign = await ownedCampaign(db, actor, id);
    const result = await publishScoresheet(db, tampered, actor, campaign);
    assert.deepEqual(result, { ok: true, version: 2 });
    const versions = await db
      .selectFrom('scoresheet_versions')
      .selectAll()
      .where('campaign_id', '=', id)
      .orderBy('version')
      .execute();
    assert.deepEqual(versions[0]!.content, stored.content);
    assert.equal(versions[0]!.content_hash, stored.content_hash);
    const v2 = versions[1]!.content;
    assert.ok(v2.criteria.find((c) => c.kind === 'skill')!.descriptors.every((d) => d.startsWith('CHANGED')));
  });

  it('lets the owner decide whether evidence notes are required before submitting', async () => {
    const page = await owner.get(sheetUrl).expect(200);
    assert.equal(parse(page.text)('input[name=requireEvidence][value=yes]').attr('checked'), 'checked');
    await owner
      .post(sheetUrl)
      .type('form')
      .send({ ...formValues(page.text), requireEvidence: 'no', _csrf: csrfTokenFrom(page.text) })
      .expect(303);
    const { db } = await testDatabase();
    assert.equal(
      (
        await db
          .selectFrom('campaigns')
          .select('require_evidence')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).require_evidence,
      false,
    );
    const bad = await owner
      .post(sheetUrl)
      .type('form')
      .send({ ...formValues(page.text), requireEvidence: 'sometimes', _csrf: csrfTokenFrom(page.text) });
    assert.equal(bad.status, 400);
    assert.equal(parse(bad.text)('.govuk-error-summary a').attr('href'), '#requireEvidence');
  });

  it('shows the published versions on the builder and offers the next one', async () => {
    const $ = parse((await owner.get(sheetUrl).expect(200)).text);
    assert.match($('main').text(), /Version 2 is published/);
    assert.match($('form[action$="/publish"] button').text(), /Publish version 3/);
  });
});

/** A copy of the shipped framework data with every role-level bullet rewritten (and its hash redone). */
async function tamperedLibrary(): Promise<FrameworkLibrary> {
  const dir = await mkdtemp(path.join(tmpdir(), 'framework-'));
  await cp('framework-data', dir, { recursive: true });
  const folder = path.join(dir, 'ddat-pcf', '2025-08');
  const rolesFile = path.join(folder, 'roles.json');
  const roles = JSON.parse(await readFile(rolesFile, 'utf8')) as {
    families: Array<{ roles: Array<{ levels: Array<{ skills: Array<{ bullets: string[] }> }> }> }>;
  };
  for (const family of roles.families)
    for (const role of family.roles)
      for (const level of role.levels)
        for (const skill of level.skills) skill.bullets = skill.bullets.map((b) => `CHANGED ${b}`);
  await writeFile(rolesFile, JSON.stringify(roles));
  const editionFile = path.join(folder, 'edition.json');
  const edition = JSON.parse(await readFile(editionFile, 'utf8')) as { files: string[]; contentHash: string };
  const files = Object.fromEntries(
    await Promise.all(
      edition.files.map(async (f) => [f, JSON.parse(await readFile(path.join(folder, f), 'utf8'))] as const),
    ),
  );
  edition.contentHash = contentHash(files);
  await writeFile(editionFile, JSON.stringify(edition));
  return loadFrameworkLibrary(dir);
}
