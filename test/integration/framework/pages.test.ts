import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { parse } from '../../helpers/html.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';
import { parseSeed } from '../../unit/framework/seed-parser.js';

const SEEDS = 'test/unit/framework/fixtures/seeds';
const PAGES: Record<string, string> = {
  '000_92337c5d5d5d2444.txt': '/framework/roles/software-developer/principal-developer',
  '001_b1521d219524850f.txt': '/framework/roles/software-developer/developer',
  '002_9a3ef4ff726df3af.txt':
    '/framework/roles/development-operations-devops-engineer/principal-devops-engineer',
  '003_70a37c4ecdaf05c1.txt':
    '/framework/roles/development-operations-devops-engineer/junior-devops-engineer',
};
const OGL = 'Contains public sector information licensed under the Open Government Licence v3.0.';

describe('framework pages', () => {
  let app: TestApp;
  let member: Agent;
  before(async () => {
    app = await startTestApp();
    member = await signIn(app, 'dev-member-1');
  });
  after(() => app.close());

  for (const [file, url] of Object.entries(PAGES)) {
    it(`shows ${file} word for word at ${url}`, async () => {
      const seed = parseSeed(await readFile(join(SEEDS, file), 'utf8'));
      const $ = parse((await member.get(url).expect(200)).text);
      assert.equal($('h1').text().trim(), seed.level);
      const sections = $('section.app-skill');
      assert.deepEqual(
        sections.map((_i, s) => $(s).find('h3 a').text().trim()).get(),
        seed.skills.map((s) => s.name),
      );
      sections.each((i, s) => {
        const bullets = $(s)
          .find('ul')
          .first()
          .find('li')
          .map((_j, li) => $(li).text())
          .get();
        assert.deepEqual(bullets, seed.skills[i]!.bullets, `bullets of ${seed.skills[i]!.name}`);
      });
      assert.match($('.app-attribution').text(), new RegExp(OGL.replace(/[.()]/g, '\\$&')));
      assert.match($('.app-attribution').text(), /2025/);
    });
  }

  it('lists roles by family and links every role', async () => {
    const $ = parse((await member.get('/framework').expect(200)).text);
    assert.ok($('h3').length >= 8);
    assert.ok($('a[href="/framework/roles/development-operations-devops-engineer"]').length === 1);
  });

  it('shows a skill with its four levels, marking levels the framework does not define', async () => {
    const $ = parse((await member.get('/framework/skills/accessibility').expect(200)).text);
    assert.deepEqual(
      $('h2.govuk-heading-m')
        .slice(0, 4)
        .map((_i, h) => $(h).text().trim())
        .get(),
      ['Awareness', 'Working', 'Practitioner', 'Expert'],
    );
    assert.match(
      $('main').text(),
      /understand accessibility and that users have different accessibility needs/,
    );
  });

  it('shows a Success Profiles behaviour at all six levels, and a CSCF competency with effective and ineffective indicators', async () => {
    const sp = parse(
      (await member.get('/framework/behaviours/success-profiles/seeing-the-big-picture').expect(200)).text,
    );
    assert.equal(sp('h2.govuk-heading-m').length, 6);
    assert.match(sp('h2').first().text(), /Level 1 - AA and AO or equivalent/);
    const cscf = parse(
      (await member.get('/framework/behaviours/cscf-2012/seeing-the-big-picture').expect(200)).text,
    );
    assert.equal(cscf('h3:contains("Ineffective behaviours")').length, 6);
    assert.match(cscf('.app-attribution').text(), /Open Government Licence v3\.0/);
  });

  it('searches roles, role levels and skills, escaping the query', async () => {
    const $ = parse((await member.get('/framework/search?q=principal%20devops').expect(200)).text);
    assert.ok(
      $('a[href="/framework/roles/development-operations-devops-engineer/principal-devops-engineer"]')
        .length >= 1,
    );
    const skills = parse((await member.get('/framework/search?q=accessib').expect(200)).text);
    assert.ok(skills('a[href="/framework/skills/accessibility"]').length === 1);
    const hostile = await member.get('/framework/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E').expect(200);
    assert.doesNotMatch(hostile.text, /<script>alert/);
    assert.match(parse(hostile.text)('h2').text(), /No results for ‘<script>alert\(1\)<\/script>’/);
  });

  it('answers 404 for unknown roles, levels, skills and behaviours', async () => {
    for (const url of [
      '/framework/roles/nope',
      '/framework/roles/software-developer/nope',
      '/framework/roles/software-developer/principal-devops-engineer',
      '/framework/skills/nope',
      '/framework/behaviours/success-profiles/nope',
      '/framework/behaviours/cscf-2012/nope',
    ]) {
      await member.get(url).expect(404);
    }
  });

  it('needs sign-in', async () => {
    const res = await request(app.baseUrl).get('/framework').expect(302);
    assert.match(res.headers.location!, /^\/auth\/sign-in/);
  });
});
