/**
 * Live scoring survives the real world: a dropped connection, a server restart and an expired
 * session. The member keeps typing through each; nothing typed is lost, in the browser or in the
 * database.
 */
import assert from 'node:assert/strict';
import { SESSION_COOKIE, createApp } from '../../server/app.js';
import { createLogger } from '../../server/logger.js';
import type { TestApp } from '../helpers/app.js';
import { testDatabase, testFrameworks } from '../helpers/database.js';
import { actorFor, publishedCampaignWithPanel } from '../helpers/factories.js';
import { useBrowserHarness, type Journey } from './harness.js';
import { criterion, expectingFailedResponses, people, saveStatus, signIn } from './steps.js';

const tomos = people['panel member'];
const SAVED = /^Saved at \d\d:\d\d$/;
const OFFLINE = 'Offline – saved on this device, trying to reconnect';
const NOT_SAVED_YET = 'Service unavailable – saved on this device, trying to reconnect';

type Draft = { baseRevision: number; entries: Record<string, { score: number | null; evidence: string }> };
type Storage = { localStorage: { getItem(key: string): string | null } };

/** A published campaign with Tomos on its panel (no conflict declared), and his scoresheet open. */
async function openSheet(j: Journey, app: TestApp) {
  const { candidates, criteria } = await publishedCampaignWithPanel(app, {
    members: [{ subject: tomos.subject, role: 'member', declare: 'none' }],
  });
  const candidate = candidates[0]!;
  await signIn(j, tomos.name);
  const path = `/interviews/${candidate.id}/scoresheet`;
  await j.visit(path);
  const sheetId = await j.page.locator('form.app-scoresheet').getAttribute('data-sheet');
  assert.ok(sheetId);
  const [a, b, c] = criteria.map((x) => ({ ...x, ...criterion(j, x.title) }));
  assert.ok(a && b && c, 'the scoresheet has at least three criteria');
  return { candidate, path, sheetId, a, b, c };
}

/** What this browser kept in localStorage for the sheet (null when nothing is waiting). */
async function draftOf(j: Journey, sheetId: string): Promise<Draft | null> {
  const text = await j.page.evaluate(
    (key) => (globalThis as unknown as Storage).localStorage.getItem(key),
    `panel-scoring:sheet:${sheetId}`,
  );
  return text === null ? null : (JSON.parse(text) as Draft);
}

/** What the database holds for the sheet, by criterion id. */
async function saved(sheetId: string) {
  const { db } = await testDatabase();
  const rows = await db
    .selectFrom('member_scores')
    .select(['criterion_id', 'score', 'evidence'])
    .where('sheet_id', '=', sheetId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.criterion_id, { score: r.score, evidence: r.evidence }]));
}

/** Follows the page's "Sign in again" link and signs in as Tomos, back to the scoresheet at `path`. */
async function signInAgain(j: Journey, path: string): Promise<void> {
  await j.clickLink('Sign in again to save it');
  assert.equal(await j.heading(), 'Who do you want to sign in as?');
  await j.page.getByRole('radio', { name: tomos.name, exact: true }).check();
  await j.clickButton('Sign in');
  assert.equal(new URL(j.page.url()).pathname, path, 'back on the same scoresheet');
}

const sessionRefused = (url: string, status: number) =>
  url.endsWith('/autosave') && (status === 401 || status === 403);

/** Types like a person, a key at a time, so every keystroke is an input event the page sees. */
async function type(box: ReturnType<typeof criterion>['evidence'], text: string): Promise<void> {
  await box.click();
  await box.press('End');
  await box.pressSequentially(text, { delay: 5 });
}

