/**
 * How long `swelancer report` takes on a run the size of the full SWE-Lancer set
 * (1,488 tasks) × 3 agents × 3 attempts, against the baseline of reading that run's rows
 * from its SQLite store (which every report must do anyway).
 *
 *   node bench/report-bench.ts [tasks] [agents] [attempts]
 *
 * Prints a Markdown table of milliseconds (median of 5) and ratios to the baseline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRunReport } from '../src/metrics/run-report.ts';
import type { MetricsInput } from '../src/metrics/types.ts';
import { REPORT_FORMATS, renderReport } from '../src/report/index.ts';
import { openRunStore } from '../src/store/run-store.ts';
import type { AttemptResult, AttemptStatus, TaskRecord } from '../src/store/types.ts';
import { CATEGORIES, NATURES } from '../src/task/types.ts';
import { createPrng } from '../src/util/prng.ts';
import { attempt, planOf, writeRun } from '../test/report-helpers.ts';
import { medianMs } from './median-ms.ts';

const [tasksArg = '1488', agentsArg = '3', attemptsArg = '3'] = process.argv.slice(2);
const TASKS = Number(tasksArg);
const AGENTS = Number(agentsArg);
const ATTEMPTS = Number(attemptsArg);
const REPEATS = 5;

function syntheticRun(): MetricsInput {
  const random = createPrng(2025);
  const prices = [250, 500, 1000, 2000, 4000, 8000, 16_000, 32_000];
  const tasks: TaskRecord[] = Array.from({ length: TASKS }, (_, i) => ({
    id: `task-${i}`,
    kind: i % 2 === 0 ? 'ic_swe' : 'swe_manager',
    title: `Synthetic task ${i}`,
    price: prices[i % prices.length] as number,
    categories: [CATEGORIES[i % CATEGORIES.length] as (typeof CATEGORIES)[number]],
    nature: NATURES[i % NATURES.length],
    tags: i % 5 === 0 ? ['diamond'] : [],
    contentHash: `hash-${i}`,
  }));
  const results: AttemptResult[] = [];
  for (let a = 0; a < AGENTS; a++) {
    for (const task of tasks) {
      for (let k = 0; k < ATTEMPTS; k++) {
        const roll = random();
        const status: AttemptStatus =
          roll < 0.02 ? 'infra_error' : roll < 0.2 + a * 0.15 ? 'passed' : 'failed';
        results.push(
          attempt(task, `agent-${a}`, k, status, { costUsd: random() * 2, model: `model-${a}` }),
        );
      }
    }
  }
  return { tasks, plans: results.map(planOf), results };
}

function median(run: () => void): number {
  return medianMs(run, REPEATS);
}

const dir = mkdtempSync(join(tmpdir(), 'swelancer-report-bench-'));
try {
  writeRun(join(dir, 'run'), syntheticRun());
  let input: MetricsInput = { tasks: [], plans: [], results: [] };
  const baseline = median(() => {
    const store = openRunStore(join(dir, 'run'), { readonly: true });
    input = { tasks: store.tasks(), plans: store.plans(), results: store.results() };
    store.close();
  });
  const rows: [string, number][] = [['read the run store (baseline)', baseline]];
  let report = buildRunReport(input);
  rows.push(['build RunReport (1,000 resamples)', median(() => (report = buildRunReport(input)))]);
  // HTML draws its charts asynchronously: bench/report-index.ts measures it, in a browser too.
  for (const format of REPORT_FORMATS.filter((f) => f !== 'html')) {
    rows.push([`render ${format}`, median(() => renderReport(report, format))]);
  }
  const size = `${TASKS} tasks × ${AGENTS} agents × ${ATTEMPTS} attempts = ${input.results.length} results`;
  process.stdout.write(`${size}, Node ${process.versions.node}, median of ${REPEATS}\n\n`);
  process.stdout.write('| step | ms | × baseline |\n|---|---:|---:|\n');
  for (const [name, ms] of rows) {
    process.stdout.write(`| ${name} | ${ms.toFixed(1)} | ${(ms / baseline).toFixed(2)} |\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
