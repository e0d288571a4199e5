import type { Kysely } from 'kysely';
import type { Campaign, Criterion, Database, PassRule, ScaleId } from '../../db/types.js';
import { refuse, type Result } from '../../domain/problems.js';
import { publishProblems, renumber } from '../../domain/scoresheet.js';
import type { PublishedScoresheet } from '../../domain/published-scoresheet.js';
import { forbidden, notFound } from '../../errors.js';
import { contentHash } from '../../framework/hash.js';
import type { FrameworkLibrary } from '../../framework/library.js';
import { appendAudit } from '../audit/repository.js';
import { updateCampaign } from '../campaigns/repository.js';
import { once } from '../submissions/service.js';
import { criterionText } from './descriptors.js';
import { behaviourLevel } from './proposal.js';
import * as repo from './repository.js';

/** The scoresheet builder: a campaign's draft criteria, weights and pass marks, and publishing versions. */

type Db = Kysely<Database>;
type Actor = Express.User;

export function scaleRange(lib: FrameworkLibrary, scale: ScaleId) {
  const values = lib.scale(scale).points.map((p) => p.value);
  return { min: Math.min(...values), max: Math.max(...values) };
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
    await updateCampaign(trx, campaign.id, {
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
      await updateCampaign(trx, campaign.id, { lead_criterion_id: null });
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
): Promise<Result<{ version: number }>> {
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
  if (problems.length) return refuse(...problems);
  const editionIds = new Set<string>([
    campaign.ddat_edition,
    ...draft
      .filter((c) => c.included)
      .flatMap((c) => ('editionId' in c.text.source ? [c.text.source.editionId] : [])),
  ]);
  const content: PublishedScoresheet = {
    campaign: {
      id: campaign.id,
      title: campaign.title,
      vacancyReference: campaign.vacancy_reference,
      grade: campaign.grade,
      role: lib.ddatFor(campaign.ddat_edition).role(campaign.role_slug)?.name ?? campaign.role_slug,
      roleLevel:
        lib.ddatFor(campaign.ddat_edition).roleLevel(campaign.role_slug, campaign.role_level_slug)?.name ??
        campaign.role_level_slug,
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

export function publishedVersions(db: Db, campaignId: string) {
  return repo.listVersions(db, campaignId);
}

function summary(c: Criterion) {
  return { id: c.id, included: c.included, position: c.position, weight: c.weight, passMark: c.pass_mark };
}
