#!/usr/bin/env node
// npm run test:mutation: StrykerJS over the domain rules (stryker.config.json), then the threshold.
// Stryker runs with test/mutation/mocha-11.js loaded, which gives its mocha runner mocha 11 (see
// README, "Mutation testing"). Extra arguments go to `stryker run`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const hook = path.join(root, 'test', 'mutation', 'mocha-11.js');
const stryker = path.join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');

/** The share of mutants detected that server/domain must reach; other files are reported only. */
export const DOMAIN_THRESHOLD = 95;

const run = spawnSync(process.execPath, [stryker, 'run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${hook}`.trim() },
});
if (run.status !== 0) process.exit(run.status ?? 1);

const report = JSON.parse(readFileSync(path.join(root, 'reports', 'mutation', 'mutation.json'), 'utf8'));
const DETECTED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

const tally = (mutants) => {
  const counted = mutants.filter((m) => COUNTED.has(m.status));
  const detected = counted.filter((m) => DETECTED.has(m.status)).length;
  return {
    detected,
    counted: counted.length,
    score: counted.length ? (100 * detected) / counted.length : 100,
  };
};
const files = Object.entries(report.files)
  .map(([file, { mutants }]) => [
    path.relative(root, path.resolve(root, file)).split(path.sep).join('/'),
    mutants,
  ])
  .sort(([a], [b]) => a.localeCompare(b));
const domain = files.filter(([file]) => file.startsWith('server/domain/'));
const domainMutants = domain.flatMap(([, mutants]) => mutants);
const total = tally(domainMutants);

console.log('\nMutation score (killed or timed out, of all but ignored and errors):');
for (const [file, mutants] of files) {
  const t = tally(mutants);
  console.log(`  ${file.padEnd(40)} ${t.score.toFixed(2).padStart(6)} %  (${t.detected}/${t.counted})`);
}
console.log(
  `  ${'server/domain (threshold)'.padEnd(40)} ${total.score.toFixed(2).padStart(6)} %  (${total.detected}/${total.counted})`,
);

if (total.score < DOMAIN_THRESHOLD) {
  console.error(
    `\nserver/domain scores ${total.score.toFixed(2)} %, below the threshold of ${DOMAIN_THRESHOLD} %. Survivors:`,
  );
  for (const [file, mutants] of domain) {
    for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
      console.error(
        `  ${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}: ${m.replacement ?? ''}`,
      );
    }
  }
  process.exit(1);
}
