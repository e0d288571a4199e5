import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { isUuid } from '../../domain/ids.js';
import type { Logger } from '../../logger.js';
import { forbidden, notFound } from '../../errors.js';
import { renderPdf } from '../../reports/render-pool.js';
import { ownedCampaign } from '../campaigns/service.js';
import * as repo from './prepared-repository.js';
import { loadSummaryInputs } from './service.js';
import { packSummaryInputs } from './summary.js';

type Db = Kysely<Database>;
type Actor = Express.User;

/**
 * A campaign summary grows with the campaign: up to this many candidates it is laid out while the
 * owner waits (a few seconds at most, in a worker thread); beyond, it is prepared off the request
 * path and offered for download when ready.
 */
export const DIRECT_SUMMARY_LIMIT = 500;
/** A prepared file holds personal data: it is deleted this long after it was asked for. */
export const KEPT_FOR_MS = 60 * 60 * 1000;
/** A preparation that has not finished by now was lost (an instance restarted): start again. */
export const GIVEN_UP_AFTER_MS = 10 * 60 * 1000;

export type PreparedState = {
  id: string;
  status: 'preparing' | 'ready' | 'failed';
  requestedAt: Date;
  finishedAt: Date | null;
};

/** Whether the owner's summary comes straight away or is prepared (owners only: 404 or 403). */
export async function summaryIsPrepared(db: Db, actor: Actor, campaignId: string): Promise<boolean> {
  const campaign = await ownedCampaign(db, actor, campaignId);
  return (await repo.candidateCount(db, campaign.id)).n > DIRECT_SUMMARY_LIMIT;
}

/**
 * The owner's summary being prepared, or ready: a request joins the one under way, or starts one
 * when there is none (or `again` is asked for, or the last one failed or was lost).
 */
export async function prepareSummary(
  db: Db,
  actor: Actor,
  campaignId: string,
  options: { again?: boolean; logger: Logger; now?: Date },
): Promise<PreparedState> {
  const campaign = await ownedCampaign(db, actor, campaignId);
  const now = options.now ?? new Date();
  await repo.deleteRequestedBefore(db, new Date(now.getTime() - KEPT_FOR_MS));
  const latest = await repo.latestRequest(db, campaign.id, actor.id, 'campaign-summary');
  if (latest && stillGood(latest, now, options.again ?? false)) return stateOf(latest);
  if (latest?.status === 'preparing') await repo.markFailed(db, latest.id);
  const started = await repo.insertRequest(db, campaign.id, actor.id, 'campaign-summary');
  if (!started) {
    const joined = await repo.latestRequest(db, campaign.id, actor.id, 'campaign-summary');
    return stateOf(joined!);
  }
  void produce(db, actor, started.id, campaign.id, options.logger);
  return stateOf(started);
}

function stillGood(request: { status: string; requested_at: Date }, now: Date, again: boolean): boolean {
  if (request.status === 'preparing')
    return now.getTime() - request.requested_at.getTime() < GIVEN_UP_AFTER_MS;
  return request.status === 'ready' && !again;
}

async function produce(db: Db, actor: Actor, id: string, campaignId: string, logger: Logger) {
  const started = performance.now();
  try {
    const inputs = await loadSummaryInputs(db, actor, campaignId);
    const pdf = await renderPdf({ kind: 'campaign-summary', inputs: await packSummaryInputs(inputs) });
    await repo.markReady(db, id, `campaign-summary-${inputs.campaign.vacancy_reference}`, pdf);
    logger.info(
      { preparedReport: id, bytes: pdf.length, ms: Math.round(performance.now() - started) },
      'campaign summary prepared',
    );
  } catch (err) {
    logger.error({ err, preparedReport: id }, 'campaign summary could not be prepared');
    await repo.markFailed(db, id).catch(() => {});
  }
}

/** A ready file, for the person who asked for it while they still own the campaign. */
export async function preparedDownload(db: Db, actor: Actor, id: string) {
  const report = isUuid(id) ? await repo.readyReport(db, id) : undefined;
  if (!report?.content) throw notFound();
  if (report.requested_by !== actor.id)
    throw forbidden('Only the person who asked for this file can download it');
  await ownedCampaign(db, actor, report.campaign_id);
  return { fileName: report.file_name ?? 'campaign-summary', content: report.content };
}

function stateOf(row: {
  id: string;
  status: PreparedState['status'];
  requested_at: Date;
  finished_at: Date | null;
}): PreparedState {
  return { id: row.id, status: row.status, requestedAt: row.requested_at, finishedAt: row.finished_at };
}
