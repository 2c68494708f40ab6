/**
 * How long `report --format html --out` takes to write one page per attempt, on a run the
 * size of the review's fake-model run (113 manager tasks × 20 attempts = 2,260 attempts,
 * each with a trajectory.json of a few model calls and the task's four proposals), against
 * the baseline of reading every attempt's trajectory.json and writing it into the output folder: the least
 * any page writer that reads each attempt's evidence and writes one file per attempt does.
 *
 *   node bench/attempt-pages.ts [tasks] [attempts]
 *
 * Prints a Markdown table of milliseconds (median of 5) and ratios to the baseline.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderAttemptPage, writeAttemptPages } from '../src/report/attempt-page/index.ts';
import { openRunStore } from '../src/store/run-store.ts';
import type { AttemptResult, TaskRecord, TaskText } from '../src/store/types.ts';
import { attempt, planOf, writeRun } from '../test/report-helpers.ts';
import { medianMs } from './median-ms.ts';

const [tasksArg = '113', attemptsArg = '20'] = process.argv.slice(2);
const TASKS = Number(tasksArg);
const ATTEMPTS = Number(attemptsArg);
const REPEATS = 5;

function trajectory(taskId: string, chosen: number): string {
  const step = (index: number, text: string, output: string) => ({
    index,
    startedAt: '2026-12-06T10:00:00.000Z',
    latencyMs: 900,
    retries: 0,
    usage: { inputTokens: 3000, cachedInputTokens: 0, outputTokens: 120, reasoningTokens: 0 },
    costUsd: 0.0087,
    stopReason: 'tool_calls',
    assistant: {
      text,
      toolCalls: [
        { id: `c${index}`, name: 'select_proposal', arguments: `{"proposal_id":${chosen}}` },
      ],
    },
    toolResults: [
      { toolCallId: `c${index}`, name: 'select_proposal', output, isError: false, durationMs: 1 },
    ],
    notes: [],
  });
  return JSON.stringify({
    format: 'swelancer.trajectory/1',
    agentVersion: 'llm-agent/1',
    model: { label: 'openai:fake', provider: 'openai', modelId: 'fake', params: {} },
    taskId,
    taskKind: 'swe_manager',
    limits: {},
    tools: ['select_proposal'],
    prompt: [{ role: 'user', content: 'p'.repeat(8000) }],
    steps: [step(1, 'r'.repeat(1500), 'e'.repeat(300)), step(2, 'Proposal chosen.', 'ok')],
    outcome: { status: 'completed', reason: null, selectedProposalId: chosen },
  });
}

async function syntheticRun(dir: string): Promise<void> {
  const tasks: TaskRecord[] = Array.from({ length: TASKS }, (_, i) => ({
    id: `${1000 + i}-manager-0`,
    kind: 'swe_manager',
    title: `Synthetic manager task ${i}`,
    price: 1000 + 500 * (i % 8),
    categories: ['application_logic'],
    nature: 'bug_fix',
    tags: [],
    contentHash: `hash-${i}`,
  }));
  const texts: TaskText[] = tasks.map((task) => ({
    taskId: task.id,
    issue: `# ${task.title}\n\n${'Steps to reproduce. '.repeat(100)}`,
    proposals: [0, 1, 2, 3].map((id) => ({
      id,
      text: `Proposal ${id}: ${'fix it. '.repeat(250)}`,
    })),
  }));
  const results: AttemptResult[] = [];
  const files: Promise<void>[] = [];
  for (const task of tasks) {
    for (let k = 0; k < ATTEMPTS; k++) {
      const result = attempt(task, 'openai:fake', k, k % 4 === 0 ? 'passed' : 'failed');
      const path = `artifacts/${result.key.replace(/[^a-z0-9-]/gi, '_')}/trajectory.json`;
      mkdirSync(join(dir, path, '..'), { recursive: true });
      files.push(writeFile(join(dir, path), trajectory(task.id, 0)));
      result.artifacts = { 'trajectory.json': path };
      result.details = {
        presentedOrder: [0, 1, 2, 3],
        shuffled: false,
        selectedPresentedId: 0,
        selectedProposalId: 0,
        correctProposalId: k % 4,
      };
      results.push(result);
    }
  }
  await Promise.all(files);
  writeRun(dir, { tasks, plans: results.map(planOf), results }, 'bench-suite', texts);
}

function sizeOf(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

const dir = mkdtempSync(join(tmpdir(), 'swelancer-attempt-pages-bench-'));
try {
  const run = join(dir, 'run');
  mkdirSync(run);
  await syntheticRun(run);
  const store = openRunStore(run, { readonly: true });
  const results = store.results();
  store.close();
  const copies = join(dir, 'copies');
  const copyAll = () => {
    rmSync(copies, { recursive: true, force: true });
    mkdirSync(copies);
    for (const result of results) {
      const text = readFileSync(join(run, result.artifacts['trajectory.json'] as string));
      writeFileSync(join(copies, `${result.key}.json`), text);
    }
  };
  // Once before measuring: the first pass pays for the files just written reaching the disk.
  copyAll();
  const baseline = medianMs(copyAll, REPEATS);
  const out = join(dir, 'out');
  const writeAll = medianMs(() => {
    rmSync(out, { recursive: true, force: true });
    writeAttemptPages(run, join(out, 'report.html'));
  }, REPEATS);
  const key = results[Math.floor(results.length / 2)]?.key as string;
  const one = medianMs(() => renderAttemptPage(run, key, '../../run/'), REPEATS);
  const pages = join(out, 'attempts');
  const bytes = sizeOf(pages);
  process.stdout.write(
    `${results.length} attempts (${TASKS} manager tasks × ${ATTEMPTS}), Node ${process.versions.node}, median of ${REPEATS}\n\n`,
  );
  process.stdout.write('| step | ms | × baseline |\n|---|---:|---:|\n');
  for (const [name, ms] of [
    ['read every trajectory.json, write it to the output folder (baseline)', baseline],
    ['write every attempt page', writeAll],
    ['render one page on demand (open store, read, render)', one],
  ] as const) {
    process.stdout.write(`| ${name} | ${ms.toFixed(1)} | ${(ms / baseline).toFixed(2)} |\n`);
  }
  process.stdout.write(
    `\npages: ${readdirSync(pages).length}, ${(bytes / 1e6).toFixed(1)} MB, ${Math.round(bytes / results.length / 1000)} kB per page\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
