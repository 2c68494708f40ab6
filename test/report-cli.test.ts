/**
 * End to end: a real run directory written through the run store, read back by the real
 * CLI (`node bin/swelancer.js report …`) in every format.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/metrics/types.ts';
import { DB_FILE } from '../src/store/schema.ts';
import { attempt, planOf, runOf, task, writeRun } from './report-helpers.ts';
import { inProcessCli } from './support/in-process-cli.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'swelancer.js');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');

let work: string;
let runDir: string;
let baselineDir: string;

function inProcess(...args: string[]) {
  return inProcessCli(work, args);
}

function swelancer(...args: string[]) {
  return execa(NODE, [BIN, ...args], { cwd: work, reject: false, env: { NO_COLOR: '' } });
}

const tasks = [
  task('ic-1', 1000, { title: 'Fix the delete button | rows', tags: ['diamond'] }),
  task('ic-2', 2500, { categories: ['ui_ux'], nature: 'new_feature' }),
  task('mgr-1', 500, { kind: 'swe_manager', categories: ['server_side_logic'] }),
  task('mgr-2', 16_000, { kind: 'swe_manager', nature: 'maintenance' }),
  task('flaky', 800, { tags: ['quarantined'] }),
];
const TOTAL = 1000 + 2500 + 500 + 16_000; // the quarantined task is excluded

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'swelancer-report-'));
  runDir = join(work, 'runs', 'main');
  baselineDir = join(work, 'runs', 'before');
  const [ic1, ic2, mgr1, mgr2, flaky] = tasks as [
    (typeof tasks)[0],
    (typeof tasks)[0],
    (typeof tasks)[0],
    (typeof tasks)[0],
    (typeof tasks)[0],
  ];
  const results = [
    ...tasks.map((t) => attempt(t, 'gold', 0, 'passed')),
    ...tasks.map((t) => attempt(t, 'noop', 0, 'failed')),
    attempt(ic1, 'llm', 0, 'passed', { model: 'gpt-test', costUsd: 0.4 }),
    attempt(ic2, 'llm', 0, 'failed', { model: 'gpt-test', costUsd: 0.6, partialCredit: 0.5 }),
    attempt(mgr1, 'llm', 0, 'passed', { model: 'gpt-test', costUsd: 0.1 }),
    attempt(mgr2, 'llm', 0, 'infra_error', { model: 'gpt-test', costUsd: 0 }),
    attempt(flaky, 'llm', 0, 'passed', { model: 'gpt-test', costUsd: 0.2 }),
  ];
  writeRun(runDir, runOf(tasks, results));
  // An earlier run of the llm agent, one task fewer passed.
  const before = [
    attempt(ic1, 'llm', 0, 'failed', { model: 'gpt-test' }),
    attempt(ic2, 'llm', 0, 'failed', { model: 'gpt-test' }),
    attempt(mgr1, 'llm', 0, 'passed', { model: 'gpt-test' }),
  ];
  const run = runOf(tasks.slice(0, 3), before);
  run.plans.push(planOf(attempt(mgr2, 'llm', 0, 'failed'))); // planned, never finished
  writeRun(baselineDir, { ...run, tasks: [...tasks.slice(0, 3), mgr2] }, 'fixture-suite');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('swelancer report', () => {
  it('--json prints only the RunReport on stdout', async () => {
    const { exitCode, stdout } = await swelancer('report', runDir, '--json', '--seed', '7');
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout) as RunReport;
    expect(report.schemaVersion).toBe(1);
    expect(report.agents.map((a) => a.agent)).toEqual(['gold', 'noop', 'llm']);
    const [gold, noop, llm] = report.agents;
    expect(gold?.summary).toMatchObject({ earnedUsd: TOTAL, availableUsd: TOTAL, earnRate: 1 });
    expect(noop?.summary).toMatchObject({ earnedUsd: 0, availableUsd: TOTAL, pass1: 0 });
    // llm: the $16,000 infra error is not scored; the flaky task is quarantined.
    expect(llm?.summary).toMatchObject({ tasks: 3, earnedUsd: 1500, availableUsd: 4000 });
    expect(llm?.infra).toMatchObject({ attempts: 1, usd: 16_000, tasksUnscored: 1 });
    expect(llm?.quarantine).toEqual({ tasks: 1, usd: 800, attempts: 1 });
    expect(llm?.cost.spentUsd).toBeCloseTo(1.3, 9);
    expect(llm?.partialCredit).toBe(0.5);
    expect(report.run.manifest).toMatchObject({ suite: { name: 'fixture-suite' } });
    expect(report.options.seed).toBe(7);
    const again = await swelancer('report', runDir, '--format', 'json', '--seed', '7');
    expect(JSON.parse(again.stdout)).toEqual(report);
  });

  it('prints the headline first in the terminal, without colour when piped', async () => {
    const { exitCode, stdout } = await swelancer('report', runDir);
    expect(exitCode).toBe(0);
    // The run line names the run directory (a long temporary path here): it may wrap.
    const lines = stdout.split('\n');
    const first = lines.findIndex(
      (line) => !line.startsWith('swelancer') && !line.startsWith('  '),
    );
    expect(lines[first]).toBe(
      'gold earned $20,000 of $20,000 [95% CI $20,000–$20,000] (100.0%) · pass@1 100.0% [95% CI 100.0–100.0%]',
    );
    expect(lines[first + 2]).toMatch(
      /^llm \(gpt-test\) earned \$1,500 of \$4,000 \[95% CI \$[\d,]+–\$[\d,]+\] \(37\.5%\) · pass@1 66\.7% \[95% CI /,
    );
    expect(stdout).toContain('llm: $16,000 in infra errors');
    expect(stdout).toContain('1 quarantined task(s) worth $800 excluded from scores');
    expect(stdout).toContain('Where llm lost money');
    expect(stdout).not.toContain('\u001b[');
  });

  it('writes Markdown, CSV and HTML', async () => {
    const out = join(work, 'report.html');
    // Independent processes: run them side by side.
    const [md, csv, summary, html] = await Promise.all([
      swelancer('report', runDir, '--format', 'markdown', '--by', 'kind'),
      swelancer('report', runDir, '--csv'),
      swelancer('report', runDir, '--csv', 'summary'),
      swelancer('report', runDir, '--format', 'html', '--out', out),
    ]);
    expect(md.stdout).toContain('| agent | tasks | attempts | earned | available |');
    expect(md.stdout).toContain('### By kind');
    expect(md.stdout).not.toContain('### By category');

    const rows = csv.stdout.trim().split('\n');
    expect(rows).toHaveLength(1 + 15);
    expect(rows[0]).toMatch(/^run,key,task_id,title,kind,price_usd/);
    expect(csv.stdout).toContain(',Fix the delete button | rows,');

    expect(summary.stdout).toContain(
      `runs/main,gold,all,all,All tasks,4,4,4,${TOTAL},${TOTAL},1,1`,
    );

    expect(html.exitCode).toBe(0);
    expect(html.stdout).toBe('');
    const page = readFileSync(out, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<svg');
    // Inline only: the table's own script, no script or sheet from a URL.
    expect(page).not.toMatch(/<script[^>]* src=|<link\b|src="http/);
  });

  it('compares two runs on their common tasks', async () => {
    const { exitCode, stdout } = await swelancer(
      'report',
      runDir,
      '--compare',
      baselineDir,
      '--json',
    );
    expect(exitCode).toBe(0);
    const [comparison] = (JSON.parse(stdout) as RunReport).comparisons;
    expect(comparison?.a.agent).toBe('llm');
    expect(comparison?.commonTasks).toBe(3);
    expect(comparison?.earnedDiffUsd?.estimate).toBe(1000);
    expect([comparison?.aBetter, comparison?.bBetter]).toEqual([1, 0]);
    expect(comparison?.aBetterTasks.map((t) => t.taskId)).toEqual(['ic-1']);
    expect(comparison?.mcnemarP).toBe(1);

    const text = await inProcess('report', runDir, '--compare', baselineDir);
    const lines = text.stdout.split('\n');
    const first = lines.findIndex((line) => line !== '' && !/^(swelancer| {2})/.test(line));
    expect(lines[first]).toBe('Paired comparison (A − B on common tasks)');
    expect(text.stdout.replace(/\n {2}/g, ' ')).toMatch(
      /Where A did better \(llm over llm @ [^)]+\)\n1 task\(s\) worth \$1,000/,
    );
  });

  it('reports a run made by swelancer run, agreeing with its summary', async () => {
    const dir = join(work, 'runs', 'real');
    const csv = join(ROOT, 'test', 'fixtures', 'suites', 'csv', 'good.csv');
    const run = await swelancer(
      'run',
      csv,
      '--kind',
      'swe_manager',
      '--agent',
      'gold',
      '--agent',
      'noop',
      '--attempts',
      '2',
      '--run-dir',
      dir,
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const { stdout } = await swelancer('report', dir, '--json');
    const report = JSON.parse(stdout) as RunReport;
    const [gold, noop] = report.agents;
    expect(gold?.summary.earnRate).toBe(1);
    expect(gold?.passAtK.map((point) => point.value)).toEqual([1, 1]);
    expect(noop?.summary.earnedUsd).toBe(0);
    expect(gold?.summary.availableUsd).toBeGreaterThan(0);
    // The run's own end-of-run summary line says the same dollars.
    const available = gold?.summary.availableUsd.toLocaleString('en-US');
    expect(run.stdout).toContain(`earned $${available} / $${available} (100.0%)`);
  });

  it('exits 2 with a clear message on a missing or broken run directory', async () => {
    const missing = await swelancer('report', join(work, 'nope'), '--json');
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/no run at .*nope/);

    const broken = join(work, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, DB_FILE), 'not a database at all, just text '.repeat(200));
    const bad = await swelancer('report', broken);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(
      /broken\/run\.sqlite: expected a readable run store, found .*not a database/,
    );
  });

  it('exits 2 on bad flags, naming what was expected', async () => {
    // In-process through the same entry point as bin/swelancer.js: flag checks need no spawn.
    const by = await inProcess('report', runDir, '--by', 'kind,colour');
    expect(by.code).toBe(2);
    expect(by.stderr).toContain('--by: expected a comma-separated list of kind, category');
    const seed = await inProcess('report', runDir, '--seed', '-3');
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('--seed: expected an integer from 0 to 4294967295, found "-3"');
    const both = await inProcess('report', runDir, '--json', '--format', 'html');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('expected one output format, found json and html');
    const csv = await inProcess('report', runDir, '--csv', 'rows');
    expect(csv.stderr).toContain('--csv: expected attempts or summary, found "rows"');
    const baseline = await inProcess('report', runDir, '--baseline', 'nobody');
    expect(baseline.stderr).toContain("expected one of the run's agents (gold, noop, llm)");
    const format = await inProcess('report', runDir, '--format', 'pdf');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("argument 'pdf' is invalid");
    const out = await inProcess(
      'report',
      runDir,
      '--out',
      join(work, 'no', 'such', 'dir', 'r.txt'),
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--out: expected a writable file path, found .*r\.txt/);
    expect([by, seed, both, csv, baseline, format, out].every((r) => r.stdout === '')).toBe(true);
  });
});
