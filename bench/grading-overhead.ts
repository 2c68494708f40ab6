/**
 * Grading overhead on IC tasks, gold attempts. Per attempt, two baselines measured in the
 * same round, right after the attempt:
 *
 * - **by hand**: the same hidden tests run the way a developer runs them, with no harness
 *   (`hidden-tests-by-hand.ts`: build, serve, `playwright test`, same config and browser).
 *   overhead = (grading wall time − by-hand wall time) / by-hand wall time: what the harness
 *   adds to running the tests.
 * - **Playwright's clock**: the tests' own `stats.duration`, which leaves out the build, the
 *   app's start and loading the runner. overhead = (grading − duration) / duration.
 *
 * Grading wall time covers the fresh sandbox, applying the diff, the build, serving the app,
 * the test run and collecting the report.
 *
 *   node bench/grading-overhead.ts [rounds] [sandbox] [suite] [task id...]
 *   (default 3 rounds, local, the fixture suite test/fixtures/ic-app, all its IC tasks)
 */

import { mkdtemp } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createGoldAgent } from '../src/agent/gold.ts';
import { executeAttempt } from '../src/runner/lifecycle.ts';
import { openSandboxProvider } from '../src/sandbox/registry.ts';
import { loadNativeSuite } from '../src/task/native-suite.ts';
import type { IcTask } from '../src/task/types.ts';
import { silentLogger } from '../src/util/logger.ts';
import { runHiddenTestsByHand } from './hidden-tests-by-hand.ts';

const [roundsArg, sandboxArg, suiteArg, ...ids] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 3);
const suite = await loadNativeSuite(
  suiteArg ?? path.join(import.meta.dirname, '..', 'test', 'fixtures', 'ic-app'),
);
const tasks = suite.tasks.filter(
  (t): t is IcTask => t.kind === 'ic_swe' && (ids.length === 0 || ids.includes(t.id)),
);
const cacheDir = await mkdtemp(path.join(tmpdir(), 'swelancer-bench-'));
const sandboxes = await openSandboxProvider(sandboxArg ?? 'local');
const agent = createGoldAgent();
const loadAtStart = loadavg()[0] ?? 0;

interface Row {
  task: string;
  gradeMs: number;
  handMs: number;
  testMs: number;
}
const rows: Row[] = [];
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

for (let round = 0; round < rounds; round++) {
  for (const task of tasks) {
    const result = await executeAttempt({
      task,
      agent,
      plan: { key: `bench-${round}`, taskId: task.id, agentLabel: 'gold', attemptIndex: round },
      seed: round,
      signal: new AbortController().signal,
      logger: silentLogger,
      artifacts: { write: async (name: string) => name },
      context: { shuffleProposals: false, sandboxes: async () => sandboxes, cacheDir },
    });
    if (result.status !== 'passed') throw new Error(`${task.id}: ${result.explanation}`);
    const durations = (
      result.details as {
        durations: {
          gradeMs: number;
          testRuntimeMs: number;
          gradeStepsMs?: Record<string, number>;
        };
      }
    ).durations;
    const hand = await runHiddenTestsByHand(task, cacheDir);
    if (!hand.passed) throw new Error(`${task.id}: the hidden tests failed when run by hand`);
    const row = {
      task: task.id,
      gradeMs: durations.gradeMs,
      handMs: hand.wallMs,
      testMs: durations.testRuntimeMs,
    };
    rows.push(row);
    const steps = Object.entries(durations.gradeStepsMs ?? {})
      .map(([name, ms]) => `${name} ${ms}`)
      .join(', ');
    console.log(
      `${task.id.padEnd(34)} grade ${row.gradeMs} ms, by hand ${row.handMs} ms (+${percent((row.gradeMs - row.handMs) / row.handMs)}), Playwright ${row.testMs} ms (+${percent((row.gradeMs - row.testMs) / row.testMs)})  [${steps}]`,
    );
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const overHand = median(rows.map((r) => (r.gradeMs - r.handMs) / r.handMs));
const overClock = median(rows.map((r) => (r.gradeMs - r.testMs) / r.testMs));
console.log(
  `\n${rows.length} gold attempts; ${cpus().length} cores, load ${loadAtStart.toFixed(1)} → ${loadavg()[0]?.toFixed(1)}`,
);
console.log('| measure | median ms |\n|---|---:|');
console.log(`| grading (harness) | ${median(rows.map((r) => r.gradeMs))} |`);
console.log(`| hidden tests by hand (baseline) | ${median(rows.map((r) => r.handMs))} |`);
console.log(`| Playwright's stats.duration | ${median(rows.map((r) => r.testMs))} |`);
console.log(`\nmedian overhead over the by-hand run: ${percent(overHand)}`);
console.log(`median overhead over Playwright's own clock: ${percent(overClock)}`);
