import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { checkAccessibility, checkReflow, useBrowserHarness } from './harness.js';

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
    'fails a page that scrolls sideways, naming each window and the widest element, then restores the window',
    journey(async (j) => {
      await j.page.setContent(
        '<!DOCTYPE html><html lang="en"><title>Wide</title><body><main><h1>Wide</h1>' +
          '<div role="region" aria-label="Scores" tabindex="0" style="overflow-x: auto">' +
          `<table><tr><td style="white-space: nowrap">${'Wide table. '.repeat(100)}</td></tr></table></div>` +
          '<div id="unlabelled" style="overflow-x: auto"><p style="width: 600px">A</p></div>' +
          '<p id="too-wide" style="width: 900px">Nine hundred pixels</p></main></body></html>',
      );
      await assert.rejects(checkReflow(j.page, 'a wide page'), (error: Error) => {
        assert.match(error.message, /^a wide page <about:blank> scrolls sideways \(WCAG 1\.4\.10 reflow\):/);
        const widest =
          'the widest element outside a labelled scroll region is p#too-wide "Nine hundred pixels" in main';
        assert.ok(error.message.includes(`in a 320 px window: ${widest}, reaching 908 px`), error.message);
        assert.ok(
          error.message.includes(`in a 640 px window (1,280 px at 200 % zoom): ${widest}`),
          error.message,
        );
        assert.match(
          error.message,
          /in a 320 px window, div#unlabelled "A" in main scrolls sideways but is not a labelled/,
        );
        assert.doesNotMatch(
          error.message,
          /own 1280 px window|text-only/,
          'it fits 1,280 px, text zoomed or not',
        );
        return true;
      });
      assert.deepEqual(j.page.viewportSize(), { width: 1280, height: 800 });
    }),
  );

  it(
    'fails visually hidden text that escapes a scroll region, and passes it once the region contains it',
    journey(async (j) => {
      const hidden = 'position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%)';
      await j.page.setContent(
        '<!DOCTYPE html><html lang="en"><title>Table</title><body><main><h1>Table</h1>' +
          '<div role="region" aria-label="Scores" tabindex="0" style="overflow-x: auto">' +
          '<table style="width: 1000px"><tr><td>Score</td>' +
          `<td style="text-align: right"><a href="#">Sort<span style="${hidden}"> by score</span></a></td>` +
          '</tr></table></div></main></body></html>',
      );
      await assert.rejects(
        checkReflow(j.page, 'a table'),
        /widest element outside a labelled scroll region is span "by score" in a in td in tr, reaching 1006 px/,
      );
      await j.page.addStyleTag({ content: '[role="region"] { position: relative; }' });
      await checkReflow(j.page, 'a table');
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
