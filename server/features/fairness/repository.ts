import { sql } from 'kysely';
import type { DbHandle } from '../../db/types.js';

/**
 * Everything the fairness figures need, in seven queries whatever the size of the campaign.
 * `panelId` narrows each query to one panel (the chair's moderation page).
 */

/** The campaign's published scoresheet versions, oldest first. */
export function publishedContents(db: DbHandle, campaignId: string) {
  return db
    .selectFrom('scoresheet_versions')
    .select(['version', 'content'])
    .where('campaign_id', '=', campaignId)
    .orderBy('version')
    .execute();
}

export function panels(db: DbHandle, campaignId: string, panelId?: string) {
  let q = db.selectFrom('panels').select(['id', 'name']).where('campaign_id', '=', campaignId);
  if (panelId) q = q.where('id', '=', panelId);
  return q.orderBy('name').execute();
}

export function panelMembers(db: DbHandle, campaignId: string, panelId?: string) {
  let q = db
    .selectFrom('panel_members')
    .innerJoin('panels', 'panels.id', 'panel_members.panel_id')
    .innerJoin('users', 'users.id', 'panel_members.user_id')
    .select(['panel_members.panel_id as panelId', 'users.id as userId', 'users.name', 'panel_members.role'])
    .where('panels.campaign_id', '=', campaignId);
  if (panelId) q = q.where('panels.id', '=', panelId);
  return q.orderBy('panel_members.panel_id').orderBy('users.name').execute();
}

/** Each candidate of the campaign with their panel, and the members who declared a conflict with them. */
export function interviews(db: DbHandle, campaignId: string, panelId?: string) {
  let q = db
    .selectFrom('interviews')
    .innerJoin('candidates', 'candidates.id', 'interviews.candidate_id')
    .select(['interviews.candidate_id as candidateId', 'interviews.panel_id as panelId'])
    .where('candidates.campaign_id', '=', campaignId);
  if (panelId) q = q.where('interviews.panel_id', '=', panelId);
  return q.execute();
}

export function conflicts(db: DbHandle, campaignId: string, panelId?: string) {
  let q = db
    .selectFrom('conflict_declarations')
    .innerJoin('candidates', 'candidates.id', 'conflict_declarations.candidate_id')
    .innerJoin('interviews', 'interviews.candidate_id', 'candidates.id')
    .select(['conflict_declarations.candidate_id as candidateId', 'conflict_declarations.user_id as userId'])
    .where('candidates.campaign_id', '=', campaignId)
    .where('conflict_declarations.conflicted', '=', true);
  if (panelId) q = q.where('interviews.panel_id', '=', panelId);
  return q.execute();
}

/**
 * Members' scores from submitted sheets only (drafts never count): one row per sheet, its scores as
 * JSON text of criterion id → score. A large campaign has hundreds of thousands of scores; a row per
 * sheet is a twelfth as many rows to parse on the event loop, and the text crosses to a report worker
 * as it is.
 */
export function submittedScores(db: DbHandle, campaignId: string, panelId?: string) {
  let q = db
    .selectFrom('member_scores')
    .innerJoin('member_sheets', 'member_sheets.id', 'member_scores.sheet_id')
    .innerJoin('candidates', 'candidates.id', 'member_sheets.candidate_id')
    .innerJoin('interviews', 'interviews.candidate_id', 'candidates.id')
    .select([
      'member_sheets.candidate_id as candidateId',
      'member_sheets.user_id as userId',
      sql<string>`json_object_agg(member_scores.criterion_id, member_scores.score)::text`.as('scores'),
    ])
    .where('candidates.campaign_id', '=', campaignId)
    .where('member_sheets.submitted_at', 'is not', null)
    .where('member_scores.score', 'is not', null)
    .groupBy(['member_sheets.id', 'member_sheets.candidate_id', 'member_sheets.user_id']);
  if (panelId) q = q.where('interviews.panel_id', '=', panelId);
  return q.execute();
}

/** Agreed scores of finalised moderations only. */
export function finalisedAgreedScores(db: DbHandle, campaignId: string, panelId?: string) {
  let q = db
    .selectFrom('agreed_scores')
    .innerJoin('moderations', 'moderations.candidate_id', 'agreed_scores.candidate_id')
    .innerJoin('candidates', 'candidates.id', 'agreed_scores.candidate_id')
    .innerJoin('interviews', 'interviews.candidate_id', 'candidates.id')
    .select([
      'interviews.panel_id as panelId',
      'agreed_scores.criterion_id as criterionId',
      'agreed_scores.score',
    ])
    .where('candidates.campaign_id', '=', campaignId)
    .where('moderations.state', '=', 'finalised')
    .where('agreed_scores.score', 'is not', null);
  if (panelId) q = q.where('interviews.panel_id', '=', panelId);
  return q.execute();
}
