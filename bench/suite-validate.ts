// Gold validation of a whole suite with -j 2 against -j 1, and against the hidden tests' own
// run time: wall(-j 2) / (Σ per-task hidden-test time / 2). Near 1 means two workers spend
// their time in the tests; far above 1 means set-up, build and serve dominate.
// Usage: node bench/suite-validate.ts [suite] [--id <glob>]... [--kind <kind>]... [--repeat <n>]
//          [--no-warm-up] [--no-j1]
//   suite defaults to suites/expensely. A warm-up pass (not measured against the others)
//   fills the dependency, broken-state and test caches first, so both measured passes start
//   warm (--no-warm-up when a validation of the same tasks just filled the default cache).
//   --no-j1 leaves out the -j 1 pass. Each pass records into its own fresh run directory,
//   so nothing is resumed.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type SuiteValidation, validateSuite } from '../src/runner/validate-suite.ts';
import { openRunStore } from '../src/store/run-store.ts';
import { checkNativeSuite } from '../src/task/native-suite.ts';
import type { TaskKind } from '../src/task/types.ts';
import { createLogger } from '../src/util/logger.ts';

const project = path.resolve(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);
const ids: string[] = [];
const kinds: TaskKind[] = [];
let repeat = 1;
let warmUp = true;
let withJ1 = true;
let suiteDir = path.join(project, 'suites', 'expensely');
for (let i = 0; i < args.length; i++) {
  const arg = args[i] as string;
  if (arg === '--id') ids.push(args[++i] as string);
  else if (arg === '--kind') kinds.push(args[++i] as TaskKind);
  else if (arg === '--repeat') repeat = Number(args[++i]);
  else if (arg === '--no-warm-up') warmUp = false;
  else if (arg === '--no-j1') withJ1 = false;
  else suiteDir = path.resolve(arg);
}

// Tasks still being written may not load: measure the ones that do, and say which did not.
const check = await checkNativeSuite(suiteDir);
if (!check.suite) throw new Error(check.problems.map((p) => p.message).join('\n'));
const suite = check.suite;
if (check.problems.length > 0) {
  console.error(`${check.problems.length} problem(s) left some tasks out:`);
  for (const problem of check.problems.slice(0, 10)) console.error(`  ${problem.message}`);
}

const root = await mkdtemp(path.join(os.tmpdir(), 'swl-validate-bench-'));
const logger = createLogger({ stream: process.stderr, level: 'warn' });
const filters = { kinds, tags: [], ids, minPrice: undefined, maxPrice: undefined };

async function pass(name: string, concurrency: number): Promise<SuiteValidation> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const validation = await validateSuite(suite, {
    repeat,
    filters,
    checks: { noop: false },
    concurrency,
    runDir: path.join(root, name),
    cwd: root,
    command: ['bench', name],
    logger,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.error(
    `${name}: ${seconds} s, ${validation.totals.valid}/${validation.totals.tasks} valid`,
  );
  // A bench run is also a validation: say which tasks disagreed and why.
  for (const task of validation.tasks) {
    for (const problem of task.problems) console.error(`  ${task.id}: ${problem}`);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const harnessCpu = `the harness's own process: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU s`;
  breakdowns.push([
    name,
    `${breakdown(path.join(root, name), validation.wallMs, concurrency)}; ${harnessCpu}`,
  ]);
  return validation;
}

const breakdowns: [string, string][] = [];

/**
 * Where an attempt's time goes, from the recorded durations (medians over the pass's
 * attempts, ms), and how much of the workers' time fell outside any attempt.
 */
function breakdown(runDir: string, wallMs: number, workers: number): string {
  const store = openRunStore(runDir, { readonly: true });
  const rows = store.results().map((result) => {
    const d = (result.details as { durations?: Record<string, number | Record<string, number>> })
      .durations;
    const steps = (d?.gradeStepsMs ?? {}) as Record<string, number>;
    const n = (value: unknown) => (typeof value === 'number' ? value : 0);
    const tests = n(d?.testRuntimeMs);
    return {
      attempt: result.durationMs,
      tests,
      setup: n(d?.setupMs),
      agent: n(d?.agentMs),
      sandbox: n(steps.sandbox),
      beforeTests: n(steps.beforeTests),
      afterTests: n(steps.afterTests),
      outsideGrading: result.durationMs - n(d?.gradeMs),
      overhead: result.durationMs - tests,
    };
  });
  const median = (pick: (row: (typeof rows)[number]) => number) => {
    const sorted = rows.map(pick).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
  };
  const attemptsMs = rows.reduce((sum, row) => sum + row.attempt, 0);
  const idle = ((1 - attemptsMs / (wallMs * workers)) * 100).toFixed(1);
  return [
    `attempt ${median((r) => r.attempt)}`,
    `tests ${median((r) => r.tests)}`,
    `attempt − tests ${median((r) => r.overhead)}`,
    `setup ${median((r) => r.setup)}`,
    `agent ${median((r) => r.agent)}`,
    `outside grading ${median((r) => r.outsideGrading)}`,
    `grading sandbox wait ${median((r) => r.sandbox)}`,
    `before tests ${median((r) => r.beforeTests)}`,
    `after tests ${median((r) => r.afterTests)}`,
    `workers outside any attempt ${idle}%`,
  ].join(', ');
}

/** Σ over tasks of the median hidden-test run time of their gold attempts. */
function testSumMs(validation: SuiteValidation): number {
  return validation.tasks.reduce((sum, task) => sum + (task.testRuntimeMedianMs ?? 0), 0);
}

try {
  const warm = warmUp ? await pass('warm-up-j2', 2) : undefined;
  const j2 = await pass('j2', 2);
  const j1 = withJ1 ? await pass('j1', 1) : undefined;
  const rows = [
    ['warm-up (-j 2, cold caches)', warm],
    ['-j 2', j2],
    ['-j 1', j1],
  ].filter((row): row is [string, SuiteValidation] => row[1] !== undefined);
  console.log(
    `suite ${suite.name}: ${j2.totals.tasks} tasks, gold only, ${repeat} attempt(s) each`,
  );
  console.log('| pass | wall s | Σ hidden-test s | wall / (Σ tests / workers) | valid |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [label, v] of rows) {
    const workers = label.includes('-j 1') ? 1 : 2;
    const sum = testSumMs(v);
    const ratio = sum > 0 ? (v.wallMs / (sum / workers)).toFixed(2) : '-';
    console.log(
      `| ${label} | ${(v.wallMs / 1000).toFixed(1)} | ${(sum / 1000).toFixed(1)} | ${ratio} | ${v.totals.valid}/${v.totals.tasks} |`,
    );
  }
  if (j1) console.log(`speed-up -j 2 over -j 1: ${(j1.wallMs / j2.wallMs).toFixed(2)}x`);
  console.log('per attempt, medians in ms:');
  for (const [name, text] of breakdowns) console.log(`- ${name}: ${text}`);
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
