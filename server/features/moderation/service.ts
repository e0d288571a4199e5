import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import {
  evaluate,
  givenResult,
  moderationState,
  proposeOutcome,
  rationaleRequired,
  spreadOf,
  storedResult,
  type GivenResult,
  type ModerationState,
} from '../../domain/moderation.js';
import { refuse } from '../../domain/problems.js';
import { forbidden, HttpError, notFound } from '../../errors.js';
import { CAMPAIGN_CLOSED } from '../../middleware/closed-campaign.js';
import { appendAudit, appendAuditEntries } from '../audit/repository.js';
import type { NewAuditEntry } from '../../db/types.js';
import * as repo from './repository.js';
import type { ModerationRecord } from './repository.js';
import type { ModerationForm } from './schemas.js';
import { isUuid } from '../../domain/ids.js';

type Db = Kysely<Database>;
type Actor = Express.User;

export type ModerationAccess = ModerationRecord['context'] & {
  panelId: string;
  isChair: boolean;
  isOwner: boolean;
  viewerId: string;
  /** The candidate's interview, as the outcome report shows it. */
  interview: ModerationRecord['interview'];
  /** The moderation as it stood when access was checked: loaded in the same pass. */
  view: ModerationView;
};

/**
 * The chair of the candidate's panel moderates; campaign owners may view and reopen. Anyone else: 403.
 * Loads the whole view with the check, in one query (loadModerationRecord), so the page, the save and
 * the outcome report never load the candidate twice.
 */
export async function moderationAccess(db: Db, actor: Actor, candidateId: string): Promise<ModerationAccess> {
  const record = isUuid(candidateId) ? await repo.loadModerationRecord(db, candidateId, actor.id) : undefined;
  if (!record) throw notFound();
  const { context: ctx, isOwner, members } = record;
  const me = ctx.panelId ? members.find((m) => m.userId === actor.id) : undefined;
  const isChair = me?.role === 'chair' && me.conflicted !== true;
  if (me?.role === 'chair' && me.conflicted === true && !isOwner)
    throw forbidden(
      'You declared a conflict of interest with this candidate, so a campaign owner must arrange their moderation',
    );
  if (!isChair && !isOwner) throw forbidden('Only the panel chair moderates this candidate');
  if (!ctx.panelId) throw new HttpError(409, 'This candidate has not been assigned to a panel yet');
  return {
    ...ctx,
    panelId: ctx.panelId,
    isChair,
    isOwner,
    viewerId: actor.id,
    interview: record.interview,
    view: moderationView(record),
  };
}

/** The moderation view loaded again, as it stands now (after a save that came back with problems). */
export async function loadModeration(db: Db, access: ModerationAccess): Promise<ModerationView> {
  const record = await repo.loadModerationRecord(db, access.candidateId, access.viewerId);
  if (!record) throw notFound();
  return moderationView(record);
}

export type ModerationView = ReturnType<typeof moderationView>;

/**
 * Everything the moderation page shows, worked out from what was loaded (no I/O). Members' scores
 * appear only once every eligible member has submitted.
 */
