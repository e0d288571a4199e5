import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { HttpError } from '../../middleware/auth.js';
import { writeBlankScoresheet } from '../../reports/blank-scoresheet.js';
import { buildCampaignSummary } from '../../reports/campaign-summary.js';
import { buildCandidateOutcome } from '../../reports/candidate-outcome.js';
import { blankScoresheet, campaignSummary, candidateOutcome } from './service.js';

const outcomeQuery = z.object({ names: z.enum(['yes', 'no']).optional() });

export function reportsController(db: Kysely<Database>) {
  return {
    async outcome(req: Request, res: Response) {
      const query = outcomeQuery.safeParse(req.query);
      if (!query.success) throw new HttpError(400, 'Choose names=yes or names=no');
      const data = await candidateOutcome(db, req.user!, String(req.params.candidateId), {
        names: query.data.names === 'yes',
      });
      const report = buildCandidateOutcome(data);
      await sendPdf(
        req,
        res,
        `interview-outcome-${data.campaign.vacancyReference}-${data.reference}`,
        report.write,
      );
    },

    async summary(req: Request, res: Response) {
      const data = await campaignSummary(db, req.user!, String(req.params.campaignId));
      const report = buildCampaignSummary(data);
      await sendPdf(req, res, `campaign-summary-${data.campaign.vacancyReference}`, report.write);
    },

    async scoresheet(req: Request, res: Response) {
      const { content, version } = await blankScoresheet(
        db,
        req.user!,
        String(req.params.campaignId),
        String(req.params.version),
      );
      await sendPdf(
        req,
        res,
        `scoresheet-${content.campaign.vacancyReference}-version-${version.version}`,
        (out) => writeBlankScoresheet(content, version, out),
      );
    },
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

/**
 * Streams a PDF as a download. The reports are laid out before `write` streams anything, so an error
 * while building still reaches the error page: the PDF headers are taken back if nothing was sent.
 */
export async function sendPdf(
  req: Request,
  res: Response,
  name: string,
  write: (out: NodeJS.WritableStream) => Promise<void>,
): Promise<void> {
  res.status(200);
  res.attachment(safeFilename(name));
  res.type('application/pdf');
  // Personal data: not kept by browsers or proxies.
  res.set('Cache-Control', 'no-store');
  try {
    await write(res);
  } catch (err) {
    if (!res.headersSent) {
      res.removeHeader('Content-Disposition');
      res.removeHeader('Content-Type');
      res.removeHeader('Cache-Control');
      throw err;
    }
    // The download had started (the person may have cancelled it): nothing more to send.
    req.log.warn({ err }, 'PDF download ended early');
  }
}
