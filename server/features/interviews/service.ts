import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { displayName } from '../../domain/candidates.js';
import { isUuid } from '../../domain/ids.js';
import {
  canScore,
  conflictState,
  formatLondonDate,
  formatLondonTime,
  groupByLondonDay,
  panelRoleLabels,
} from '../../domain/panels.js';
import { HttpError, forbidden, notFound } from '../../errors.js';
import { appendAudit } from '../audit/repository.js';
import { findMemberRole } from '../panels/repository.js';
import * as repo from './repository.js';

/** A panel member's own interviews, across campaigns, and their conflict of interest declarations. */

type Db = Kysely<Database>;
type Actor = Express.User;

/** A person's interviews across campaigns, by UK day; names are never shown for anonymised campaigns. */
export async function interviewsOf(db: Db, actor: Actor) {
  const rows = await repo.listInterviewsFor(db, actor.id);
  const interviews = rows.map((r) => {
    const declaration = r.conflicted === null ? null : { conflicted: r.conflicted };
    const state = conflictState(declaration);
    return {
      candidateId: r.candidate_id,
      // The panel pages are the panel's view: anonymisation applies even to an owner sitting on it.
      candidate: displayName(
        { reference: r.reference, name: r.name },
        { anonymised: r.anonymised, viewerIsOwner: false },
      ),
      campaignTitle: r.campaign_title,
      panelName: r.panel_name,
      role: panelRoleLabels[r.role],
      scheduledAt: r.scheduled_at,
      time: formatLondonTime(r.scheduled_at),
      conflict: state,
      canScore: canScore({ isMember: true, declaration }),
      scored: r.scored === true,
      sheet: r.submitted_at ? 'Submitted' : r.sheet_id ? 'In progress' : 'Not started',
      isChair: r.role === 'chair',
      moderation:
        r.moderation_state === 'finalised'
          ? 'Finalised'
          : r.moderation_state === 'open'
            ? 'In moderation'
            : null,
    };
  });
  return groupByLondonDay(interviews, (i) => i.scheduledAt);
}

/**
 * The candidate as their panel member sees them: 404 for a candidate who does not exist, 403 for
 * anyone not on the panel the candidate is assigned to.
 */
export async function memberCandidate(db: Db, actor: Actor, candidateId: string) {
  const found = isUuid(candidateId) ? await repo.findCandidateInterview(db, candidateId) : undefined;
  if (!found) throw notFound();
  const role = found.panel_id ? await findMemberRole(db, found.panel_id, actor.id) : undefined;
  if (!found.panel_id || !found.scheduled_at || !role)
    throw forbidden('Only the members of this candidate’s interview panel can see this page');
  const [declaration, scored] = await Promise.all([
    repo.findDeclaration(db, candidateId, actor.id),
    repo.hasScored(db, candidateId, actor.id),
  ]);
  return {
    candidateId: found.id,
    campaignId: found.campaign_id,
    candidate: displayName(
      { reference: found.reference, name: found.name },
      { anonymised: found.anonymised, viewerIsOwner: false },
    ),
    anonymised: found.anonymised,
    campaignTitle: found.campaign_title,
    role: panelRoleLabels[role],
    date: formatLondonDate(found.scheduled_at),
    time: formatLondonTime(found.scheduled_at),
    declaration: declaration ?? null,
    /** A scoresheet is published, so a member with no conflict can go on to score. */
    hasScoresheet: Boolean(found.has_scoresheet),
    /** Once they have scored, the declaration that allowed it stands. */
    scored,
  };
}

/** Refuses a change to a declaration the member has already scored under (409). */
export function assertDeclarationOpen(member: { scored: boolean }): void {
  if (member.scored) throw new HttpError(409, DECLARATION_LOCKED);
}

export const DECLARATION_LOCKED =
  'You have started scoring this candidate, so your declaration can no longer be changed. If it is wrong, tell the campaign owner.';

/**
 * Records a member's declaration for a candidate. It can be changed until they score (a score or
 * evidence saved, or their sheet submitted); every declaration and change is audited.
 */
export async function declareConflict(
  db: Db,
  actor: Actor,
  member: Awaited<ReturnType<typeof memberCandidate>>,
  form: { conflicted: boolean; description: string | null },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (await repo.hasScored(trx, member.candidateId, actor.id)) throw new HttpError(409, DECLARATION_LOCKED);
    await repo.saveDeclaration(trx, { candidateId: member.candidateId, userId: actor.id, ...form });
    await appendAudit(trx, {
      actor_id: actor.id,
      action: 'conflict.declared',
      entity_type: 'candidate',
      entity_id: member.candidateId,
      campaign_id: member.campaignId,
      // The description stays out of the append-only log: it may say things about the candidate
      // that must be erasable with the rest of their personal data.
      before: member.declaration && { conflicted: member.declaration.conflicted },
      after: { conflicted: form.conflicted },
    });
  });
}