export function moderationView(record: ModerationRecord) {
  const { moderation } = record;
  const members = record.context.panelId ? record.members : [];
  const state: ModerationState = moderationState(
    members.map((m) => ({ conflicted: m.conflicted, submitted: m.submitted_at !== null })),
    moderation?.state === 'finalised',
  );
  const scoring = members.filter((m) => m.conflicted !== true);
  // The version this candidate is moderated against: the moderation's own once it exists, never the
  // campaign's latest.
  const versionId = moderation?.scoresheet_version_id ?? latestVersionOf(scoring);
  const versionRow = versionId ? record.versions.find((v) => v.id === versionId) : null;
  if (versionId && !versionRow) throw new Error(`Scoresheet version ${versionId} was not loaded`);
  const content = versionRow ? versionRow.content : null;
  const showScores = state !== 'awaiting-scores';
  const sheetIds = new Set(scoring.flatMap((m) => (m.sheetId ? [m.sheetId] : [])));
  const scores = showScores ? record.scores.filter((s) => sheetIds.has(s.sheet_id)) : [];
  const agreed = new Map(record.agreed.map((a) => [a.criterion_id, a]));

  const criteria = (content?.criteria ?? []).map((c) => {
    const given = scoring.map((m) => {
      const row = scores.find((s) => s.sheet_id === m.sheetId && s.criterion_id === c.id);
      return { name: m.name, role: m.role, score: row?.score ?? null, evidence: row?.evidence ?? '' };
    });
    const numbers = given.flatMap((g) => (g.score === null ? [] : [g.score]));
    const spread = spreadOf(numbers);
    const outlierNames = new Set(
      (spread?.outliers ?? []).map((i) => given.filter((g) => g.score !== null)[i]!.name),
    );
    const a = agreed.get(c.id);
    return {
      ...c,
      members: given.map((g) => ({ ...g, outlier: outlierNames.has(g.name) })),
      spread,
      agreed: {
        score: a?.score ?? null,
        rationale: a?.rationale ?? '',
        strengths: a?.strengths ?? '',
        development: a?.development ?? '',
      },
      rationaleRequired: a?.score != null ? rationaleRequired(a.score, spread) : (spread?.flagged ?? false),
      // A starting point for feedback: the members' evidence, never their names.
      suggestedStrengths: given
        .map((g) => g.evidence.trim())
        .filter(Boolean)
        .join('\n\n'),
    };
  });
  const complete = criteria.length > 0 && criteria.every((c) => c.agreed.score !== null);
  const agreedScores = Object.fromEntries(criteria.map((c) => [c.id, c.agreed.score!]));
  const evaluated = complete && content ? evaluate(content.criteria, content, agreedScores) : null;
  // Once finalised, the result is the one stored then: the weighted total, pass and outcome as given.
  const given: GivenResult | null =
    state === 'finalised' && moderation
      ? storedResult(
          {
            weightedTotal: moderation.weighted_total,
            passed: moderation.passed,
            outcome: moderation.outcome,
          },
          () =>
            evaluated && content
              ? givenResult(content.criteria, content, agreedScores, moderation.outcome_override)
              : null,
        )
      : null;
  const result =
    evaluated && given
      ? { ...evaluated, weightedTotal: given.weightedTotal, passed: given.passed }
      : evaluated;
  return {
    state,
    members,
    versionId,
    version: versionRow ? { version: versionRow.version, contentHash: versionRow.content_hash } : null,
    content,
    criteria,
    moderation,
    result,
    given,
    proposed: given ? given.proposedOutcome : result ? proposeOutcome(result) : null,
    outstanding: scoring.filter((m) => m.submitted_at === null).map((m) => m.name),
  };
}

function latestVersionOf(
  members: ReadonlyArray<{ versionId: string | null; submitted_at: Date | null }>,
): string | null {
  return (
    members.find((m) => m.submitted_at !== null && m.versionId)?.versionId ??
    members.find((m) => m.versionId)?.versionId ??
    null
  );
}

