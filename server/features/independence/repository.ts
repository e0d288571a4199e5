import type { DbHandle } from '../../db/types.js';
import type { PanelSeat } from '../../domain/independence.js';

/** Every seat this person holds on the panels interviewing the campaign's candidates. */
export async function panelSeats(db: DbHandle, userId: string, campaignId: string): Promise<PanelSeat[]> {
  const rows = await db
    .selectFrom('interviews')
    .innerJoin('candidates', 'candidates.id', 'interviews.candidate_id')
    .innerJoin('panel_members', (j) =>
      j.onRef('panel_members.panel_id', '=', 'interviews.panel_id').on('panel_members.user_id', '=', userId),
    )
    .leftJoin('conflict_declarations', (j) =>
      j
        .onRef('conflict_declarations.candidate_id', '=', 'interviews.candidate_id')
        .on('conflict_declarations.user_id', '=', userId),
    )
    .leftJoin('member_sheets', (j) =>
      j
        .onRef('member_sheets.candidate_id', '=', 'interviews.candidate_id')
        .on('member_sheets.user_id', '=', userId),
    )
    .select([
      'interviews.candidate_id as candidateId',
      'conflict_declarations.conflicted',
      'member_sheets.submitted_at',
    ])
    .where('candidates.campaign_id', '=', campaignId)
    .execute();
  return rows.map((r) => ({
    candidateId: r.candidateId,
    conflicted: r.conflicted,
    submitted: r.submitted_at !== null,
  }));
}
