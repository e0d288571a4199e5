import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { parse } from '../../helpers/html.js';

describe('accessibility statement and privacy notice', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: { RETENTION_MONTHS: '18' } });
  });
  after(() => app.close());

  it('are open to everyone and linked from every page footer', async () => {
    const home = parse((await request(app.baseUrl).get('/').expect(200)).text);
    for (const href of ['/accessibility', '/privacy']) {
      assert.equal(home(`.govuk-footer a[href="${href}"]`).length, 1);
      const page = parse((await request(app.baseUrl).get(href).expect(200)).text);
      assert.ok(page('h1').text().length > 0);
    }
  });

  it('states the configured retention period', async () => {
    const $ = parse((await request(app.baseUrl).get('/privacy').expect(200)).text);
    assert.match($('main').text(), /erased 18 months later/);
  });
});