describe('browser: live scoring keeps everything through dropped wifi, a restart and an expired session', () => {
  const { journey } = useBrowserHarness();

  it(
    'keeps typing offline on this device, and saves every character when the connection returns',
    journey(async (j, app) => {
      const { path, sheetId, a, b, c } = await openSheet(j, app);
      // Every text the status region (a live region) is given, as a screen reader would hear it.
      await j.page.evaluate(() => {
        const g = globalThis as unknown as {
          document: { getElementById(id: string): { textContent: string | null } | null };
          MutationObserver: new (cb: () => void) => { observe(node: unknown, options: object): void };
          heard: string[];
        };
        const status = g.document.getElementById('save-status')!;
        g.heard = [];
        new g.MutationObserver(() => g.heard.push(status.textContent ?? '')).observe(status, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      });
      const heard = () => j.page.evaluate(() => (globalThis as unknown as { heard: string[] }).heard);
      await type(a.evidence, 'Explained the build pipeline, with tests first.');
      await a.score(5).check();
      await saveStatus(j, SAVED);
      const online = await heard();
      assert.ok(
        online.length <= 4,
        `a 48-character note and a score are heard as changes of state: ${online.join(' | ')}`,
      );
      assert.ok(
        online.every((text) => text === 'Saving…' || /^Saved at \d\d:\d\d$/.test(text)),
        online.join(' | '),
      );

      await j.context.setOffline(true);
      const typedB = 'Designed the queue — retries, idempotency keys; Welsh: “ŵ ŷ â”.';
      const typedC = 'Paired with the user researcher\nand changed the form.';
      await type(b.evidence, typedB);
      assert.equal(await saveStatus(j, new RegExp(`^${OFFLINE}$`)), OFFLINE);
      await type(c.evidence, typedC);
      await c.score(4).check();
      await saveStatus(j, new RegExp(`^${OFFLINE}$`));
      const offline = (await heard()).slice(online.length);
      assert.deepEqual(
        offline.slice(offline.indexOf(OFFLINE)),
        [OFFLINE],
        'once offline, it stays so, said once',
      );

      // Kept on this device, and not (yet) on the server.
      const draft = await draftOf(j, sheetId);
      assert.ok(draft, 'the draft is in localStorage');
      assert.deepEqual(draft.entries[b.id], { score: null, evidence: typedB });
      assert.deepEqual(draft.entries[c.id], { score: 4, evidence: typedC });
      assert.equal((await saved(sheetId))[b.id], undefined, 'nothing reached the server while offline');

      await j.context.setOffline(false);
      await saveStatus(j, SAVED);
      const server = await saved(sheetId);
      assert.deepEqual(server[a.id], {
        score: 5,
        evidence: 'Explained the build pipeline, with tests first.',
      });
      assert.deepEqual(server[b.id], { score: null, evidence: typedB });
      assert.deepEqual(server[c.id], { score: 4, evidence: typedC });
      assert.equal(await draftOf(j, sheetId), null, 'the draft is cleared once the server has it');

      await j.visit(path);
      assert.equal(await b.evidence.inputValue(), typedB);
      assert.equal(await c.evidence.inputValue(), typedC);
      assert.ok(await c.score(4).isChecked());
      assert.ok(await a.score(5).isChecked());
      assert.match(await j.page.locator('#progress').innerText(), /^2 of \d+ criteria scored\./);
    }),
  );

  it(
    'loses nothing when the server restarts while the member types',
    journey(async (j, app) => {
      const { path, sheetId, a, b } = await openSheet(j, app);
      await type(a.evidence, 'Before the restart.');
      await saveStatus(j, SAVED);

      // The server stops: connections are refused while the member keeps typing.
      const { server } = app;
      const port = Number(new URL(app.baseUrl).port);
      const original = server.listeners('request');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      try {
        await type(a.evidence, ' Typed while the server was down.');
        await saveStatus(j, new RegExp(`^${OFFLINE}$`));

        // A new app instance starts on the same port and database; while it warms up the load
        // balancer answers 503, and the member is still typing.
        const restarted = createApp({
          config: app.config,
          database: app.database,
          logger: createLogger(app.config),
          frameworks: await testFrameworks(),
          developmentUsers: app.users,
        });
        server.removeAllListeners('request');
        server.on('request', restarted);
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
        const warmingUp = (route: { fulfill(r: { status: number; body: string }): Promise<void> }) =>
          route.fulfill({ status: 503, body: 'Service Unavailable' });
        const failures = await expectingFailedResponses(
          j,
          (url, status) => url.endsWith('/autosave') && status === 503,
          async () => {
            await j.page.route('**/autosave', warmingUp);
            await type(b.evidence, 'Typed while the new server warmed up.');
            await saveStatus(j, new RegExp(`^${NOT_SAVED_YET}$`));
            await j.page.unroute('**/autosave', warmingUp);
            await saveStatus(j, SAVED);
          },
        );
        assert.ok(failures.length >= 1, 'the 503 was seen');
      } finally {
        if (!server.listening)
          await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
        server.removeAllListeners('request');
        for (const listener of original) server.on('request', listener as (...args: unknown[]) => void);
      }

      const server_ = await saved(sheetId);
      assert.equal(server_[a.id]?.evidence, 'Before the restart. Typed while the server was down.');
      assert.equal(server_[b.id]?.evidence, 'Typed while the new server warmed up.');
      await j.visit(path);
      assert.equal(await a.evidence.inputValue(), 'Before the restart. Typed while the server was down.');
      assert.equal(await b.evidence.inputValue(), 'Typed while the new server warmed up.');
    }),
  );

  it(
    'asks the member to sign in again when the session ends, and saves the draft when they are back',
    journey(async (j, app) => {
      const { path, sheetId, a, b } = await openSheet(j, app);
      await type(a.evidence, 'Saved while signed in.');
      await saveStatus(j, SAVED);

      await j.context.clearCookies({ name: SESSION_COOKIE });
      const typed = 'Typed after the session ended.';
      const refused = await expectingFailedResponses(j, sessionRefused, async () => {
        await type(b.evidence, typed);
        await b.score(3).check();
        await j.page.getByRole('link', { name: 'Sign in again to save it' }).waitFor();
      });
      assert.equal(refused.length, 1, `refused once: ${refused.join(', ')}`);
      assert.match(await j.page.locator('#save-status').innerText(), /Your session has ended/);
      const draft = await draftOf(j, sheetId);
      assert.deepEqual(draft?.entries[b.id], { score: 3, evidence: typed });

      await signInAgain(j, path);
      assert.equal(await b.evidence.inputValue(), typed, 'restored from this device');
      assert.ok(await b.score(3).isChecked());
      await saveStatus(j, SAVED);
      assert.equal(await draftOf(j, sheetId), null);
      const server = await saved(sheetId);
      assert.deepEqual(server[b.id], { score: 3, evidence: typed });
      assert.equal(server[a.id]?.evidence, 'Saved while signed in.');
      const { db } = await testDatabase();
      const sheet = await db
        .selectFrom('member_sheets')
        .select('user_id')
        .where('id', '=', sheetId)
        .executeTakeFirstOrThrow();
      assert.equal(sheet.user_id, (await actorFor(tomos.subject)).id);
    }),
  );

  it(
    'keeps what the member types after being told the session has ended',
    journey(async (j, app) => {
      const { path, sheetId, b } = await openSheet(j, app);
      await j.context.clearCookies({ name: SESSION_COOKIE });
      await expectingFailedResponses(j, sessionRefused, async () => {
        await type(b.evidence, 'Before the message.');
        await j.page.getByRole('link', { name: 'Sign in again to save it' }).waitFor();
      });
      await type(b.evidence, ' After the message.');
      const typed = 'Before the message. After the message.';
      assert.equal((await draftOf(j, sheetId))?.entries[b.id]?.evidence, typed);

      await signInAgain(j, path);
      assert.equal(await b.evidence.inputValue(), typed);
      await saveStatus(j, SAVED);
      assert.equal((await saved(sheetId))[b.id]?.evidence, typed);
    }),
  );
});
