import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { standardDevelopmentUsers } from '../auth/dev-users.js';
import type { Database, Role } from '../db/types.js';
import { createCampaign } from '../features/campaigns/service.js';
import {
  addCustomCriterion,
  publishScoresheet,
  saveScoresheet,
  scoresheetDraft,
} from '../features/scoresheets/service.js';
import { moderationAccess, saveModeration } from '../features/moderation/service.js';
import { openSheet, saveSheet, scoringContext } from '../features/scoring/service.js';
import type { FrameworkLibrary } from '../framework/library.js';

const ROLE_CLAIMS: Record<string, Role> = {
  administrator: 'administrator',
  'hiring-manager': 'hiring_manager',
};

const CANDIDATES = [
  { name: 'Rhiannon Price', email: 'rhiannon.price@example.com' },
  { name: 'Kwame Mensah', email: 'kwame.mensah@example.com' },
  { name: 'Gwenllian Ŵyn Davies', email: 'gwenllian.davies@example.com' },
  { name: 'Mei Ling Chen', email: 'meiling.chen@example.com' },
  { name: 'Oliver Brennan', email: 'oliver.brennan@example.com' },
  { name: 'Aisha Rahman', email: 'aisha.rahman@example.com' },
];

/**
 * A realistic campaign for trying the service: the Home Office Principal DevOps role at SCS1, with
 * CSCF 2012 competencies and a typed SFIA skill, six candidates on two panels at every stage.
 */
