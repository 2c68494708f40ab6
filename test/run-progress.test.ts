/**
 * A run's progress in a CI log (stderr not a terminal): a heartbeat naming the attempts in
 * flight, and a line for each attempt that did not pass.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { managerCsv } from './run-helpers.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'swelancer.js');

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'swelancer-progress-'));
  const rows = [0, 1, 2].map((i) => ({
    id: `${4000 + i}-manager-0`,
    price: 500,
    proposals: 2,
    correct: 1,
  }));
  writeFileSync(join(work, 'tasks.csv'), managerCsv(rows));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('prints a heartbeat with the attempts in flight and a line per attempt that did not pass', async () => {
  // `first` picks proposal 0, the wrong one; each attempt waits 600 ms in flight.
  const run = await execa(
    process.execPath,
    [BIN, 'run', 'tasks.csv', '--agent', 'first', '--heartbeat', '0.2', '--run-dir', 'run'],
    { cwd: work, reject: false, env: { SWELANCER_ATTEMPT_DELAY_MS: '600' } },
  );
  expect(run.exitCode, run.stderr).toBe(0);
  expect(run.stderr).toMatch(/ {2}1 in flight\n {2}400\d-manager-0 · first · [a-z]+ · \d:\d\d\n/);
  expect(run.stderr).toContain('✗ 4001-manager-0 · first: failed — picked proposal 0');
  expect(run.stderr).not.toContain('\r');
});
