/**
 * What checking a run store at open costs: `PRAGMA quick_check` on every page, against
 * opening it without the check and against reading every result back (what a report does).
 * `run` checks the store once when it looks at the run directory and once more when it
 * opens it for writing (`--resume` once more, when it reads the recorded plan).
 *
 *   node bench/store-check.ts [results] [detail bytes per result]
 *
 * Prints a Markdown table of milliseconds (median of 7) and ratios to reading the results.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectRunStore, openRunStore } from '../src/store/run-store.ts';
import { DB_FILE } from '../src/store/schema.ts';
import { attempt, planOf, task, writeRun } from '../test/report-helpers.ts';
import { medianMs } from './median-ms.ts';

const [resultsArg = '3000', detailArg = '1500'] = process.argv.slice(2);
const RESULTS = Number(resultsArg);
const DETAIL = Number(detailArg);
const REPEATS = 7;

function median(run: () => void): number {
  return medianMs(run, REPEATS);
}

const dir = mkdtempSync(join(tmpdir(), 'swelancer-store-check-'));
try {
  const run = join(dir, 'run');
  const tasks = Array.from({ length: RESULTS }, (_, i) => task(`task-${i}`, 1000));
  // Explanations and details the size of an IC attempt's (test names, log tails).
  const results = tasks.map((t, i) =>
    attempt(t, 'agent', 0, i % 3 === 0 ? 'passed' : 'failed', {
      explanation: 'e'.repeat(200),
      details: { log: 'd'.repeat(DETAIL) },
    }),
  );
  writeRun(run, { tasks, plans: results.map(planOf), results });

  const rows: [string, number][] = [];
  const read = median(() => {
    const store = openRunStore(run, { readonly: true });
    store.results();
    store.close();
  });
  rows.push(['read every result (baseline)', read]);
  rows.push([
    'open read-only, no check',
    median(() => openRunStore(run, { readonly: true }).close()),
  ]);
  rows.push([
    'open read-only with quick_check',
    median(() => openRunStore(run, { readonly: true, verify: true }).close()),
  ]);
  rows.push(['inspectRunStore (quick_check + manifest)', median(() => inspectRunStore(run))]);
  rows.push(['open for writing (lock + quick_check)', median(() => openRunStore(run).close())]);

  const mb = statSync(join(run, DB_FILE)).size / 1e6;
  process.stdout.write(
    `${RESULTS} results, ${mb.toFixed(1)} MB store, Node ${process.versions.node}, median of ${REPEATS}\n\n`,
  );
  process.stdout.write('| step | ms | × baseline |\n|---|---:|---:|\n');
  for (const [name, ms] of rows) {
    process.stdout.write(`| ${name} | ${ms.toFixed(1)} | ${(ms / read).toFixed(2)} |\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
