import type { Kysely } from 'kysely';
import type { BehaviourFrameworkId, Campaign, Database, Grade, ScaleId } from '../../db/types.js';
import { campaignState } from '../../domain/campaign-state.js';
import { refuse, type Problem } from '../../domain/problems.js';
import type { FrameworkLibrary } from '../../framework/library.js';
import { forbidden, notFound } from '../../errors.js';
import { appendAudit } from '../audit/repository.js';
import { findUserByEmail, insertUser } from '../users/repository.js';
import { behaviourLevel, proposeCriteria } from '../scoresheets/proposal.js';
import * as scoresheets from '../scoresheets/repository.js';
import * as repo from './repository.js';
import { isUuid } from '../../domain/ids.js';
import { isUniqueViolation, once } from '../submissions/service.js';

type Db = Kysely<Database>;
type Actor = Express.User;

export type NewCampaign = {
  title: string;
  vacancyReference: string;
  grade: Grade;
  roleLevel: string;
  behaviourFramework: BehaviourFrameworkId;
  scale: ScaleId;
  anonymised: boolean;
};

/**
 * Creates a campaign once per request id. Two tabs of the form are two request ids and make two
 * campaigns: nothing about a campaign (title, vacancy reference) has to be unique, and two
 * campaigns for one vacancy are allowed (a re-advert, a second round).
 */
export async function createCampaign(
  db: Db,
  lib: FrameworkLibrary,
  actor: Actor,
  form: NewCampaign,
  requestId: string,
) {
  const [roleSlug = '', levelSlug = ''] = form.roleLevel.split('/');
  if (!lib.roleLevel(roleSlug, levelSlug))
    return refuse({ field: 'roleLevel', text: 'Select a role level from the list' });
  return db.transaction().execute((trx) =>
    once(
      trx,
      actor,
      { requestId, kind: 'campaign' },
      async () => {
        const campaign = await repo.insertCampaign(trx, {
          title: form.title,
          vacancy_reference: form.vacancyReference,
          grade: form.grade,
          ddat_edition: lib.ddatEdition().id,
          role_slug: roleSlug,
          role_level_slug: levelSlug,
          behaviour_framework: form.behaviourFramework,
          scale: form.scale,
          anonymised: form.anonymised,
          overall_pass_mark: null,
          lead_criterion_id: null,
          closed_at: null,
          created_by: actor.id,
        });
        await repo.addOwner(trx, campaign.id, actor.id, actor.id);
        const criteria = await scoresheets.insertCriteria(trx, proposeCriteria(lib, campaign));
        const lead = criteria.find((c) => c.included);
        const withLead: Campaign = lead
          ? await repo.updateCampaign(trx, campaign.id, { lead_criterion_id: lead.id })
          : campaign;
        await appendAudit(trx, {
          actor_id: actor.id,
          action: 'campaign.created',
          entity_type: 'campaign',
          entity_id: campaign.id,
          campaign_id: campaign.id,
          after: form,
        });
        return { ok: true, campaign: withLead } as const;
      },
      (done) => ({ id: done.campaign.id, count: 1 }),
    ),
  );
}

/** The campaign, if this person owns it: 404 when it does not exist, 403 when it is someone else's. */
export async function ownedCampaign(db: Db, actor: Actor, id: string): Promise<Campaign> {
  const campaign = isUuid(id) ? await repo.findCampaign(db, id) : undefined;
  if (!campaign) throw notFound();
  if (!(await repo.isOwner(db, id, actor.id)))
    throw forbidden('Only the campaign’s owners can see this campaign');
  return campaign;
}

export async function campaignOverview(db: Db, lib: FrameworkLibrary, campaign: Campaign) {
  const [versions, owners, criteria, counts] = await Promise.all([
    scoresheets.countPublishedVersions(db, campaign.id),
    repo.listOwners(db, campaign.id),
    scoresheets.listCriteria(db, campaign.id),
    repo.campaignCounts(db, campaign.id),
  ]);
  const pinned = lib.ddatFor(campaign.ddat_edition);
  const ref = pinned.roleLevel(campaign.role_slug, campaign.role_level_slug);
  const role = pinned.role(campaign.role_slug);
  return {
    state: campaignState(campaign, versions),
    publishedVersions: versions,
    owners,
    includedCriteria: criteria.filter((c) => c.included).length,
    roleName: role?.name ?? campaign.role_slug,
    roleLevelName: ref?.name ?? campaign.role_level_slug,
    behaviourLevel: behaviourLevel(lib, campaign.grade),
    gradeLabel: lib.grade(campaign.grade)?.label ?? campaign.grade,
    scaleName: lib.scale(campaign.scale).name,
    ...counts,
  };
}

export function listCampaigns(db: Db, actor: Actor) {
  return repo.listOwnedCampaigns(db, actor.id);
}

/** Is this a closed campaign that the person owns? (Anyone else is refused by the routes.) */
export async function isClosedToOwner(db: Db, campaignId: string, userId: string): Promise<boolean> {
  return (await repo.ownedCampaignClosedAt(db, campaignId, userId)) != null;
}

/**
 * Adds a co-owner by email; someone who has never signed in is added now and matched at first
 * sign-in. Once per request id; from two tabs, the second finds the person already an owner (a field
 * error), and if both race, the owners' primary key (or the users' email index) refuses the second.
 */
export async function addCoOwner(db: Db, actor: Actor, campaign: Campaign, email: string, requestId: string) {
  const already: Problem = { field: 'email', text: 'This person is already an owner of this campaign' };
  try {
    return await db.transaction().execute((trx) =>
      once(
        trx,
        actor,
        { requestId, kind: 'co-owner' },
        async () => {
          const user =
            (await findUserByEmail(trx, email)) ??
            (await insertUser(trx, { subject: null, email, name: email, roles: [] }));
          if (!user.active) return refuse({ field: 'email', text: 'This person’s account is deactivated' });
          if (await repo.isOwner(trx, campaign.id, user.id)) return refuse(already);
          await repo.addOwner(trx, campaign.id, user.id, actor.id);
          await appendAudit(trx, {
            actor_id: actor.id,
            action: 'campaign.owner-added',
            entity_type: 'campaign',
            entity_id: campaign.id,
            campaign_id: campaign.id,
            after: { userId: user.id },
          });
          return { ok: true, userId: user.id } as const;
        },
        (done) => ({ id: done.userId, count: 1 }),
      ),
    );
  } catch (e) {
    if (isUniqueViolation(e)) return refuse(already);
    throw e;
  }
}

/** Closing starts the retention clock: candidates' personal data is erased that many months later. */
export async function setClosed(
  db: Db,
  actor: Actor,
  campaign: Campaign,
  closed: boolean,
  reason: string | null,
): Promise<void> {
  if (closed === (campaign.closed_at !== null)) return;
  await db.transaction().execute(async (trx) => {
    const updated = await repo.updateCampaign(trx, campaign.id, { closed_at: closed ? new Date() : null });
    await appendAudit(trx, {
      actor_id: actor.id,
      action: closed ? 'campaign.closed' : 'campaign.reopened',
      entity_type: 'campaign',
      entity_id: campaign.id,
      campaign_id: campaign.id,
      before: { closedAt: campaign.closed_at },
      after: { closedAt: updated.closed_at },
      reason,
    });
  });
}
