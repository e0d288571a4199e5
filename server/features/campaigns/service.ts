import type { Kysely } from 'kysely';
import type {
  BehaviourFrameworkId,
  Campaign,
  Criterion,
  Database,
  Grade,
  PassRule,
  ScaleId,
} from '../../db/types.js';
import { campaignState } from '../../domain/campaign-state.js';
import { publishProblems, renumber, type Problem } from '../../domain/scoresheet.js';
import { contentHash } from '../../framework/hash.js';
import type { FrameworkLibrary } from '../../framework/library.js';
import { forbidden, notFound } from '../../errors.js';
import { appendAudit } from '../audit/repository.js';
import { findUserByEmail, insertUser } from '../users/repository.js';
import { criterionText } from './descriptors.js';
import { behaviourLevel, proposeCriteria } from './proposal.js';
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

export function scaleRange(lib: FrameworkLibrary, scale: ScaleId) {
  const values = lib.scale(scale).points.map((p) => p.value);
  return { min: Math.min(...values), max: Math.max(...values) };
}

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
    return {
      ok: false,
      problem: { field: 'roleLevel', text: 'Select a role level from the list' } as Problem,
    } as const;
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
        const criteria = await repo.insertCriteria(trx, proposeCriteria(lib, campaign));
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
    repo.countPublishedVersions(db, campaign.id),
    repo.listOwners(db, campaign.id),
    repo.listCriteria(db, campaign.id),
    repo.campaignCounts(db, campaign.id),
  ]);
  const ref = lib.roleLevel(campaign.role_slug, campaign.role_level_slug);
  const role = lib.role(campaign.role_slug);
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

export async function scoresheetDraft(db: Db, lib: FrameworkLibrary, campaign: Campaign) {
  const criteria = await repo.listCriteria(db, campaign.id);
  return criteria.map((c) => ({ ...c, text: criterionText(lib, campaign, c) }));
}

export type ScoresheetForm = {
  passRule: PassRule;
  overallPassMark: number | null;
  leadCriterionId: string | null;
  /** Whether a member must write evidence notes for every criterion before submitting. */
  requireEvidence?: boolean;
  rows: Array<{ id: string; included: boolean; position: number; weight: number; passMark: number }>;
};

export async function saveScoresheet(
  db: Db,
  actor: Actor,
  campaign: Campaign,
  form: ScoresheetForm,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ordered = renumber(form.rows);
    const before = await repo.listCriteria(trx, campaign.id);
    for (const row of ordered) {
      await repo.updateCriterion(trx, row.id, {
        included: row.included,
        position: row.position,
        weight: row.weight,
        pass_mark: row.passMark,
      });
    }
    await repo.updateCampaign(trx, campaign.id, {
      pass_rule: form.passRule,
      overall_pass_mark: form.overallPassMark,
      lead_criterion_id: form.leadCriterionId,
      ...(form.requireEvidence === undefined ? {} : { require_evidence: form.requireEvidence }),
    });
    await appendAudit(trx, {
      actor_id: actor.id,
      action: 'scoresheet.draft-saved',
      entity_type: 'campaign',
      entity_id: campaign.id,
      campaign_id: campaign.id,
      before: {
        passRule: campaign.pass_rule,
        overallPassMark: campaign.overall_pass_mark,
        leadCriterionId: campaign.lead_criterion_id,
        criteria: before.map(summary),
      },
      after: {
        passRule: form.passRule,
        overallPassMark: form.overallPassMark,
        leadCriterionId: form.leadCriterionId,
        requireEvidence: form.requireEvidence ?? campaign.require_evidence,
        criteria: ordered,
      },
    });
  });
}

/** Adds a criterion of the campaign's own once per request id; two tabs add two (titles may repeat). */
export async function addCustomCriterion(
  db: Db,
  lib: FrameworkLibrary,
  actor: Actor,
  campaign: Campaign,
  form: {
    kind: 'technical' | 'experience' | 'strengths' | 'sfia';
    title: string;
    descriptor: string;
    sfiaCode: string | null;
    sfiaLevel: number | null;
  },
  requestId: string,
) {
  return db.transaction().execute((trx) =>
    once(
      trx,
      actor,
      { requestId, kind: 'criterion' },
      async () => {
        const existing = await repo.listCriteria(trx, campaign.id);
        const [created] = await repo.insertCriteria(trx, [
          {
            campaign_id: campaign.id,
            position: existing.length + 1,
            kind: form.kind,
            source_id: null,
            title: form.title,
            required_level: form.sfiaLevel === null ? null : String(form.sfiaLevel),
            descriptor: form.descriptor,
            sfia_code: form.sfiaCode,
            sfia_level: form.sfiaLevel,
            included: true,
            weight: 1,
            pass_mark: campaign.scale === 'ddat-skill-levels' ? 2 : scaleRange(lib, campaign.scale).min + 3,
          },
        ]);
        await appendAudit(trx, {
          actor_id: actor.id,
          action: 'scoresheet.criterion-added',
          entity_type: 'campaign',
          entity_id: campaign.id,
          campaign_id: campaign.id,
          after: form,
        });
        return { ok: true, criterion: created! } as const;
      },
      (done) => ({ id: done.criterion.id, count: 1 }),
    ),
  );
}

