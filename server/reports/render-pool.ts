import os from 'node:os';
import { Piscina } from 'piscina';
import type { CampaignFairness, PackedFairnessInputs } from '../features/fairness/figures.js';
import type { FairnessJob, RenderJob } from './render-worker.js';

// Under tsx the worker is TypeScript (workers inherit tsx's --import); in the build it is JavaScript.
const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const workerFile = new URL(`./render-worker.${extension}`, import.meta.url).href;

let pool: Piscina<RenderJob | FairnessJob, Uint8Array | CampaignFairness> | undefined;

/**
 * PDFs are laid out (and a large campaign's figures worked out) in worker threads: one fewer than the cores (at least one), so the main
 * thread always has a core for requests. Threads start on first use and stop when idle.
 */
function renderers() {
  pool ??= new Piscina<RenderJob | FairnessJob, Uint8Array | CampaignFairness>({
    filename: workerFile,
    minThreads: 0,
    maxThreads: Math.max(1, Math.min(4, os.availableParallelism() - 1)),
    idleTimeout: 30_000,
  });
  return pool;
}

/** The PDF's bytes, laid out off the event loop. */
export async function renderPdf(job: RenderJob): Promise<Buffer> {
  const bytes = (await renderers().run(job)) as Uint8Array;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A large campaign's fairness figures, worked out off the event loop by the same threads. */
export async function workOutFairness(inputs: PackedFairnessInputs, viewerId: string) {
  const job: FairnessJob = { inputs, viewerId };
  return (await renderers().run(job, { name: 'fairness' })) as CampaignFairness;
}

export async function closeRenderers(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.destroy();
}
