import { randomUUID } from 'node:crypto';
import type { Role } from '../../server/db/types.js';
import { moderationAccess, saveModeration } from '../../server/features/moderation/service.js';
import { openSheet, saveSheet, scoringContext } from '../../server/features/scoring/service.js';
import { createCampaign } from '../../server/features/campaigns/service.js';
import { publishScoresheet } from '../../server/features/scoresheets/service.js';
import { findUserBySubject } from '../../server/features/users/repository.js';
import type { TestApp } from './app.js';
import { testDatabase, testFrameworks, uniqueSuffix } from './database.js';
import { signIn } from './sign-in.js';

export async function actorFor(subject: string): Promise<Express.User> {
  const { db } = await testDatabase();
  const user = await findUserBySubject(db, subject);
  if (!user) throw new Error(`${subject} has not signed in yet`);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: [...user.roles, ...user.claim_roles] as Role[],
  };
}

/**
 * A published campaign with one panel, candidates assigned to it, and the given people on the panel.
 * Made through the services (not the pages) so scoring tests stay quick.
 */
export async function publishedCampaignWithPanel(
  app: TestApp,
  options: {
    ownerSubject?: string;
    members: Array<{
      subject: string;
      role: 'chair' | 'member' | 'independent';
      declare?: 'none' | 'conflict';
    }>;
    candidates?: number;
    anonymised?: boolean;
    title?: string;
  },
) {
  const { db } = await testDatabase();
  const lib = await testFrameworks();
  const ownerSubject = options.ownerSubject ?? 'dev-hiring-manager';
  await signIn(app, ownerSubject);
  for (const m of options.members)
    if (!(await findUserBySubject(db, m.subject))) await signIn(app, m.subject);
  const owner = await actorFor(ownerSubject);
  const created = await createCampaign(
    db,
    lib,
    owner,
    {
      title: options.title ?? `Campaign ${uniqueSuffix()}`,
      vacancyReference: 'REF-1',
      grade: 'G7',
      roleLevel: 'software-developer/lead-developer',
      behaviourFramework: 'success-profiles',
      scale: 'civil-service-1-7',
      anonymised: options.anonymised ?? false,
    },
    randomUUID(),
  );
  if (!created.ok) throw new Error(created.problems[0]!.text);
  if (created.replayed) throw new Error('A fresh request id was replayed');
  const published = await publishScoresheet(db, lib, owner, created.campaign);
  if (!published.ok) throw new Error(JSON.stringify(published.problems));
  const campaign = created.campaign;
  const panel = await db
    .insertInto('panels')
    .values({ campaign_id: campaign.id, name: `Panel ${uniqueSuffix()}` })
    .returningAll()
    .executeTakeFirstOrThrow();
  const candidates = await db
    .insertInto('candidates')
    .values(
      Array.from({ length: options.candidates ?? 1 }, (_v, i) => ({
        campaign_id: campaign.id,
        reference: `C${String(i + 1).padStart(3, '0')}`,
        name: `Candidate Name ${uniqueSuffix()}`,
        email: `cand-${uniqueSuffix()}@example.com`,
      })),
    )
    .returningAll()
    .execute();
  await db
    .insertInto('interviews')
    .values(
      candidates.map((c, i) => ({
        candidate_id: c.id,
        panel_id: panel.id,
        scheduled_at: new Date(Date.UTC(2026, 11, 1, 9 + i)),
      })),
    )
    .execute();
  for (const m of options.members) {
    const user = await actorFor(m.subject);
    await db
      .insertInto('panel_members')
      .values({ panel_id: panel.id, user_id: user.id, role: m.role })
      .execute();
    if (m.declare) {
      await db
        .insertInto('conflict_declarations')
        .values(
          candidates.map((c) => ({
            candidate_id: c.id,
            user_id: user.id,
            conflicted: m.declare === 'conflict',
            description: m.declare === 'conflict' ? 'Former colleague' : null,
          })),
        )
        .execute();
    }
  }
  const version = await db
    .selectFrom('scoresheet_versions')
    .selectAll()
    .where('campaign_id', '=', campaign.id)
    .executeTakeFirstOrThrow();
  return { campaign, panel, candidates, criteria: version.content.criteria, owner };
}

/** A member's complete, submitted scoresheet, made through the scoring service. */
export async function submitScores(
  subject: string,
  candidateId: string,
  scores: Record<string, number>,
  evidence = (id: string) => `Evidence for ${id}`,
) {
  const { db } = await testDatabase();
  const actor = await actorFor(subject);
  const ctx = await scoringContext(db, actor, candidateId);
  const { sheet } = await openSheet(db, actor, ctx);
  const entries = Object.fromEntries(
    Object.entries(scores).map(([id, score]) => [id, { score, evidence: evidence(id) }]),
  );
  const result = await saveSheet(db, actor, ctx, {
    baseRevision: sheet.revision,
    requestId: randomUUID(),
    entries,
    submit: true,
  });
  if (result.status !== 'saved' || !result.submitted)
    throw new Error(`could not submit: ${JSON.stringify(result)}`);
}

/** The chair's finalised moderation, made through the moderation service. */
export async function finaliseModeration(
  chairSubject: string,
  candidateId: string,
  scores: Record<string, number>,
  options: { outcome?: 'appointable' | 'reserve' | 'not-appointable'; tieBreakNote?: string } = {},
) {
  const { db } = await testDatabase();
  const actor = await actorFor(chairSubject);
  const access = await moderationAccess(db, actor, candidateId);
  const result = await saveModeration(
    db,
    actor,
    access,
    {
      criteria: Object.entries(scores).map(([criterionId, score]) => ({
        criterionId,
        score,
        rationale: 'Agreed after discussion',
        strengths: 'Strengths',
        development: 'To develop',
      })),
      outcomeOverride: options.outcome ?? null,
      overrideReason: options.outcome ? 'Chair decision' : '',
      feedback: 'Feedback for the candidate',
      tieBreakNote: options.tieBreakNote ?? '',
    },
    true,
  );
  if (!result.ok) throw new Error(`not finalised: ${JSON.stringify(result.problems)}`);
  if (!result.finalised) throw new Error('not finalised');
}

/** Each member submits the same scores, then the chair agrees them and finalises the moderation. */
export async function scoreAndFinalise(
  candidateId: string,
  scores: Record<string, number>,
  options: {
    members?: string[];
    chair?: string;
    outcome?: 'appointable' | 'reserve' | 'not-appointable';
    tieBreakNote?: string;
  } = {},
) {
  const chair = options.chair ?? 'dev-chair';
  for (const subject of options.members ?? [chair, 'dev-member-1'])
    await submitScores(subject, candidateId, scores);
  await finaliseModeration(chair, candidateId, scores, {
    outcome: options.outcome,
    tieBreakNote: options.tieBreakNote,
  });
}
