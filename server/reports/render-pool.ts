import os from 'node:os';
import { Piscina } from 'piscina';
import type { RenderJob } from './render-worker.js';

// Under tsx the worker is TypeScript (workers inherit tsx's --import); in the build it is JavaScript.
const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const workerFile = new URL(`./render-worker.${extension}`, import.meta.url).href;

let pool: Piscina<RenderJob, Uint8Array> | undefined;

/**
 * PDFs are laid out in worker threads: one fewer than the cores (at least one), so the main
 * thread always has a core for requests. Threads start on first use and stop when idle.
 */
function renderers(): Piscina<RenderJob, Uint8Array> {
  pool ??= new Piscina<RenderJob, Uint8Array>({
    filename: workerFile,
    minThreads: 0,
    maxThreads: Math.max(1, Math.min(4, os.availableParallelism() - 1)),
    idleTimeout: 30_000,
  });
  return pool;
}

/** The PDF's bytes, laid out off the event loop. */
export async function renderPdf(job: RenderJob): Promise<Buffer> {
  const bytes = await renderers().run(job);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export async function closeRenderers(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.destroy();
}
