import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { PublishedScoresheet } from '../../domain/published-scoresheet.js';
import { changedEntries, decideSave, submitProblems, type Entries } from '../../domain/scoring.js';
import { refuse, type Refusal } from '../../domain/problems.js';
import { forbidden, HttpError, notFound, RedirectError } from '../../errors.js';
import { CAMPAIGN_CLOSED } from '../../middleware/closed-campaign.js';
import { appendAudit } from '../audit/repository.js';
import * as repo from './repository.js';
import { isUuid } from '../../domain/ids.js';
import { latestPublishedVersion } from '../scoresheets/repository.js';
import type { SheetSave } from './schemas.js';

type Db = Kysely<Database>;
type Actor = Express.User;
export type ScoringContext = NonNullable<Awaited<ReturnType<typeof repo.findScoringContext>>>;

/** May this person score this candidate? 404 unknown, 403 not on the panel or conflicted. */
export async function scoringContext(db: Db, actor: Actor, candidateId: string): Promise<ScoringContext> {
  const ctx = isUuid(candidateId) ? await repo.findScoringContext(db, candidateId, actor.id) : undefined;
  if (!ctx) throw notFound();
  if (!ctx.panelRole) throw forbidden('You are not on the panel interviewing this candidate');
  if (ctx.conflicted === null)
    throw new RedirectError(`/interviews/${candidateId}/conflict`, 'Declare any conflict of interest first');
  if (ctx.conflicted)
    throw forbidden('You declared a conflict of interest with this candidate, so you cannot score them');
  if (ctx.withdrawn_at) throw forbidden('This candidate has withdrawn');
  return ctx;
}

// Published scoresheet versions never change, so their content is kept once read.
const versions = new Map<string, { id: string; version: number; content: PublishedScoresheet }>();
const VERSIONS_KEPT = 500;

async function publishedVersion(db: Db, id: string) {
  const known = versions.get(id);
  if (known) return known;
  const row = await repo.findVersion(db, id);
  const version = { id: row.id, version: row.version, content: row.content };
  if (versions.size >= VERSIONS_KEPT) versions.delete(versions.keys().next().value!);
  versions.set(id, version);
  return version;
}

/** The member's sheet (created on first opening against the version the candidate's panel uses, or the latest) and its content. */
export async function sheetOf(db: Db, actor: Actor, ctx: ScoringContext) {
  let sheet = repo.sheetFromContext(ctx, actor.id);
  if (!sheet) {
    // A candidate's panel all score against one version: a version published after the first sheet was
    // opened applies to the next candidates, never halfway through one.
    const versionId =
      (await repo.candidateVersionId(db, ctx.candidateId)) ??
      (await latestPublishedVersion(db, ctx.campaignId))?.id;
    if (!versionId) throw new HttpError(409, 'The scoresheet for this campaign has not been published yet');
    sheet = await repo.createSheet(db, ctx.candidateId, actor.id, versionId);
  }
  const version = await publishedVersion(db, sheet.scoresheet_version_id);
  return { sheet, version, content: version.content };
}

/** The sheet with what the member has saved so far. */
export async function openSheet(db: Db, actor: Actor, ctx: ScoringContext) {
  const opened = await sheetOf(db, actor, ctx);
  return { ...opened, entries: await repo.readEntries(db, opened.sheet.id) };
}

/**
 * A save that went through, lost a race with another tab, came after submission, or (submitting)
 * was refused with the problems the member can fix, like any other use case.
 */
export type SaveResult =
  | { status: 'saved' | 'duplicate'; revision: number; savedAt: Date; submitted: boolean }
  | { status: 'conflict'; revision: number; entries: Entries }
  | { status: 'locked' }
  | ({ status: 'incomplete' } & Refusal);

/**
 * Saves what the member typed. Each save names the revision it was based on and a request id:
 * a retry is answered without writing twice, and a save based on an old revision is refused.
 */
export async function saveSheet(
  db: Db,
  actor: Actor,
  ctx: ScoringContext,
  request: SheetSave,
  opened?: Awaited<ReturnType<typeof sheetOf>>,
): Promise<SaveResult> {
  if (ctx.closed_at) throw new HttpError(409, CAMPAIGN_CLOSED);
  const { sheet: found, content } = opened ?? (await sheetOf(db, actor, ctx));
  const sheetId = found.id;
  return db.transaction().execute(async (trx) => {
    const { sheet, entries: current } = await repo.lockSheetWithEntries(trx, sheetId);
    const decision = decideSave(
      {
        revision: sheet.revision,
        lastRequestId: sheet.last_request_id,
        submitted: sheet.submitted_at !== null,
      },
      request,
    );
    if (decision === 'duplicate')
      return {
        status: 'duplicate',
        revision: sheet.revision,
        savedAt: sheet.updated_at,
        submitted: sheet.submitted_at !== null,
      } as const;
    if (decision === 'locked') return { status: 'locked' } as const;
    if (decision === 'conflict')
      return { status: 'conflict', revision: sheet.revision, entries: current } as const;

    const changed = changedEntries(current, request.entries);
    const merged = { ...current, ...request.entries };
    const problems = request.submit ? submitProblems(content, merged, ctx.require_evidence) : [];
    const submitting = request.submit && problems.length === 0;
    const revision = Object.keys(changed).length > 0 || submitting ? sheet.revision + 1 : sheet.revision;
    const saved = await repo.saveEntries(
      trx,
      sheet,
      { revision, requestId: request.requestId, submitted: submitting },
      changed,
    );
    if (submitting) {
      await appendAudit(trx, {
        actor_id: actor.id,
        action: 'scoresheet.submitted',
        entity_type: 'member_sheet',
        entity_id: sheet.id,
        campaign_id: ctx.campaignId,
        after: {
          candidateId: ctx.candidateId,
          scores: Object.fromEntries(Object.entries(merged).map(([id, e]) => [id, e.score])),
        },
      });
    }
    if (problems.length) return { status: 'incomplete', ...refuse(...problems) } as const;
    return { status: 'saved', revision, savedAt: saved.updated_at, submitted: submitting } as const;
  });
}