export async function seedDemo(db: Kysely<Database>, lib: FrameworkLibrary): Promise<{ campaignId: string }> {
  const users = await ensureDevelopmentUsers(db);
  const actor = (subject: string) => users.get(subject)!;
  const owner = actor('dev-hiring-manager');

  const created = await createCampaign(
    db,
    lib,
    owner,
    {
      title: 'Principal DevOps Engineer',
      vacancyReference: 'HO-2026-0412',
      grade: 'SCS1',
      roleLevel: 'development-operations-devops-engineer/principal-devops-engineer',
      behaviourFramework: 'cscf-2012',
      scale: 'civil-service-1-7',
      anonymised: false,
    },
    randomUUID(),
  );
  if (!created.ok) throw new Error(created.problems[0]!.text);
  if (created.replayed) throw new Error('A fresh request id was replayed');
  let campaign = created.campaign;
  await addCustomCriterion(
    db,
    lib,
    owner,
    campaign,
    {
      kind: 'sfia',
      title: 'Systems design',
      descriptor:
        'As in the job advert: Systems Design (DESN) at level 6. Evidence of setting design direction across several services.',
      sfiaCode: 'DESN',
      sfiaLevel: 6,
    },
    randomUUID(),
  );
  const draft = await scoresheetDraft(db, lib, campaign);
  const wanted = new Set(['Seeing the Big Picture', 'Leading and Communicating', 'Delivering at Pace']);
  const rows = draft.map((c) => ({
    id: c.id,
    included: c.kind === 'skill' ? c.position <= 5 : c.kind === 'behaviour' ? wanted.has(c.title) : true,
    position: c.position,
    weight: c.kind === 'skill' ? 2 : 1,
    passMark: 4,
  }));
  await saveScoresheet(db, owner, campaign, {
    passRule: 'every-criterion',
    overallPassMark: null,
    leadCriterionId: draft[0]!.id,
    rows,
  });
  campaign = await db
    .selectFrom('campaigns')
    .selectAll()
    .where('id', '=', campaign.id)
    .executeTakeFirstOrThrow();
  const published = await publishScoresheet(db, lib, owner, campaign);
  if (!published.ok) throw new Error(JSON.stringify(published.problems));

  const candidates = await db
    .insertInto('candidates')
    .values(
      CANDIDATES.map((c, i) => ({
        campaign_id: campaign.id,
        reference: `C${String(i + 1).padStart(3, '0')}`,
        ...c,
      })),
    )
    .returningAll()
    .execute();
  const panelA = await db
    .insertInto('panels')
    .values({ campaign_id: campaign.id, name: 'Panel A' })
    .returningAll()
    .executeTakeFirstOrThrow();
  const panelB = await db
    .insertInto('panels')
    .values({ campaign_id: campaign.id, name: 'Panel B' })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('panel_members')
    .values([
      { panel_id: panelA.id, user_id: actor('dev-chair').id, role: 'chair' },
      { panel_id: panelA.id, user_id: actor('dev-member-1').id, role: 'member' },
      { panel_id: panelA.id, user_id: actor('dev-member-2').id, role: 'independent' },
      { panel_id: panelB.id, user_id: actor('dev-hiring-manager-2').id, role: 'chair' },
      { panel_id: panelB.id, user_id: actor('dev-member-1').id, role: 'member' },
    ])
    .execute();
  const day = (d: number, h: number) => new Date(Date.UTC(2026, 11, d, h, 0));
  const onPanel = [panelA, panelA, panelA, panelA, panelB, panelB];
  await db
    .insertInto('interviews')
    .values(
      candidates.map((c, i) => ({
        candidate_id: c.id,
        panel_id: onPanel[i]!.id,
        scheduled_at: day(i < 4 ? 7 : 8, 9 + (i % 4) * 2),
      })),
    )
    .execute();

  const declare = async (subject: string, candidateIndex: number, conflicted = false) =>
    db
      .insertInto('conflict_declarations')
      .values({
        candidate_id: candidates[candidateIndex]!.id,
        user_id: actor(subject).id,
        conflicted,
        description: conflicted ? 'Worked in the same team until 2024' : null,
      })
      .execute();
  for (const i of [0, 1, 2, 3]) for (const s of ['dev-chair', 'dev-member-1']) await declare(s, i);
  for (const i of [0, 1, 2]) await declare('dev-member-2', i);
  await declare('dev-member-2', 3, true);

  const version = await db
    .selectFrom('scoresheet_versions')
    .selectAll()
    .where('campaign_id', '=', campaign.id)
    .executeTakeFirstOrThrow();
  const criteria = version.content.criteria;
  const score = async (subject: string, i: number, base: number, submit: boolean, partial = false) => {
    const ctx = await scoringContext(db, actor(subject), candidates[i]!.id);
    const { sheet } = await openSheet(db, actor(subject), ctx);
    const chosen = partial ? criteria.slice(0, 2) : criteria;
    const entries = Object.fromEntries(
      chosen.map((c, k) => [
        c.id,
        { score: Math.min(7, Math.max(1, base + ((k + i) % 3) - 1)), evidence: evidenceFor(c.title, base) },
      ]),
    );
    await saveSheet(db, actor(subject), ctx, {
      baseRevision: sheet.revision,
      requestId: randomUUID(),
      entries,
      submit,
    });
  };
  await score('dev-chair', 0, 5, true);
  await score('dev-member-1', 0, 6, true);
  await score('dev-member-2', 0, 5, true);
  await score('dev-chair', 1, 3, true);
  await score('dev-member-1', 1, 4, true);
  await score('dev-member-2', 1, 2, true);
  await score('dev-chair', 2, 4, true);
  await score('dev-member-1', 2, 5, true);
  await score('dev-member-2', 2, 5, true);
  await score('dev-member-1', 3, 4, false, true);

  for (const [i, agreedBase, feedback] of [
    [0, 5, 'A strong interview with clear examples of leading platform change across teams.'],
    [1, 3, 'Thoughtful answers; the examples did not yet show the breadth expected at this level.'],
  ] as const) {
    const access = await moderationAccess(db, actor('dev-chair'), candidates[i]!.id);
    await saveModeration(
      db,
      actor('dev-chair'),
      access,
      {
        criteria: criteria.map((c, k) => ({
          criterionId: c.id,
          score: Math.min(7, Math.max(1, agreedBase + ((k + i) % 3) - 1)),
          rationale: 'Agreed after discussing each member’s evidence.',
          strengths: evidenceFor(c.title, agreedBase),
          development: '',
        })),
        outcomeOverride: null,
        overrideReason: '',
        feedback,
        tieBreakNote: '',
      },
      true,
    );
  }
  return { campaignId: campaign.id };
}

async function ensureDevelopmentUsers(db: Kysely<Database>) {
  const users = new Map<string, Express.User>();
  for (const u of standardDevelopmentUsers) {
    const claimRoles = u.roles.flatMap((r) => (ROLE_CLAIMS[r] ? [ROLE_CLAIMS[r]] : []));
    const row = await db
      .insertInto('users')
      .values({ subject: u.subject, email: u.email, name: u.name, roles: [], claim_roles: claimRoles })
      .onConflict((oc) => oc.column('subject').doUpdateSet({ name: u.name }))
      .returningAll()
      .executeTakeFirstOrThrow();
    users.set(u.subject, { id: row.id, email: row.email, name: row.name, roles: claimRoles });
  }
  return users;
}

function evidenceFor(title: string, level: number): string {
  const strength =
    level >= 5
      ? 'Gave two detailed, recent examples'
      : level >= 4
        ? 'Gave one solid example'
        : 'Examples were general';
  return `${strength} of ${title.toLowerCase()}, including the outcome and what they would do differently.`;
}
