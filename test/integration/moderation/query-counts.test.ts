import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.js';
import { candidateOutcome } from '../../../server/features/reports/service.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { actorFor, publishedCampaignWithPanel, submitScores } from '../../helpers/factories.js';
import { formFields } from '../../helpers/forms.js';
import { signIn } from '../../helpers/sign-in.js';

/** The same database, counting the queries sent through it (transaction begin and commit are not counted). */
function countingDb(db: Kysely<Database>) {
  let queries = 0;
  const wrapped = db.withPlugin({
    transformQuery: (args) => {
      queries += 1;
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  });
  return {
    db: wrapped,
    count: () => queries,
    reset: () => {
      queries = 0;
    },
  };
}

const moderationForm = (html: string, changes: Record<string, string>) =>
  formFields(html, 'form[action^="/moderation/"]:not([action$="/reopen"])', changes);

type Counts = { page: number; save: number; redirect: number; finalise: number; outcome: number };

/**
 * One pass per use case: the moderation page, its save and the outcome report each load what they
 * need once, in a fixed number of queries whatever the number of panel members or criteria.
 *
 * The signed-in person comes with the session (read through the pool, not counted here). The page loads the moderation with
 * the access check (one query) and the panel's calibration flags (six of the fairness report's seven:
 * see fairness.test.ts). A save loads the same one, then in its transaction locks the moderation,
 * saves the draft with the agreed scores, and appends its audit rows in one statement. The outcome
 * report reads the one query only.
 */
const EXPECTED: Counts = { page: 7, save: 4, redirect: 7, finalise: 4, outcome: 1 };

describe('moderation: queries per use case', () => {
  let app: TestApp;
  let counter: ReturnType<typeof countingDb>;

  before(async () => {
    const handle = await testDatabase();
    counter = countingDb(handle.db);
    app = await startTestApp({ deps: { database: { ...handle, db: counter.db } } });
  });
  after(() => app.close());

  /** A candidate every member has scored, moderated by the chair through the pages. */
  async function measure(subjects: string[]): Promise<Counts> {
    const setup = await publishedCampaignWithPanel(app, {
      members: subjects.map((subject, i) => ({
        subject,
        role: i === 0 ? ('chair' as const) : i === 1 ? ('member' as const) : ('independent' as const),
        declare: 'none' as const,
      })),
      candidates: 1,
    });
    const ids = setup.criteria.map((c) => c.id);
    const candidateId = setup.candidates[0]!.id;
    for (const subject of subjects)
      await submitScores(
        subject,
        candidateId,
        Object.fromEntries(ids.map((id, i) => [id, subject === 'dev-member-1' && i === 0 ? 2 : 5])),
      );
    const chair = await signIn(app, 'dev-chair');
    const url = `/moderation/${candidateId}`;
    const counted = async (step: () => Promise<unknown>) => {
      counter.reset();
      await step();
      return counter.count();
    };
    let html = '';
    const page = await counted(async () => (html = (await chair.get(url).expect(200)).text));
    const save = await counted(() =>
      chair
        .post(url)
        .type('form')
        .send(moderationForm(html, { [`agreed-${ids[0]}`]: '4', [`rationale-${ids[0]}`]: 'Agreed' }))
        .expect(303),
    );
    const redirect = await counted(
      async () => (html = (await chair.get(`${url}?done=saved`).expect(200)).text),
    );
    const finalise = await counted(() =>
      chair
        .post(url)
        .type('form')
        .send(
          moderationForm(html, {
            ...Object.fromEntries(ids.map((id) => [`agreed-${id}`, '5'])),
            [`rationale-${ids[0]}`]: 'Agreed after discussion',
            feedback: 'Feedback',
            outcomeOverride: 'reserve',
            overrideReason: 'Chair decision',
            action: 'finalise',
          }),
        )
        .expect(303),
    );
    const owner = await actorFor('dev-hiring-manager');
    const outcome = await counted(() => candidateOutcome(counter.db, owner, candidateId, { names: true }));
    return { page, save, redirect, finalise, outcome };
  }

  it('loads the page, saves, finalises and reports in a fixed number of queries', async () => {
    assert.deepEqual(await measure(['dev-chair', 'dev-member-1', 'dev-member-2']), EXPECTED);
  });

  it('makes no more queries for a smaller panel', async () => {
    assert.deepEqual(await measure(['dev-chair', 'dev-member-1']), EXPECTED);
  });
});
