import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createCampaign } from '../../../server/features/campaigns/service.js';
import { publishScoresheet, scoresheetDraft } from '../../../server/features/scoresheets/service.js';
import type { FrameworkLibrary } from '../../../server/framework/library.js';
import { loadFrameworkLibrary } from '../../../server/framework/load.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase, uniqueSuffix } from '../../helpers/database.js';
import { actorFor } from '../../helpers/factories.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';
import {
  NEW_WORDING,
  OLD_WORDING,
  nextRelease,
  shippedSources,
  table,
  withConflictingDuplicate,
  withMissingLevel,
  withRenamedHeader,
} from './fixtures.js';

type Upload = { roles?: Buffer; skills?: Buffer; grades?: Buffer; date?: [string, string, string] };

describe('framework editions: import, compare, publish, withdraw', function () {
  this.timeout(120_000);
  let app: TestApp;
  let lib: FrameworkLibrary;
  let admin: Agent;
  let sources: Awaited<ReturnType<typeof shippedSources>>;

  before(async () => {
    // A library of its own: publishing here must not change the other tests' default edition.
    lib = await loadFrameworkLibrary();
    app = await startTestApp({ deps: { frameworks: lib } });
    admin = await signIn(app, 'dev-administrator');
    sources = await shippedSources();
  });
  after(() => app.close());

  async function upload(agent: Agent, files: Upload) {
    const token = csrfTokenFrom((await agent.get('/admin/frameworks').expect(200)).text);
    const [day, month, year] = files.date ?? ['28', '8', '2026'];
    let req = agent
      .post('/admin/frameworks')
      .field('_csrf', token)
      .field('releaseDate-day', day)
      .field('releaseDate-month', month)
      .field('releaseDate-year', year);
    if (files.roles) req = req.attach('roles', files.roles, 'roles.csv');
    if (files.skills) req = req.attach('skills', files.skills, 'skills.csv');
    if (files.grades) req = req.attach('grades', files.grades, 'grades.tsv');
    return req.redirects(0);
  }

  const post = async (agent: Agent, page: string, action: string, fields: Record<string, string> = {}) => {
    const token = csrfTokenFrom((await agent.get(page).expect(200)).text);
    return agent
      .post(`${page}/${action}`)
      .type('form')
      .send({ _csrf: token, ...fields })
      .redirects(0);
  };

  async function editionCount() {
    const { db } = await testDatabase();
    const row = await db
      .selectFrom('framework_editions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  const problemsOn = (html: string) => {
    const $ = parse(html);
    return {
      summary: $('.govuk-error-summary li')
        .map((_i, li) => $(li).text().trim())
        .get(),
      listed: $('#import-problems li')
        .map((_i, li) => $(li).text().trim())
        .get(),
    };
  };

  it('imports the next release, shows how it differs, and publishes it without changing existing campaigns', async () => {
    const { db } = await testDatabase();
    // A campaign on the shipped edition, its scoresheet published.
    const owner = await actorFor('dev-hiring-manager').catch(async () => {
      await signIn(app, 'dev-hiring-manager');
      return actorFor('dev-hiring-manager');
    });
    const created = await createCampaign(
      db,
      lib,
      owner,
      {
        title: `Pinned ${uniqueSuffix()}`,
        vacancyReference: 'REF-ED',
        grade: 'SEO',
        roleLevel: 'software-developer/developer',
        behaviourFramework: 'success-profiles',
        scale: 'civil-service-1-7',
        anonymised: false,
      },
      randomUUID(),
    );
    if (!created.ok || created.replayed) throw new Error('campaign not created');
    const campaign = created.campaign;
    assert.equal(campaign.ddat_edition, 'ddat-pcf-2025-08');
    assert.ok((await publishScoresheet(db, lib, owner, campaign)).ok);
    const versionBefore = await db
      .selectFrom('scoresheet_versions')
      .selectAll()
      .where('campaign_id', '=', campaign.id)
      .executeTakeFirstOrThrow();
    const draftBefore = await scoresheetDraft(db, lib, campaign);
    assert.ok(JSON.stringify(draftBefore).includes(OLD_WORDING));

    const started = performance.now();
    const res = await upload(admin, {
      roles: nextRelease(sources.roles),
      skills: sources.skills,
      grades: sources.grades,
    });
    const importMs = Math.round(performance.now() - started);
    assert.equal(res.status, 303, res.text.slice(0, 2000));
    console.log(`      (import of the full exports over HTTP: ${importMs} ms)`);
    const page = res.headers.location as string;
    assert.match(page, /^\/admin\/frameworks\/[0-9a-f-]{36}\?imported=1$/);
    const editionPage = page.replace(/\?.*$/, '');

    const row = await db
      .selectFrom('framework_editions')
      .selectAll()
      .where('id', '=', editionPage.split('/').pop()!)
      .executeTakeFirstOrThrow();
    assert.equal(row.edition_id, 'ddat-pcf-2026-08');
    assert.equal(row.status, 'imported');
    assert.equal(row.release_date, '2026-08-28');
    assert.match(String(row.sources.roles), /^[0-9a-f]{64}$/);
    assert.equal(row.imported_by, (await actorFor('dev-administrator')).id);
    const audit = await db.selectFrom('audit_log').select('action').where('entity_id', '=', row.id).execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['framework_edition.imported'],
    );
    // The database refuses to change an edition's content.
    await assert.rejects(
      db.updateTable('framework_editions').set({ edition_id: 'x' }).where('id', '=', row.id).execute(),
    );

    // Not yet the default: new campaigns still get the shipped edition.
    assert.equal(lib.ddatEdition().id, 'ddat-pcf-2025-08');

    const $ = parse((await admin.get(editionPage).expect(200)).text);
    const text = $('main').text();
    assert.match(text, /Agile coach: Senior agile coach/);
    assert.match(text, /Data ethicist: Data ethics lead → Data ethicist: Data and AI ethics lead/);
    assert.match(text, /Skills removed: Technical understanding/);
    const squash = (t: string) => t.replace(/\s+/g, ' ');
    assert.equal(squash($('ins').first().text()), 'added: coach (end of addition)');
    assert.equal(squash($('del').first().text()), 'removed: support (end of removal)');

    const csvRes = await admin.get(`${editionPage}/changes.csv`).expect(200);
    assert.match(String(csvRes.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.ok(csvRes.text.startsWith('\uFEFFChange,Role level before'));
    const rows = table(csvRes.text);
    assert.ok(rows.some((r) => r[0] === 'Role level added' && r[2] === 'Agile coach: Senior agile coach'));
    assert.ok(rows.some((r) => r[0] === 'Possible rename (not confirmed)'));
    assert.ok(
      rows.some(
        (r) =>
          r[0] === 'Skill removed' &&
          r[1] === 'Data engineer: Data engineer' &&
          r[3] === 'Technical understanding',
      ),
    );
    assert.ok(rows.some((r) => r[0] === 'Descriptor wording changed' && r[5]?.includes(NEW_WORDING)));

    // A rename that was not proposed is refused, nothing saved.
    const bad = await post(admin, editionPage, 'renames', {
      from: 'software-developer/developer',
      to: 'agile-coach/senior-agile-coach',
    });
    assert.equal(bad.status, 400);
    const unparsable = await post(admin, editionPage, 'renames', { from: 'NOT A KEY', to: '' });
    assert.equal(unparsable.status, 400);
    assert.ok(parse(unparsable.text)('.govuk-error-summary').length === 1);

    // Confirm the proposed rename.
    const ok = await post(admin, editionPage, 'renames', {
      from: 'data-ethicist/data-ethics-lead',
      to: 'data-ethicist/data-and-ai-ethics-lead',
    });
    assert.equal(ok.status, 303);
    const after = parse((await admin.get(editionPage).expect(200)).text)('main').text();
    assert.match(after, /Data and AI ethics lead \(renamed from Data ethicist: Data ethics lead\)/);
    assert.doesNotMatch(after, /Possible renames/);

    // Publish: the default for new campaigns.
    assert.equal((await post(admin, editionPage, 'publish')).status, 303);
    assert.equal(lib.ddatEdition().id, 'ddat-pcf-2026-08');
    assert.ok(lib.ddatEdition('ddat-pcf-2025-08'));
    // Publishing twice is a conflict.
    assert.equal((await post(admin, editionPage, 'publish')).status, 409);

    // The existing campaign is pinned: its edition, draft text and published version are unchanged.
    const reloaded = await db
      .selectFrom('campaigns')
      .selectAll()
      .where('id', '=', campaign.id)
      .executeTakeFirstOrThrow();
    assert.equal(reloaded.ddat_edition, 'ddat-pcf-2025-08');
    assert.deepEqual(await scoresheetDraft(db, lib, reloaded), draftBefore);
    const versionAfter = await db
      .selectFrom('scoresheet_versions')
      .selectAll()
      .where('campaign_id', '=', campaign.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(versionAfter, versionBefore);

    // A new campaign is built from the published edition, with its wording.
    const fresh = await createCampaign(
      db,
      lib,
      owner,
      {
        title: `New ${uniqueSuffix()}`,
        vacancyReference: 'REF-ED2',
        grade: 'SEO',
        roleLevel: 'software-developer/developer',
        behaviourFramework: 'success-profiles',
        scale: 'civil-service-1-7',
        anonymised: false,
      },
      randomUUID(),
    );
    if (!fresh.ok || fresh.replayed) throw new Error('campaign not created');
    assert.equal(fresh.campaign.ddat_edition, 'ddat-pcf-2026-08');
    assert.ok(JSON.stringify(await scoresheetDraft(db, lib, fresh.campaign)).includes(NEW_WORDING));
    // The new role is offered; the framework pages show the new default.
    await admin.get('/framework/roles/agile-coach').expect(200);

    // Used by a campaign: cannot be withdrawn.
    const refused = await post(admin, editionPage, 'withdraw');
    assert.equal(refused.status, 400);
    assert.match(parse(refused.text)('.govuk-error-summary').text(), /1 campaign uses it/);
    assert.equal(lib.ddatEdition().id, 'ddat-pcf-2026-08');
  });

  it('withdraws an unused edition; the edition before it is the default again', async () => {
    const res = await upload(admin, {
      roles: nextRelease(sources.roles),
      skills: sources.skills,
      date: ['29', '5', '2026'],
    });
    assert.equal(res.status, 303, res.text.slice(0, 1000));
    const editionPage = (res.headers.location as string).replace(/\?.*$/, '');
    const before = lib.ddatEdition().id;
    assert.equal((await post(admin, editionPage, 'publish')).status, 303);
    assert.equal(lib.ddatEdition().id, 'ddat-pcf-2026-05');
    assert.equal((await post(admin, editionPage, 'withdraw')).status, 303);
    assert.equal(lib.ddatEdition().id, before);
    assert.equal(lib.ddatEdition('ddat-pcf-2026-05'), undefined);
    assert.match(parse((await admin.get(editionPage).expect(200)).text)('main').text(), /Withdrawn/);
    // A withdrawn release can be imported again.
    const again = await upload(admin, {
      roles: sources.roles,
      skills: sources.skills,
      date: ['29', '5', '2026'],
    });
    assert.equal(again.status, 303);
  });

  it('refuses the same release twice, and the shipped one', async () => {
    const first = await upload(admin, {
      roles: sources.roles,
      skills: sources.skills,
      date: ['1', '3', '2026'],
    });
    assert.equal(first.status, 303);
    const count = await editionCount();
    const second = await upload(admin, {
      roles: sources.roles,
      skills: sources.skills,
      date: ['15', '3', '2026'],
    });
    assert.equal(second.status, 400);
    assert.match(problemsOn(second.text).summary.join('\n'), /already been imported/);
    const shipped = await upload(admin, {
      roles: sources.roles,
      skills: sources.skills,
      date: ['29', '8', '2025'],
    });
    assert.equal(shipped.status, 400);
    assert.match(problemsOn(shipped.text).summary.join('\n'), /already part of the service/);
    assert.equal(await editionCount(), count);
  });

  describe('refuses bad files with every problem, file and row, and imports nothing', () => {
    const cases: Array<[string, () => Upload, RegExp]> = [
      [
        'wrong headers',
        () => ({ roles: withRenamedHeader(sources.roles), skills: sources.skills }),
        /roles\.csv row 1: missing column "Skill Level"/,
      ],
      [
        'a missing level',
        () => ({ roles: withMissingLevel(sources.roles), skills: sources.skills }),
        /roles\.csv row 3: Skill Level is empty/,
      ],
      [
        'a duplicate row with different content',
        () => ({ roles: withConflictingDuplicate(sources.roles).file, skills: sources.skills }),
        /roles\.csv row \d+: .* already appears in row 2 with different content/,
      ],
      [
        'a file that is not UTF-8',
        () => ({ roles: Buffer.concat([sources.roles, Buffer.from([0xe9, 0x0a])]), skills: sources.skills }),
        /roles\.csv: the file is not UTF-8 text/,
      ],
      [
        'a file over 10 MB',
        () => ({ roles: sources.roles, skills: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) }),
        /skills\.csv: the file must be 10 MB or smaller \(it is 10\.0 MB\)/,
      ],
      ['no files', () => ({}), /Choose the “Role content” CSV file/],
      [
        'no release date',
        () => ({ roles: sources.roles, skills: sources.skills, date: ['', '', ''] }),
        /Enter the date/,
      ],
      [
        'a release date that is not a date',
        () => ({ roles: sources.roles, skills: sources.skills, date: ['31', '2', '2026'] }),
        /must be a real date/,
      ],
    ];
    for (const [name, files, expected] of cases)
      it(name, async () => {
        const count = await editionCount();
        const res = await upload(admin, files());
        assert.equal(res.status, 400, res.text.slice(0, 500));
        const { summary, listed } = problemsOn(res.text);
        assert.ok(summary.length > 0, 'an error summary');
        assert.match([...summary, ...listed].join('\n'), expected);
        assert.equal(await editionCount(), count);
      });

    it('lists every problem, not only the first per file', async () => {
      const [header, ...rows] = table(sources.roles);
      for (const i of [0, 5, 9]) rows[i] = rows[i]!.map((c, j) => (j === 7 ? 'Guru' : c));
      const { csv } = await import('./fixtures.js');
      const res = await upload(admin, { roles: csv([header!, ...rows]), skills: sources.skills });
      assert.equal(res.status, 400);
      const { listed } = problemsOn(res.text);
      assert.deepEqual(
        listed.filter((p) => /Guru/.test(p)).map((p) => /row (\d+)/.exec(p)?.[1]),
        ['2', '7', '11'],
      );
    });

    it('answers 413 for a body far over the limit', async () => {
      const token = csrfTokenFrom((await admin.get('/admin/frameworks').expect(200)).text);
      const res = await admin
        .post('/admin/frameworks')
        .field('_csrf', token)
        .attach('roles', Buffer.alloc(33 * 1024 * 1024, 0x61), 'roles.csv')
        .redirects(0);
      assert.equal(res.status, 413);
    });
  });

  it('is for administrators only', async () => {
    const manager = await signIn(app, 'dev-hiring-manager');
    await manager.get('/admin/frameworks').expect(403);
    assert.match((await admin.get('/framework').expect(200)).text, /href="\/admin\/frameworks"/);
    assert.doesNotMatch((await manager.get('/framework').expect(200)).text, /href="\/admin\/frameworks"/);
    await manager.get('/admin/frameworks/ddat-pcf-2025-08').expect(403);
    const token = csrfTokenFrom((await manager.get('/').expect(200)).text);
    const count = await editionCount();
    const res = await manager
      .post('/admin/frameworks')
      .field('_csrf', token)
      .field('releaseDate-day', '1')
      .field('releaseDate-month', '4')
      .field('releaseDate-year', '2026')
      .attach('roles', sources.roles, 'roles.csv')
      .attach('skills', sources.skills, 'skills.csv')
      .redirects(0);
    assert.equal(res.status, 403);
    assert.equal(await editionCount(), count);
  });

  it('shows the shipped edition, compared with the default', async () => {
    const $ = parse((await admin.get('/admin/frameworks/ddat-pcf-2025-08').expect(200)).text);
    assert.match($('h1').text(), /ddat-pcf-2025-08/);
    await admin.get('/admin/frameworks/ddat-pcf-2025-08/changes.csv').expect(200);
    await admin.get('/admin/frameworks/no-such-edition').expect(404);
    await admin.get(`/admin/frameworks/${randomUUID()}`).expect(404);
  });
});