export async function removeCustomCriterion(
  db: Db,
  actor: Actor,
  campaign: Campaign,
  criterionId: string,
): Promise<void> {
  const criterion = (await repo.listCriteria(db, campaign.id)).find((c) => c.id === criterionId);
  if (!criterion) throw notFound();
  if (criterion.kind === 'skill' || criterion.kind === 'behaviour')
    throw forbidden('Framework criteria are left out, not removed: untick “Include”.');
  await db.transaction().execute(async (trx) => {
    if (campaign.lead_criterion_id === criterionId)
      await repo.updateCampaign(trx, campaign.id, { lead_criterion_id: null });
    await repo.deleteCriterion(trx, campaign.id, criterionId);
    await appendAudit(trx, {
      actor_id: actor.id,
      action: 'scoresheet.criterion-removed',
      entity_type: 'campaign',
      entity_id: campaign.id,
      campaign_id: campaign.id,
      before: summary(criterion),
    });
  });
}

/**
 * Freezes the scoresheet: every descriptor shown is copied with its framework edition and content
 * hash, so the version reads the same whatever later happens to the framework data.
 */
export async function publishScoresheet(
  db: Db,
  lib: FrameworkLibrary,
  actor: Actor,
  campaign: Campaign,
): Promise<{ ok: true; version: number } | { ok: false; problems: Problem[] }> {
  const draft = await scoresheetDraft(db, lib, campaign);
  const scale = lib.scale(campaign.scale);
  const problems = publishProblems(
    draft.map((c) => ({
      id: c.id,
      title: c.title,
      included: c.included,
      weight: c.weight,
      passMark: c.pass_mark,
    })),
    {
      passRule: campaign.pass_rule,
      overallPassMark: campaign.overall_pass_mark,
      leadCriterionId: campaign.lead_criterion_id,
    },
    scaleRange(lib, campaign.scale),
  );
  if (problems.length) return { ok: false, problems };
  const editionIds = new Set<string>([
    campaign.ddat_edition,
    ...draft
      .filter((c) => c.included)
      .flatMap((c) => ('editionId' in c.text.source ? [c.text.source.editionId] : [])),
  ]);
  const content = {
    campaign: {
      id: campaign.id,
      title: campaign.title,
      vacancyReference: campaign.vacancy_reference,
      grade: campaign.grade,
      role: lib.role(campaign.role_slug)?.name ?? campaign.role_slug,
      roleLevel:
        lib.roleLevel(campaign.role_slug, campaign.role_level_slug)?.name ?? campaign.role_level_slug,
      behaviourFramework: campaign.behaviour_framework,
      behaviourLevel: behaviourLevel(lib, campaign.grade),
    },
    scale: {
      id: scale.id,
      name: scale.name,
      points: scale.points.map((p) => ({ value: p.value, label: p.label, descriptor: p.descriptor ?? null })),
    },
    passRule: campaign.pass_rule,
    overallPassMark: campaign.overall_pass_mark,
    leadCriterionId: campaign.lead_criterion_id,
    criteria: draft
      .filter((c) => c.included)
      .map((c, i) => ({
        id: c.id,
        position: i + 1,
        kind: c.kind,
        title: c.title,
        weight: c.weight,
        passMark: c.pass_mark,
        requiredLevel: c.required_level,
        sfia: c.sfia_code ? { code: c.sfia_code, level: c.sfia_level } : null,
        ...c.text,
      })),
    editions: [...editionIds].map((id) => {
      const edition = lib.edition(id);
      return {
        id,
        title: edition?.title ?? id,
        contentHash: edition?.contentHash ?? null,
        attribution: edition?.attribution ?? null,
      };
    }),
  };
  return db.transaction().execute(async (trx) => {
    const version = (await repo.countPublishedVersions(trx, campaign.id)) + 1;
    const hash = contentHash(content);
    await repo.insertVersion(trx, {
      campaign_id: campaign.id,
      version,
      content: JSON.stringify(content),
      content_hash: hash,
      published_by: actor.id,
    });
    await appendAudit(trx, {
      actor_id: actor.id,
      action: 'scoresheet.published',
      entity_type: 'campaign',
      entity_id: campaign.id,
      campaign_id: campaign.id,
      after: { version, contentHash: hash },
    });
    return { ok: true, version } as const;
  });
}

/** Is this a closed campaign that the person owns? (Anyone else is refused by the routes.) */
export async function isClosedToOwner(db: Db, campaignId: string, userId: string): Promise<boolean> {
  return (await repo.ownedCampaignClosedAt(db, campaignId, userId)) != null;
}

export function publishedVersions(db: Db, campaignId: string) {
  return repo.listVersions(db, campaignId);
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
          if (!user.active)
            return {
              ok: false,
              problem: { field: 'email', text: 'This person’s account is deactivated' } as Problem,
            } as const;
          if (await repo.isOwner(trx, campaign.id, user.id)) return { ok: false, problem: already } as const;
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
    if (isUniqueViolation(e)) return { ok: false, problem: already } as const;
    throw e;
  }
}

function summary(c: Criterion) {
  return { id: c.id, included: c.included, position: c.position, weight: c.weight, passMark: c.pass_mark };
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
