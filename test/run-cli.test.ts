/**
 * `swelancer run` as a user runs it: a real CLI process over an official-format CSV, a real
 * SQLite store. Covers earnings of the built-in agents, the summary, --json, shuffling,
 * resume after Ctrl-C, and bad input (exit 2, no run directory).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../src/store/run-store.ts';
import { type CsvManagerRow, managerCsv } from './run-helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'swelancer.js');

const ROWS: CsvManagerRow[] = Array.from({ length: 16 }, (_, i) => ({
  id: `${1000 + i}-manager-0`,
  price: [1000, 2000, 4000, 500][i % 4] ?? 1000,
  proposals: 2 + (i % 5),
  correct: i % (2 + (i % 5)),
}));
const TOTAL_USD = ROWS.reduce((sum, r) => sum + r.price, 0);

let cwd: string;
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'swl-run-cli-'));
  writeFileSync(join(cwd, 'tasks.csv'), managerCsv(ROWS));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function swelancer(args: string[], env: Record<string, string> = {}, dir = cwd) {
  return execa(process.execPath, [BIN, ...args], { cwd: dir, env, reject: false });
}

interface JsonSummary {
  runDir: string;
  total: number;
  alreadyDone: number;
  recorded: number;
  interrupted: boolean;
  agents: { agent: string; earnedUsd: number; availableUsd: number; pass1: number | null }[];
}

describe('swelancer run', () => {
  it('gold earns everything, noop nothing, random something in between', async () => {
    const args = ['run', 'tasks.csv', '--agent', 'gold', '--agent', 'noop', '--agent', 'random'];
    const run = await swelancer([...args, '--attempts', '2', '-j', '3', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as JsonSummary;
    const by = Object.fromEntries(summary.agents.map((a) => [a.agent, a]));
    expect(by.gold).toMatchObject({ earnedUsd: TOTAL_USD, availableUsd: TOTAL_USD, pass1: 1 });
    expect(by.noop).toMatchObject({ earnedUsd: 0, availableUsd: TOTAL_USD, pass1: 0 });
    expect(by.random?.pass1).toBeGreaterThan(0);
    expect(by.random?.pass1).toBeLessThan(1);
    expect(summary).toMatchObject({ total: 96, recorded: 96, alreadyDone: 0, interrupted: false });
    expect(summary.runDir).toMatch(/runs\/tasks-[0-9a-f]{10}$/);

    const store = openRunStore(summary.runDir, { readonly: true });
    const noop = store.results().filter((r) => r.agentLabel === 'noop');
    expect(noop.every((r) => r.status === 'failed' && /^no valid answer/.test(r.explanation))).toBe(
      true,
    );
    expect(store.manifest().command.slice(0, 2)).toEqual(['run', join(cwd, 'tasks.csv')]);
    store.close();

    // The same command again is a resume with nothing left to do, and a plain-text summary.
    const again = await swelancer([...args, '--attempts', '2']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toMatch(
      /^gold +earned \$30,000 \/ \$30,000 \(100\.0%\) +pass@1 100\.0% +32\/32 attempts$/m,
    );
    expect(again.stdout).toContain(`run directory: ${summary.runDir}`);
    expect(again.stderr).toContain('resuming: 0 of 96 attempts left');
  });

  it('shuffles proposals per attempt and grades against the original ids', async () => {
    const run = await swelancer([
      'run',
      'tasks.csv',
      '--agent',
      'gold',
      '--attempts',
      '3',
      '--shuffle-proposals',
      '--json',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as JsonSummary;
    expect(summary.agents[0]?.earnedUsd).toBe(TOTAL_USD);
    const store = openRunStore(summary.runDir, { readonly: true });
    const orders = new Set<string>();
    for (const result of store.results()) {
      const d = result.details as {
        presentedOrder: number[];
        selectedPresentedId: number;
        selectedProposalId: number;
        correctProposalId: number;
        shuffled: boolean;
      };
      expect(d.shuffled).toBe(true);
      expect(d.presentedOrder[d.selectedPresentedId]).toBe(d.selectedProposalId);
      expect(d.selectedProposalId).toBe(d.correctProposalId);
      orders.add(d.presentedOrder.join(','));
    }
    expect(orders.size).toBeGreaterThan(10);
    store.close();
  });

  it('stops on Ctrl-C with exit 130, keeps what finished, and resumes only missing keys', async () => {
    const dir = join(cwd, 'interrupted');
    const args = ['run', 'tasks.csv', '--agent', 'random', '--attempts', '4', '--run-dir', dir];
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, SWELANCER_ATTEMPT_DELAY_MS: '40' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await waitFor(() => countResults(dir) >= 5);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code, stderr).toBe(130);
    const kept = countResults(dir);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(64);

    const resumed = await swelancer(['run', '--resume', dir, '--json']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout) as JsonSummary;
    expect(summary).toMatchObject({ total: 64, alreadyDone: kept, recorded: 64 - kept });
    expect(countResults(dir)).toBe(64);
  });

  // Independent processes: run them side by side.
  it.concurrent.each([
    [['-j', '0'], /-j, --concurrency <n>' argument '0' is invalid\. expected an integer ≥ 1/],
    [['--attempts', 'abc'], /--attempts <k>' argument 'abc' is invalid\. expected an integer/],
    [['--agent', 'wizard'], /unknown agent "wizard": expected one of gold, noop, random/],
    [
      ['--kind', 'boss'],
      /--kind <kind>' argument 'boss' is invalid\. expected one of ic_swe, swe_manager/,
    ],
    [['--min-price', '5000', '--max-price', '10'], /--min-price 5000 is above --max-price 10/],
    [['--id', 'nope'], /--id nope: no such task/],
    [['--min-price', '999999'], /no task of .*tasks\.csv matches --min-price 999999/],
    [['--max-infra-retries', '-1'], /expected an integer ≥ 0/],
    [['--sandbox', 'nosuch'], /--sandbox nosuch: expected one of local, container/],
  ])('rejects %j with exit 2 and creates no run directory', async (extra, message) => {
    const dir = mkdtempSync(join(cwd, 'bad-'));
    writeFileSync(join(dir, 'tasks.csv'), managerCsv(ROWS.slice(0, 2)));
    const run = await swelancer(['run', 'tasks.csv', '--agent', 'gold', ...extra], {}, dir);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(readdirSync(dir)).toEqual(['tasks.csv']);
  });

  it('rejects a missing source, no agent, and plan flags with --resume', async () => {
    const dir = mkdtempSync(join(cwd, 'bad-'));
    const missing = await swelancer(['run', 'nowhere.csv', '--agent', 'gold'], {}, dir);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/nowhere\.csv: expected .*found nothing there/);
    const noAgent = await swelancer(['run', join(cwd, 'tasks.csv')], {}, dir);
    expect(noAgent.exitCode).toBe(2);
    expect(noAgent.stderr).toMatch(/expected at least one --agent/);
    writeFileSync(join(dir, 'broken.csv'), 'question_id,price\n1,abc\n');
    const broken = await swelancer(['run', 'broken.csv', '--agent', 'gold'], {}, dir);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toMatch(/broken\.csv.*variant/s);
    rmSync(join(dir, 'broken.csv'));
    const notRun = await swelancer(['run', '--resume', 'nope'], {}, dir);
    expect(notRun.exitCode).toBe(2);
    expect(notRun.stderr).toMatch(/no run at .*nope/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to mix plans in one run directory', async () => {
    const dir = join(cwd, 'mixed');
    const first = await swelancer(['run', 'tasks.csv', '--agent', 'gold', '--run-dir', dir]);
    expect(first.exitCode, first.stderr).toBe(0);
    const second = await swelancer(['run', 'tasks.csv', '--agent', 'noop', '--run-dir', dir]);
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toMatch(/holds a different run .*--resume/);
    const withAgent = await swelancer(['run', '--resume', dir, '--agent', 'noop']);
    expect(withAgent.exitCode).toBe(2);
    expect(withAgent.stderr).toMatch(/--resume takes the plan from the run, so --agent cannot/);
    expect(countResults(dir)).toBe(16);
  });

  it('takes over a lock whose pid now belongs to another process, and names a live holder', async () => {
    const dir = join(cwd, 'locked');
    const args = ['run', 'tasks.csv', '--agent', 'noop', '--run-dir', dir];
    const first = await swelancer(args);
    expect(first.exitCode, first.stderr).toBe(0);
    // This test's process: alive, and not the one that wrote the lock.
    const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
    const startTime = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const since = '2025-03-04T05:06:07.000Z';
    const lock = (start: number) =>
      writeFileSync(
        join(dir, 'run.lock'),
        `${process.pid}\n${JSON.stringify({ pid: process.pid, startTime: start, host: hostname(), since })}\n`,
      );
    lock(startTime - 1);
    const stale = await swelancer(args);
    expect(stale.exitCode, stale.stderr).toBe(0);
    expect(existsSync(join(dir, 'run.lock'))).toBe(false);
    lock(startTime);
    const held = await swelancer(args);
    expect(held.exitCode).toBe(2);
    expect(held.stderr).toContain(
      `${dir} is in use by process ${process.pid} on ${hostname()} since ${since}`,
    );
  });
});

function countResults(dir: string): number {
  if (!existsSync(join(dir, 'run.sqlite'))) return 0;
  try {
    const store = openRunStore(dir, { readonly: true });
    const n = store.results().length;
    store.close();
    return n;
  } catch {
    return 0;
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting for the run to make progress');
    await new Promise((r) => setTimeout(r, 25));
  }
}