/** Saves the chair's draft; finalising also checks it is complete. Every change is audited. */
export async function saveModeration(
  db: Db,
  actor: Actor,
  access: ModerationAccess,
  form: ModerationForm,
  finalise: boolean,
) {
  if (!access.isChair) throw forbidden('Only the panel chair moderates this candidate');
  if (access.closed_at) throw new HttpError(409, CAMPAIGN_CLOSED);
  const { view } = access;
  if (view.state === 'awaiting-scores')
    throw new HttpError(409, 'Moderation opens when every panel member without a conflict has submitted');
  if (view.state === 'finalised')
    throw new HttpError(409, 'This moderation is finalised. Reopen it, with a reason, to change it');
  const problems = finalise ? finalisingProblems(view, form) : [];
  const finalising = finalise && problems.length === 0;
  // Worked out from the version this candidate is moderated against, and stored with the finalisation.
  const given =
    finalising && view.content
      ? givenResult(
          view.content.criteria,
          view.content,
          Object.fromEntries(form.criteria.map((c) => [c.criterionId, c.score!])),
          form.outcomeOverride,
        )
      : null;
  return db.transaction().execute(async (trx) => {
    const before = await repo.lockOrStartModeration(trx, access.candidateId, view.versionId!);
    if (before.state === 'finalised')
      throw new HttpError(409, 'This moderation is finalised. Reopen it, with a reason, to change it');
    const saved = await repo.saveDraft(trx, access.candidateId, actor.id, form.criteria, {
      outcome_override: form.outcomeOverride,
      override_reason: form.overrideReason || null,
      feedback: form.feedback,
      tie_break_note: form.tieBreakNote || null,
      ...(given
        ? {
            state: 'finalised' as const,
            finalised_at: new Date(),
            finalised_by: actor.id,
            weighted_total: given.weightedTotal,
            passed: given.passed,
            outcome: given.outcome,
          }
        : {}),
    });
    const previous = new Map(saved.map((a) => [a.criterion_id, a]));
    const entry = { actor_id: actor.id, entity_type: 'candidate', entity_id: access.candidateId };
    const audit: NewAuditEntry[] = [];
    for (const c of form.criteria) {
      const old = previous.get(c.criterionId);
      if (old?.score === c.score && old.rationale === c.rationale) continue;
      audit.push({
        ...entry,
        action: 'moderation.agreed-score-recorded',
        campaign_id: access.campaignId,
        before: old
          ? { criterionId: c.criterionId, score: old.score, rationaleLength: old.rationale.length }
          : null,
        after: { criterionId: c.criterionId, score: c.score, rationaleLength: c.rationale.length },
      });
    }
    if (before.outcome_override !== form.outcomeOverride) {
      audit.push({
        ...entry,
        action: 'moderation.outcome-overridden',
        campaign_id: access.campaignId,
        before: { outcome: before.outcome_override },
        after: { outcome: form.outcomeOverride, proposed: view.proposed },
        reason: form.overrideReason || null,
      });
    }
    if (given) {
      audit.push({
        ...entry,
        action: 'moderation.finalised',
        campaign_id: access.campaignId,
        after: {
          outcome: given.outcome,
          weightedTotal: given.weightedTotal,
          passed: given.passed,
          scoresheetVersion: view.version?.version ?? null,
        },
      });
    }
    // Every change of the save in one statement, in the order above.
    await appendAuditEntries(trx, audit);
    // A refused finalisation still keeps the draft: the form shows it as it now stands.
    return problems.length ? refuse(...problems) : ({ ok: true, finalised: given !== null } as const);
  });
}

export function finalisingProblems(view: ModerationView, form: ModerationForm) {
  const problems: Array<{ field: string; text: string }> = [];
  for (const c of view.criteria) {
    const entry = form.criteria.find((e) => e.criterionId === c.id);
    if (entry?.score == null) {
      problems.push({ field: `agreed-${c.id}`, text: `Select the agreed score for ${c.title}` });
      continue;
    }
    if (rationaleRequired(entry.score, c.spread) && !entry.rationale.trim()) {
      problems.push({
        field: `rationale-${c.id}`,
        text: `Enter the rationale for ${c.title}: the panel’s scores were spread or the agreed score is outside them`,
      });
    }
  }
  if (form.outcomeOverride && !form.overrideReason.trim())
    problems.push({ field: 'overrideReason', text: 'Enter the reason for changing the proposed outcome' });
  if (!form.feedback.trim())
    problems.push({ field: 'feedback', text: 'Enter the feedback for the candidate' });
  return problems;
}

/** A finalised result reopens only with a reason, by the chair or a campaign owner. */
export async function reopenModeration(db: Db, actor: Actor, access: ModerationAccess, reason: string) {
  if (access.closed_at) throw new HttpError(409, CAMPAIGN_CLOSED);
  await db.transaction().execute(async (trx) => {
    const current = await repo.lockModeration(trx, access.candidateId);
    if (current?.state !== 'finalised')
      throw new HttpError(409, 'Only a finalised moderation can be reopened');
    // No longer a result given: it is stored again, against the same version, when next finalised.
    await repo.updateModeration(trx, access.candidateId, {
      state: 'open',
      finalised_at: null,
      finalised_by: null,
      weighted_total: null,
      passed: null,
      outcome: null,
    });
    await appendAudit(trx, {
      actor_id: actor.id,
      action: 'moderation.reopened',
      entity_type: 'candidate',
      entity_id: access.candidateId,
      campaign_id: access.campaignId,
      reason,
    });
  });
}
