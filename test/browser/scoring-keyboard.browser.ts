/**
 * A panel member completes and submits a whole scoresheet with the keyboard alone: Tab and Shift+Tab
 * to move, Enter and Space to open descriptors, arrow keys to choose scores, typing for evidence.
 */
import assert from 'node:assert/strict';
import { publishedCampaignWithPanel } from '../helpers/factories.js';
import { useBrowserHarness, type Journey } from './harness.js';
import { people, saveStatus, signIn } from './steps.js';

const tomos = people['panel member'];

/** Presses a key and returns what then has focus. */
async function press(j: Journey, key: string) {
  await j.page.keyboard.press(key);
  return j.focused();
}

/** The score chosen for a criterion, read from the page (null when none is chosen). */
async function chosen(j: Journey, criterionId: string): Promise<string | null> {
  const checked = j.page.locator(`input[name="score-${criterionId}"]:checked`);
  return (await checked.count()) ? checked.getAttribute('value') : null;
}

describe('browser: scoring with the keyboard alone', () => {
  const { journey } = useBrowserHarness();

  it(
    'completes every criterion and submits the scoresheet using only the keyboard',
    journey(async (j, app) => {
      const { candidates, criteria } = await publishedCampaignWithPanel(app, {
        members: [{ subject: tomos.subject, role: 'member', declare: 'none' }],
      });
      const candidate = candidates[0]!;
      const path = `/interviews/${candidate.id}/scoresheet`;
      await signIn(j, tomos.name);
      await j.visit(path);
      assert.match(await j.heading(), /^Score /);

      // The skip link comes first and takes focus past the header to the main content.
      assert.equal((await press(j, 'Tab')).text, 'Skip to main content');
      assert.equal((await press(j, 'Enter')).id, 'main-content');

      // The scale, explained once above the criteria, is the first stop.
      const scale = await press(j, 'Tab');
      assert.equal(scale.tag, 'summary');
      assert.match(scale.text, /^What the scores mean/);

      const scores = criteria.map((_c, i) => (i % 7) + 1);
      for (const [i, c] of criteria.entries()) {
        const section = j.page.locator(`section[data-criterion="${c.id}"]`);
        // First the criterion's descriptors (a details summary), if it has any.
        if (await section.locator('summary').count()) {
          const summary = await press(j, 'Tab');
          assert.equal(summary.tag, 'summary', `${c.title}: the descriptors come before the notes`);
          if (i === 0) {
            await j.page.keyboard.press('Enter');
            assert.equal(await section.locator('details').getAttribute('open'), '', 'Enter opens them');
            await j.page.keyboard.press('Space');
            assert.equal(await section.locator('details').getAttribute('open'), null, 'Space closes them');
          }
        }
        // Then the evidence notes.
        assert.equal((await press(j, 'Tab')).id, `evidence-${c.id}`, `${c.title}: then the evidence notes`);
        await j.page.keyboard.type(`Keyboard notes for ${c.title}: situation, task, action, result.`);
        // Then the score: one tab stop for the group, arrow keys to choose.
        assert.equal((await press(j, 'Tab')).id, `score-${c.id}`, `${c.title}: then the first score`);
        if (scores[i] === 1) await j.page.keyboard.press('Space');
        for (let n = 1; n < scores[i]!; n += 1) await j.page.keyboard.press('ArrowDown');
        assert.equal(await chosen(j, c.id), String(scores[i]), `${c.title}: the score chosen by keyboard`);
        if (i === 0) {
          // Shift+Tab goes back to the notes; Tab returns to the chosen score, not the first.
          assert.equal((await press(j, 'Shift+Tab')).id, `evidence-${c.id}`);
          const back = await press(j, 'Tab');
          assert.equal(await j.page.locator(`#${back.id}`).getAttribute('value'), String(scores[i]));
        }
      }
      assert.equal(
        await j.page.locator('#progress').innerText(),
        `${criteria.length} of ${criteria.length} criteria scored.`,
      );

      // After the last score: Save, then Check and submit, once autosave has caught up.
      assert.equal((await press(j, 'Tab')).text, 'Save');
      assert.equal((await press(j, 'Tab')).text, 'Check and submit');
      await saveStatus(j, /^Saved at \d\d:\d\d$/);
      await j.press('Enter');
      assert.match(await j.heading(), /^Check your scores for /);
      // The check page: a Change link for each score and note, then the one Submit button.
      let stop = await press(j, 'Tab');
      for (let n = 0; stop.text !== 'Submit scoresheet' && n < 4 * criteria.length + 20; n += 1)
        stop = await press(j, 'Tab');
      assert.equal(stop.text, 'Submit scoresheet');
      await j.press('Enter');
      assert.equal(await j.heading(), 'Your interviews');
      const focus = await j.focused();
      assert.match(focus.className, /govuk-notification-banner/, 'the confirmation takes focus');
      assert.match(focus.text, /has been submitted/);

      // The sheet now shows the submitted panel, and is locked.
      await j.visit(path);
      assert.match(await j.page.locator('.govuk-panel').innerText(), /Scoresheet submitted/);
      for (const [i, c] of criteria.entries()) {
        assert.equal(await chosen(j, c.id), String(scores[i]));
        assert.equal(
          await j.page.locator(`#evidence-${c.id}`).inputValue(),
          `Keyboard notes for ${c.title}: situation, task, action, result.`,
        );
      }
      assert.equal(await j.page.getByRole('button', { name: 'Check and submit' }).count(), 0);
      assert.ok(await j.page.locator(`#score-${criteria[0]!.id}`).isDisabled());
    }),
  );
});
