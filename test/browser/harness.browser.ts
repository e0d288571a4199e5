import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { checkAccessibility, useBrowserHarness } from './harness.js';

/** The harness's own promises: a violation, an unchecked page and a failure are never silent. */
describe('browser harness', () => {
  const { journey } = useBrowserHarness();

  it(
    'fails with each violation, its impact, the elements and the fix',
    journey(async (j) => {
      await j.page.setContent(
        '<!DOCTYPE html><html lang="en"><title>Broken</title><main><h1>Broken</h1>' +
          '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></html>',
      );
      await assert.rejects(checkAccessibility(j.page, 'a broken page'), (error: Error) => {
        assert.match(error.message, /2 accessibility violation\(s\) on a broken page/);
        assert.match(error.message, /- image-alt \(critical\): Images must have alternative text/);
        assert.match(error.message, /- label \(critical\): Form elements must have labels/);
        assert.match(error.message, /at img\n/);
        assert.match(error.message, /https:\/\/dequeuniversity\.com\/rules\/axe\//);
        return true;
      });
    }),
  );

  it(
    'notices a page loaded without going through the journey',
    journey(async (j) => {
      await j.page.goto('/');
      assert.throws(
        () => j.assertFinished(),
        /loaded but never checked for accessibility: http:\/\/[^ ]+\/$/,
      );
      await j.check();
    }),
  );

  it('writes a screenshot of the last page and of every step when a journey fails', async function () {
    const title = 'browser harness self-test of a failing journey';
    const failing = journey(async (j) => {
      await j.visit('/');
      await j.visit('/no-such-page');
      throw new Error('deliberate failure');
    });
    const fakeContext = { test: { fullTitle: () => title } } as unknown as Mocha.Context;
    const dir = new URL(`../../test-results/browser/${title.replace(/ /g, '-')}`, import.meta.url).pathname;
    try {
      await assert.rejects(
        Promise.resolve(failing.call(fakeContext)),
        /deliberate failure\n\nScreenshots: .*test-results\/browser\//,
      );
      assert.ok(existsSync(`${dir}.png`), 'a full-page screenshot of where it failed');
      assert.deepEqual((await readdir(dir)).sort(), [
        '1-01-Score-an-interview-panel.png',
        '1-02-Page-not-found-Score-an-interview-panel-no-such-page.png',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(`${dir}.png`, { force: true });
    }
  });
});
