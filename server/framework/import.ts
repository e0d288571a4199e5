/** CLI: npm run framework:import -- <roles.csv> <skills.csv> [grades.tsv] --edition YYYY-MM [--out framework-data] */
import { runImport } from './import-run.js';

process.exitCode = await runImport(process.argv.slice(2), {
  log: (line) => console.log(line),
  error: (line) => console.error(line),
  today: () => new Date().toISOString().slice(0, 10),
});
