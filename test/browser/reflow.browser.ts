/**
 * The pages no other journey reaches, on the demo campaign: nine criteria, long names and every
 * state, the campaign the accessibility crawl found too wide at 320 px (the comparison was 1,255 px).
 * The harness checks each page's reflow (WCAG 1.4.10) and axe as usual; this journey only visits.
 */
import { loadFrameworkLibrary } from '../../server/framework/load.js';
import { seedDemo } from '../../server/demo/seed.js';
import { testDatabase } from '../helpers/database.js';
import { useBrowserHarness } from './harness.js';
import { people, signIn } from './steps.js';

describe('browser: every page of a realistic campaign reflows', function () {
  this.timeout(120_000);
  const { journey } = useBrowserHarness();

  it(
    'fits 320 px, 200 % zoom and 200 % text-only zoom on the owner’s, chair’s and framework pages',
    journey(async (owner) => {
      const { db } = await testDatabase();
      const { campaignId } = await seedDemo(db, await loadFrameworkLibrary());
      const [first, second] = await db
        .selectFrom('candidates')
        .select('id')
        .where('campaign_id', '=', campaignId)
        .orderBy('reference')
        .execute();
      const campaign = `/campaigns/${campaignId}`;

      await signIn(owner, people['hiring manager'].name);
      for (const path of [
        '/campaigns',
        campaign,
        `${campaign}/comparison`,
        `${campaign}/merit`,
        `${campaign}/fairness`,
        `${campaign}/scoresheet`,
        `${campaign}/scoresheet/versions/1`,
        `${campaign}/candidates`,
        `${campaign}/candidates/${first!.id}/edit`,
        `${campaign}/panels`,
        `${campaign}/owners`,
        `${campaign}/audit`,
        `/moderation/${first!.id}`,
        `/moderation/${first!.id}/audit`,
        '/framework',
        '/framework/behaviours',
        '/framework/search?q=data',
        '/accessibility',
        '/privacy',
      ])
        await owner.visit(path);

      const chair = await owner.open({});
      await signIn(chair, people['panel chair'].name);
      for (const path of ['/interviews', `/moderation/${first!.id}`, `/interviews/${second!.id}/scoresheet`])
        await chair.visit(path);
    }),
  );
});
