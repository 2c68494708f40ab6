/**
 * Grading overhead on the fixture IC tasks: for each gold attempt, (grading wall time − the
 * hidden tests' own run time per Playwright's JSON report) / the tests' run time. Grading wall
 * time covers the fresh sandbox, applying the diff, the build, serving the app, the test run
 * and collecting the report. Prints the per-attempt numbers and the median.
 *
 *   node bench/grading-overhead.ts [rounds] [sandbox]   (default 3 rounds × 3 tasks, local)
 */

import { mkdtemp } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createGoldAgent } from '../src/agent/gold.ts';
import { runIcAttempt } from '../src/runner/execute-ic.ts';
import { openSandboxProvider } from '../src/sandbox/registry.ts';
import { loadNativeSuite } from '../src/task/native-suite.ts';
import type { IcTask } from '../src/task/types.ts';
import { silentLogger } from '../src/util/logger.ts';

const rounds = Number(process.argv[2] ?? 3);
const suite = await loadNativeSuite(
  path.join(import.meta.dirname, '..', 'test', 'fixtures', 'ic-app'),
);
const tasks = suite.tasks.filter((t): t is IcTask => t.kind === 'ic_swe');
const cacheDir = await mkdtemp(path.join(tmpdir(), 'swelancer-bench-'));
const sandboxes = await openSandboxProvider(process.argv[3] ?? 'local');
const agent = createGoldAgent();

const rows: { task: string; gradeMs: number; testMs: number; overhead: number }[] = [];
for (let round = 0; round < rounds; round++) {
  for (const task of tasks) {
    const result = await runIcAttempt(
      {
        task,
        agent,
        plan: { key: `bench-${round}`, taskId: task.id, agentLabel: 'gold', attemptIndex: round },
        seed: round,
        signal: new AbortController().signal,
        logger: silentLogger,
        artifacts: { write: async (name) => name },
        options: { shuffleProposals: false },
      },
      { sandboxes, cacheDir },
    );
    const durations = (
      result.details as {
        durations: {
          gradeMs: number;
          testRuntimeMs: number;
          gradeStepsMs?: Record<string, number>;
        };
      }
    ).durations;
    if (result.status !== 'passed') throw new Error(`${task.id}: ${result.explanation}`);
    const overhead = (durations.gradeMs - durations.testRuntimeMs) / durations.testRuntimeMs;
    rows.push({
      task: task.id,
      gradeMs: durations.gradeMs,
      testMs: durations.testRuntimeMs,
      overhead,
    });
    const steps = Object.entries(durations.gradeStepsMs ?? {})
      .map(([name, ms]) => `${name} ${ms}`)
      .join(', ');
    console.log(
      `${task.id.padEnd(26)} grade ${String(durations.gradeMs).padStart(6)} ms  tests ${String(durations.testRuntimeMs).padStart(6)} ms  overhead ${(overhead * 100).toFixed(1)}%  (${steps})`,
    );
  }
}
const sorted = rows.map((r) => r.overhead).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
const medianGrade = rows.map((r) => r.gradeMs).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
const medianTest = rows.map((r) => r.testMs).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
console.log(
  `\nmedian overhead ${(median * 100).toFixed(1)}% (grade ${medianGrade} ms, tests ${medianTest} ms) over ${rows.length} gold attempts; ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}`,
);
