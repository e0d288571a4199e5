import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding views/, public/ and framework-data/: the repository root under tsx
 * (this file is server/paths.ts), and the folder above dist/ in the compiled build
 * (dist/server/paths.js). Never the working directory, so the app starts from anywhere.
 */
export const appRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  import.meta.url.endsWith('.js') ? '../..' : '..',
);

/** Whether this is the compiled build (node dist/server/index.js) rather than TypeScript under tsx. */
export const compiledBuild = import.meta.url.endsWith('.js');
