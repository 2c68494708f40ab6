/**
 * Crash safety: a run killed with SIGKILL at random moments, then resumed with the same
 * command each time, ends with exactly the store an uninterrupted run produces: the same
 * keys, one row each, the same statuses and earnings.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRunStore } from '../src/store/run-store.ts';
import { managerCsv } from './run-helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'swelancer.js');
const ARGS = ['run', 'tasks.csv', '--agent', 'gold', '--agent', 'random', '--attempts', '5'];
const TOTAL = 12 * 2 * 5;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'swl-sigkill-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function workdir(name: string): string {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'tasks.csv'),
    managerCsv(
      Array.from({ length: 12 }, (_, i) => ({
        id: `${2000 + i}-manager-0`,
        price: 1000 * (1 + (i % 3)),
        proposals: 2 + (i % 4),
        correct: i % 2,
      })),
    ),
  );
  return dir;
}

function snapshot(runDir: string) {
  const store = openRunStore(runDir, { readonly: true });
  const rows = store.results().map((r) => [r.key, r.status, r.earnedUsd, r.agentLabel] as const);
  const plans = store.plans().length;
  store.close();
  return { rows: rows.sort(([a], [b]) => (a < b ? -1 : 1)), plans };
}

function countRows(runDir: string): number {
  try {
    const db = new DatabaseSync(join(runDir, 'run.sqlite'), { readOnly: true });
    const n = Number(db.prepare('SELECT count(*) AS n FROM results').get()?.n ?? 0);
    db.close();
    return n;
  } catch {
    return 0;
  }
}

// Eight CLI processes; seconds on an idle machine, more when the two cores are shared.
it('loses nothing finished and records nothing twice across SIGKILLs', {
  timeout: 180_000,
}, async () => {
  const reference = workdir('reference');
  const clean = await execa(process.execPath, [BIN, ...ARGS, '--json'], { cwd: reference });
  const cleanRun = JSON.parse(clean.stdout) as { runDir: string; recorded: number };
  expect(cleanRun.recorded).toBe(TOTAL);

  const killed = workdir('killed');
  const runDir = join(killed, 'runs', basename(cleanRun.runDir));
  let midRunKills = 0;
  for (let round = 0; round < 5; round++) {
    const before = countRows(runDir);
    const child = spawn(process.execPath, [BIN, ...ARGS, '-j', '3'], {
      cwd: killed,
      env: { ...process.env, SWELANCER_ATTEMPT_DELAY_MS: '15' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    // Wait for a random amount of fresh progress, then a random few ms more, so the kill
    // lands anywhere: mid-attempt, mid-insert, between attempts.
    const target = before + 1 + Math.floor(Math.random() * 25);
    let finished = false;
    void exited.then(() => {
      finished = true;
    });
    while (!finished && countRows(runDir) < target) await sleep(5);
    await sleep(Math.random() * 20);
    child.kill('SIGKILL');
    await exited;
    const after = countRows(runDir);
    expect(after).toBeGreaterThanOrEqual(before);
    if (after > 0 && after < TOTAL) midRunKills += 1;
  }
  expect(midRunKills).toBeGreaterThanOrEqual(3);

  const resumed = await execa(process.execPath, [BIN, ...ARGS, '--json'], { cwd: killed });
  const summary = JSON.parse(resumed.stdout) as { runDir: string; recorded: number };
  expect(summary.runDir).toBe(runDir);

  const expected = snapshot(cleanRun.runDir);
  const actual = snapshot(runDir);
  expect(actual.plans).toBe(TOTAL);
  expect(actual.rows).toHaveLength(TOTAL);
  expect(actual).toEqual(expected);

  const db = new DatabaseSync(join(runDir, 'run.sqlite'), { readOnly: true });
  expect(db.prepare('PRAGMA integrity_check').get()?.integrity_check).toBe('ok');
  db.close();
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
