/**
 * Lays out and writes a PDF in a worker thread, so that a long report (a campaign summary of
 * thousands of candidates takes seconds) never stalls the event loop that serves everyone else.
 * The main thread gathers the data from the database; only plain data crosses to the worker, and
 * a campaign summary is worked out here too, from its inputs.
 */
import { Writable } from 'node:stream';
import { Piscina } from 'piscina';
import type { PublishedScoresheet } from '../domain/published-scoresheet.js';
import { writeBlankScoresheet, type PublishedVersion } from './blank-scoresheet.js';
import {
  fairnessFrom,
  unpackFairnessInputs,
  type CampaignFairness,
  type PackedFairnessInputs,
} from '../features/fairness/figures.js';
import { summarise, unpackSummaryInputs, type PackedSummaryInputs } from '../features/reports/summary.js';
import { buildCampaignSummary } from './campaign-summary.js';
import { buildCandidateOutcome, type CandidateOutcome } from './candidate-outcome.js';

export type RenderJob =
  | { kind: 'campaign-summary'; inputs: PackedSummaryInputs }
  | { kind: 'candidate-outcome'; data: CandidateOutcome }
  | { kind: 'blank-scoresheet'; content: PublishedScoresheet; version: PublishedVersion };

export default async function render(job: RenderJob) {
  const bytes = await collect((out) => write(job, out));
  return Piscina.move(bytes);
}

export type FairnessJob = { inputs: PackedFairnessInputs; viewerId: string };

/** A large campaign's fairness figures, worked out here (a named task: `run(job, { name: 'fairness' })`). */
export function fairness(job: FairnessJob): CampaignFairness {
  return fairnessFrom(unpackFairnessInputs(job.inputs), job.viewerId);
}

function write(job: RenderJob, out: NodeJS.WritableStream): Promise<void> {
  switch (job.kind) {
    case 'campaign-summary':
      return buildCampaignSummary(summarise(unpackSummaryInputs(job.inputs))).write(out);
    case 'candidate-outcome':
      return buildCandidateOutcome(job.data).write(out);
    case 'blank-scoresheet':
      return writeBlankScoresheet(job.content, job.version, out);
  }
}

async function collect(write: (out: NodeJS.WritableStream) => Promise<void>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await write(out);
  const whole = Buffer.concat(chunks);
  // A buffer of its own (not a slice of Node's shared pool), so it can be moved, not copied.
  return new Uint8Array(whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.byteLength));
}
