import type { Response } from 'express';
import type { SignedInRequest } from '../../middleware/auth.js';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { HttpError } from '../../errors.js';
import { renderPdf } from '../../reports/render-pool.js';
import { formatLondonDate, formatLondonTime } from '../../domain/panels.js';
import { ownedCampaign } from '../campaigns/service.js';
import { prepareSummary, preparedDownload, summaryIsPrepared, type PreparedState } from './prepared.js';
import { blankScoresheet, candidateOutcome, loadSummaryInputs } from './service.js';
import { packSummaryInputs } from './summary.js';

/** How often the "being prepared" page checks again, without JavaScript (a Refresh header). */
const REFRESH_SECONDS = 5;

const outcomeQuery = z.object({ names: z.enum(['yes', 'no']).optional() });

export function reportsController(db: Kysely<Database>) {
  return {
    async outcome(req: SignedInRequest, res: Response) {
      const query = outcomeQuery.safeParse(req.query);
      if (!query.success) throw new HttpError(400, 'Choose names=yes or names=no');
      const data = await candidateOutcome(db, req.user, String(req.params.candidateId), {
        names: query.data.names === 'yes',
      });
      const pdf = await renderPdf({ kind: 'candidate-outcome', data });
      sendPdf(res, `interview-outcome-${data.campaign.vacancyReference}-${data.reference}`, pdf);
    },

    async summary(req: SignedInRequest, res: Response) {
      const campaignId = String(req.params.campaignId);
      if (await summaryIsPrepared(db, req.user, campaignId)) {
        res.redirect(303, `/reports/campaigns/${campaignId}/summary`);
        return;
      }
      const inputs = await loadSummaryInputs(db, req.user, campaignId);
      const pdf = await renderPdf({ kind: 'campaign-summary', inputs: await packSummaryInputs(inputs) });
      sendPdf(res, `campaign-summary-${inputs.campaign.vacancy_reference}`, pdf);
    },

    /** The summary of a large campaign: being prepared, ready to download, or failed. */
    async preparing(req: SignedInRequest, res: Response) {
      const campaign = await ownedCampaign(db, req.user, String(req.params.campaignId));
      const state = await prepareSummary(db, req.user, campaign.id, { logger: req.log });
      if (state.status === 'preparing') res.set('Refresh', String(REFRESH_SECONDS));
      res.set('Cache-Control', 'no-store');
      res.render('pages/reports/summary-prepared', {
        pageTitle: TITLES[state.status],
        campaign,
        state: present(state),
        refreshSeconds: REFRESH_SECONDS,
      });
    },

    async prepareAgain(req: SignedInRequest, res: Response) {
      const campaignId = String(req.params.campaignId);
      await prepareSummary(db, req.user, campaignId, { logger: req.log, again: true });
      res.redirect(303, `/reports/campaigns/${campaignId}/summary`);
    },

    async prepared(req: SignedInRequest, res: Response) {
      const file = await preparedDownload(db, req.user, String(req.params.reportId));
      sendPdf(res, file.fileName, file.content);
    },

    async scoresheet(req: SignedInRequest, res: Response) {
      const { content, version } = await blankScoresheet(
        db,
        req.user,
        String(req.params.campaignId),
        String(req.params.version),
      );
      const pdf = await renderPdf({ kind: 'blank-scoresheet', content, version });
      sendPdf(res, `scoresheet-${content.campaign.vacancyReference}-version-${version.version}`, pdf);
    },
  };
}

const TITLES: Record<PreparedState['status'], string> = {
  preparing: 'Your campaign summary is being prepared',
  ready: 'Your campaign summary is ready',
  failed: 'Your campaign summary could not be prepared',
};

function present(state: PreparedState) {
  const at = (d: Date) => `${formatLondonTime(d)} on ${formatLondonDate(d)}`;
  return {
    ...state,
    requested: at(state.requestedAt),
    finished: state.finishedAt ? at(state.finishedAt) : null,
    href: `/reports/prepared/${state.id}.pdf`,
  };
}

/** A file name that is safe in a header and on any file system: letters, digits, hyphens, underscores. */
export function safeFilename(name: string): string {
  const base = name
    .normalize('NFKD')
    // Accents come apart from their letters in NFKD: drop them, so Siân becomes Sian.
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 120);
  return `${base || 'report'}.pdf`;
}

/** Sends a PDF, laid out in full before anything is sent, so a failure still reaches the error page. */
export function sendPdf(res: Response, name: string, pdf: Buffer): void {
  res.status(200);
  res.attachment(safeFilename(name));
  res.type('application/pdf');
  // Personal data: not kept by browsers or proxies.
  res.set('Cache-Control', 'no-store');
  res.send(pdf);
}
