import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { displayName } from '../../domain/candidates.js';
import { panelRoleLabels } from '../../domain/panels.js';
import type { PublishedScoresheet } from '../../domain/published-scoresheet.js';
import { forbidden, HttpError, notFound } from '../../errors.js';
import type { PublishedVersion } from '../../reports/blank-scoresheet.js';
import type { CampaignSummary } from '../../reports/campaign-summary.js';
import { memberLetter, type CandidateOutcome } from '../../reports/candidate-outcome.js';
import { findCampaign, isOwner, listOwners } from '../campaigns/repository.js';
import { latestPublishedVersion } from '../scoresheets/repository.js';
import { ownedCampaign } from '../campaigns/service.js';
import { loadComparisonInputs } from '../comparison/service.js';
import { moderationAccess } from '../moderation/service.js';
import { listMembers, listPanels } from '../panels/repository.js';
import { summarise, type SummaryInputs } from './summary.js';
import * as repo from './repository.js';
import { isUuid } from '../../domain/ids.js';
import { loadFairnessInputs } from '../fairness/service.js';

type Db = Kysely<Database>;
type Actor = Express.User;

export const NAMES_FOR_OWNERS_ONLY =
  'Only the campaign’s owners can download an outcome report with panel members’ names. Download it without names instead.';
export const NOT_FINALISED =
  'The outcome report is available once the panel chair has finalised this candidate’s moderation.';

/**
 * What the candidate outcome report shows. Owners of the campaign and the chair of the candidate's panel
 * (moderationAccess: 404, 403, or 409 without a panel) may download it, and only once the moderation is
 * finalised (409 before). Panel members' names only for owners who ask; otherwise Member A, B, C.
 */
export async function candidateOutcome(
  db: Db,
  actor: Actor,
  candidateId: string,
  options: { names: boolean; now?: Date },
): Promise<CandidateOutcome> {
  const access = await moderationAccess(db, actor, candidateId);
  if (options.names && !access.isOwner) throw forbidden(NAMES_FOR_OWNERS_ONLY);
  // Loaded with the access check, in the same query: the report reads nothing else.
  const { view, interview } = access;
  // The result as stored at finalisation, with the criteria of the version it was given against.
  const { content, result, given, moderation, version } = view;
  if (view.state !== 'finalised' || !content || !result || !given || !moderation)
    throw new HttpError(409, NOT_FINALISED);
  if (!version) throw notFound();
  const scoring = view.members.filter((m) => m.conflicted !== true);
  const maxScore = Math.max(...content.scale.points.map((p) => p.value));
  return {
    reference: access.reference,
    candidate: displayName(
      { reference: access.reference, name: access.name },
      { anonymised: access.anonymised, viewerIsOwner: access.isOwner },
    ),
    erasedAt: interview.erasedAt,
    campaign: content.campaign,
    panel: { name: interview.panelName ?? 'Not recorded', interview: interview.scheduledAt },
    members: scoring.map((m, i) =>
      options.names ? `${m.name} (${panelRoleLabels[m.role]})` : memberLetter(i),
    ),
    namesShown: options.names,
    conflictedMembers: view.members.length - scoring.length,
    scale: content.scale,
    passRule: content.passRule,
    overallPassMark: content.overallPassMark,
    criteria: view.criteria.map((c, i) => ({
      position: c.position,
      title: c.title,
      kind: c.kind,
      requiredLevel: c.requiredLevel,
      sfia: c.sfia,
      weight: c.weight,
      passMark: c.passMark,
      lead: c.id === content.leadCriterionId,
      description: c.description,
      descriptors: c.descriptors,
      negativeIndicators: c.negativeIndicators,
      missing: c.missing,
      memberScores: c.members.map((m) => m.score),
      agreed: result.criteria[i]!.score,
      passed: result.criteria[i]!.passed,
      rationale: c.agreed.rationale,
      strengths: c.agreed.strengths,
      development: c.agreed.development,
    })),
    weightedTotal: given.weightedTotal,
    maximumTotal: content.criteria.reduce((sum, c) => sum + c.weight * maxScore, 0),
    passed: given.passed,
    proposedOutcome: given.proposedOutcome,
    outcome: given.outcome,
    overrideReason: moderation.override_reason,
    feedback: moderation.feedback,
    finalisedAt: moderation.finalised_at,
    scoresheet: version,
    editions: content.editions,
    generatedAt: options.now ?? new Date(),
  };
}

/** The campaign summary, for the campaign's owners only (ownedCampaign: 404 or 403). */
export async function campaignSummary(
  db: Db,
  actor: Actor,
  campaignId: string,
  options: { now?: Date } = {},
): Promise<CampaignSummary> {
  return summarise(await loadSummaryInputs(db, actor, campaignId, options));
}

/**
 * What the summary is drawn from, loaded for the campaign's owners only (ownedCampaign: 404 or 403).
 * The working out is left to `summarise`, in a worker thread when the PDF is made.
 */
export async function loadSummaryInputs(
  db: Db,
  actor: Actor,
  campaignId: string,
  options: { now?: Date } = {},
): Promise<SummaryInputs> {
  const campaign = await ownedCampaign(db, actor, campaignId);
  // One transaction: every figure from the same moment, and the queries sent one after another on one
  // connection, so that a large campaign's hundreds of thousands of rows arrive one result at a time
  // instead of flooding the event loop from several connections at once.
  const loaded = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const [comparison, panels, owners, perPanel, version, fairness] = await Promise.all([
        loadComparisonInputs(trx, campaign.id),
        listPanels(trx, campaign.id),
        listOwners(trx, campaign.id),
        repo.candidatesPerPanel(trx, campaign.id),
        latestPublishedVersion(trx, campaign.id),
        loadFairnessInputs(trx, campaign.id, undefined, { distributions: false }),
      ]);
      const members = await listMembers(
        trx,
        panels.map((p) => p.id),
      );
      return { comparison, panels, owners, perPanel, version, fairness, members };
    });
  const { comparison, panels, owners, perPanel, version, fairness, members } = loaded;
  return {
    campaign,
    comparison,
    fairness,
    panels: panels.map((p) => ({ id: p.id, name: p.name })),
    members: members.map((m) => ({ panelId: m.panelId, name: m.name, role: m.role })),
    owners: owners.map((o) => o.name),
    perPanel,
    version: version
      ? { version: version.version, contentHash: version.content_hash, content: version.content }
      : null,
    viewerId: actor.id,
    now: options.now ?? new Date(),
  };
}

/**
 * A published version of the scoresheet, blank, for paper use: for the campaign's owners and for the
 * members of any of its panels. 404 for an unknown campaign or version, 403 for anyone else.
 */
export async function blankScoresheet(
  db: Db,
  actor: Actor,
  campaignId: string,
  versionText: string,
): Promise<{ content: PublishedScoresheet; version: PublishedVersion }> {
  const campaign = isUuid(campaignId) ? await findCampaign(db, campaignId) : undefined;
  if (!campaign) throw notFound();
  if (!(await isOwner(db, campaign.id, actor.id)) && !(await repo.isOnAnyPanel(db, campaign.id, actor.id)))
    throw forbidden('Only the campaign’s owners and its panel members can download its scoresheet');
  const number = /^[1-9]\d{0,5}$/.test(versionText) ? Number(versionText) : null;
  const row = number === null ? undefined : await repo.versionByNumber(db, campaign.id, number);
  if (!row) throw notFound();
  return {
    content: row.content,
    version: { version: row.version, publishedAt: row.published_at, contentHash: row.content_hash },
  };
}
