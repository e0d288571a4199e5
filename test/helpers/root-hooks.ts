import { setCurrentTest, takeBrokenLinks } from './error-summary-links.js';

/** Mocha root hooks (loaded by .mocharc.json): checks that run around every test in the suite. */
export const mochaHooks = {
  beforeEach(this: Mocha.Context) {
    setCurrentTest(this.currentTest?.fullTitle() ?? '');
  },
  afterEach() {
    const broken = takeBrokenLinks();
    if (broken.length === 0) return;
    const list = broken.map((b) => `  ${b.page}: "${b.text}" links to ${b.href || '(nothing)'}`).join('\n');
    // Named after the test that sent the page (a failing hook stops the run: this must never happen).
    throw new Error(`"${broken[0]!.test}": error summary links to fields that are not on the page:\n${list}`);
  },
};
