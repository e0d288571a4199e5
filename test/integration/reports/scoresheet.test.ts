import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { publishedCampaignWithPanel } from '../../helpers/factories.js';
import { pdfInfo, checkPdf, removePdfs } from '../../helpers/pdf.js';
import { browser, newPerson, signIn } from '../../helpers/sign-in.js';
import { downloadPdf, squashed } from './helpers.js';

describe('blank scoresheet PDF (GET /reports/campaigns/:id/scoresheets/:version.pdf)', () => {
  let app: TestApp;
  let setup: Awaited<ReturnType<typeof publishedCampaignWithPanel>>;
  let url: string;

  before(async () => {
    app = await startTestApp();
    setup = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair' },
        { subject: 'dev-member-1', role: 'member' },
      ],
    });
    url = `/reports/campaigns/${setup.campaign.id}/scoresheets/1.pdf`;
  });
  after(async () => {
    await removePdfs();
    await app.close();
  });

  it('gives owners and panel members the published version, blank, for paper use', async () => {
    for (const subject of ['dev-hiring-manager', 'dev-chair', 'dev-member-1']) {
      const agent = await signIn(app, subject);
      const { res, file, text } = await downloadPdf(agent, url);
      assert.equal(res.headers['content-disposition'], 'attachment; filename=scoresheet-REF-1-version-1.pdf');
      const info = await pdfInfo(file);
      assert.equal(info.title, `Scoresheet: ${setup.campaign.title} (version 1)`);
      assert.equal(info.tagged, true);
      assert.ok((await checkPdf(file)).ok);
      const s = squashed(text);
      for (const c of setup.criteria) assert.ok(s.includes(squashed(c.title)), c.title);
      assert.ok(s.includes(squashed('Evidence notes')));
      assert.doesNotMatch(text, /Evidence for/, 'nobody’s scores or notes');
    }
  });

  it('refuses everyone else (403), unknown campaigns and versions (404), and anonymous people', async () => {
    const outsider = newPerson(app);
    for (const subject of ['dev-hiring-manager-2', 'dev-administrator', outsider.subject]) {
      const agent = await signIn(app, subject);
      await agent.get(url).expect(403);
    }
    const owner = await signIn(app, 'dev-hiring-manager');
    for (const path of [
      `/reports/campaigns/${setup.campaign.id}/scoresheets/2.pdf`,
      `/reports/campaigns/${setup.campaign.id}/scoresheets/0.pdf`,
      `/reports/campaigns/${setup.campaign.id}/scoresheets/one.pdf`,
      `/reports/campaigns/${randomUUID()}/scoresheets/1.pdf`,
      `/reports/campaigns/${setup.campaign.id}/scoresheets/1`,
    ])
      await owner.get(path).expect(404);
    const anonymous = await browser(app).get(url).expect(302);
    assert.match(anonymous.headers.location ?? '', /^\/auth\/sign-in\?returnTo=/);
  });
});
