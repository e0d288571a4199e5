/**
 * The campaign summary report, for the campaign's owners: campaign facts, counts by outcome, the merit
 * list, the comparison table (candidates × criteria, its header repeated on every page), agreed scores by
 * criterion, panel composition, and the sources. Built for a thousand candidates: one table row per
 * candidate, short cells that rarely wrap, criteria shown by code (C1, C2 …) with a key.
 *
 * Each section is written by its own function: campaign-summary-overview.ts (facts, counts),
 * campaign-summary-merit.ts, campaign-summary-comparison.ts and campaign-summary-panels.ts (panels,
 * calibration); the sources come from candidate-outcome.ts.
 */
import type { PublishedScoresheet } from '../domain/published-scoresheet.js';
import { londonDateTime } from '../format.js';
import { writeComparison } from './campaign-summary-comparison.js';
import { writeMeritList } from './campaign-summary-merit.js';
import { writeCounts, writeFacts } from './campaign-summary-overview.js';
import { writeCalibration, writePanels } from './campaign-summary-panels.js';
import { writeSources, type BuiltReport, type Outcome } from './candidate-outcome.js';
import { createReport } from './pdf.js';

export { CRITERIA_PER_TABLE } from './campaign-summary-comparison.js';

export type SummaryList = {
  /** Null only before any scoresheet is published. */
  version: number | null;
  passRule: PublishedScoresheet['passRule'] | null;
  overallPassMark: number | null;
  criteria: Array<{ id: string; title: string; weight: number; passMark: number; lead: boolean }>;
  merit: Array<{
    rank: number;
    tied: boolean;
    reference: string;
    /** Null once erased. */
    name: string | null;
    weightedTotal: number;
    leadScore: number;
    outcome: Outcome;
    reserveUntil: Date | null;
    offer: OfferStatus | null;
  }>;
  /** Every candidate of this version, in merit order then by reference; scores in the order of `criteria`. */
  rows: Array<{
    reference: string;
    name: string | null;
    panel: string | null;
    status: SummaryStatus;
    scores: Array<number | null>;
    weightedTotal: number | null;
    passed: boolean | null;
    outcome: Outcome | null;
  }>;
};

export type SummaryStatus = 'withdrawn' | 'not-moderated' | 'in-moderation' | 'finalised';
export type OfferStatus = 'offered' | 'accepted' | 'declined';

export type CampaignSummary = {
  campaign: {
    title: string;
    vacancyReference: string;
    grade: string;
    anonymised: boolean;
    closedAt: Date | null;
  };
  /** The latest published scoresheet, or null when none has been published. */
  sheet: PublishedScoresheet | null;
  scoresheet: { version: number; contentHash: string } | null;
  owners: string[];
  counts: {
    candidates: number;
    appointable: number;
    reserve: number;
    notAppointable: number;
    notDecided: number;
    withdrawn: number;
  };
  /**
   * One list per scoresheet version the candidates are scored against, oldest first, each with its own
   * criteria, rules, merit list and comparison rows. Lists are never ranked against each other.
   */
  lists: SummaryList[];
  /** Said plainly when candidates were moderated against different versions; otherwise null. */
  mixedNotice: string | null;
  panels: Array<{
    name: string;
    candidates: number;
    members: Array<{ name: string; role: string }>;
  }>;
  /** Panel calibration: members' leniency or severity, disagreement, ICC(2,1) per criterion. */
  calibration: Array<{
    panel: string;
    members: Array<{
      name: string;
      role: string;
      count: number;
      mean: number | null;
      difference: number | null;
      flag: 'lenient' | 'severe' | null;
    }>;
    disagreement: { compared: number; disagreed: number; share: number | null };
    agreement: Array<{ title: string; n: number; k: number; icc: number | null; enough: boolean }>;
  }>;
  generatedAt: Date;
};

export function summaryTitle(campaignTitle: string): string {
  return `Campaign summary: ${campaignTitle}`;
}

export function buildCampaignSummary(data: CampaignSummary): BuiltReport {
  const { campaign } = data;
  const title = summaryTitle(campaign.title);
  const report = createReport({
    title,
    subject: `Merit list, comparison of candidates and panels for ${campaign.title} (${campaign.vacancyReference})`,
  });
  writeFacts(report, data, title);
  writeCounts(report, data.counts);
  if (data.mixedNotice) report.paragraph(data.mixedNotice);
  writeMeritList(report, data.lists);
  writeComparison(report, data.lists);
  writePanels(report, data.panels);
  writeCalibration(report, data.calibration);
  writeSources(report, data.sheet?.editions ?? [], data.scoresheet);
  return {
    title,
    write: (out) =>
      report.finish(out, {
        footer: `${campaign.vacancyReference} · campaign summary · generated ${londonDateTime(data.generatedAt)}`,
      }),
  };
}

export function writeCampaignSummary(data: CampaignSummary, out: NodeJS.WritableStream): Promise<void> {
  return buildCampaignSummary(data).write(out);
}
