/**
 * The heuristic check of `swelancer suite validate` through the real CLI, over manager-only
 * fixture suites (no browser): one whose right proposals are always the longest and most
 * detailed is BIASED (exit 1, the tasks named), one written evenly passes; the official lite
 * CSV gets its figures printed, whatever they are.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { SuiteValidation } from '../src/runner/validate-suite.ts';
import { REPO } from './ic-helpers.ts';
import { LITE_CSV } from './support/official-data.ts';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'suites');

async function validate(suite: string, json = true) {
  const result = await execa(
    path.join(REPO, 'node_modules', '.bin', 'node'),
    [
      path.join(REPO, 'bin', 'swelancer.js'),
      'suite',
      'validate',
      suite,
      '--kind',
      'swe_manager',
      ...(json ? ['--json'] : []),
    ],
    { cwd: REPO, reject: false, timeout: 60_000 },
  );
  return { exitCode: result.exitCode, stdout: String(result.stdout) };
}

function figures(stdout: string) {
  const { heuristics } = JSON.parse(stdout) as SuiteValidation;
  if (!heuristics) throw new Error('no heuristic check in the validation');
  const by = (name: string, shuffled: boolean) =>
    heuristics.heuristics.find((f) => f.heuristic === name && f.shuffled === shuffled);
  return { heuristics, by };
}

describe('suite validate: heuristic baselines', () => {
  it('reports a suite whose right proposals are the longest as BIASED, naming its tasks', async () => {
    const suite = path.join(FIXTURES, 'manager-biased');
    const { exitCode, stdout } = await validate(suite);
    expect(exitCode).toBe(1);
    const { heuristics, by } = figures(stdout);
    expect(heuristics).toMatchObject({ biased: true, tasks: 8, totalUsd: 5900 });
    for (const shuffled of [false, true]) {
      expect(by('longest', shuffled)).toMatchObject({ tasksWon: 8, usdWon: 5900, biased: true });
      expect(by('first', shuffled)?.biased).toBe(false);
    }
    expect(by('longest', false)?.expectedTasks).toBe(2);
    expect(heuristics.lengthRanks[0]).toMatchObject({ position: 1, tasksWon: 8, biased: true });
    expect(by('longest', false)?.won[0]).toEqual({ id: 'autosave-overwrites', price: 2000 });
    // Every task checks out on its own: only the check makes the suite fail.
    expect((JSON.parse(stdout) as SuiteValidation).totals.valid).toBe(8);

    const text = await validate(suite, false);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(
      /^longest\s+as given\s+8\s+2\.0\s+\$5,900\s+\$1,475\s+<0\.0001\s+BIASED$/m,
    );
    expect(text.stdout).toContain(
      'longest (as given): BIASED: wins 8 of 8: autosave-overwrites ($2,000)',
    );
    expect(text.stdout).toContain('heuristic check: BIASED');
  });

  it('passes a suite whose proposals are written evenly', async () => {
    const { exitCode, stdout } = await validate(path.join(FIXTURES, 'manager-balanced'));
    const { heuristics } = figures(stdout);
    expect(heuristics.biased).toBe(false);
    expect(exitCode).toBe(0);
    expect(heuristics.heuristics).toHaveLength(8);
    expect(heuristics.positions.map((p) => p.tasksWon)).toEqual([2, 2, 2, 2]);
    expect(heuristics.lengthRanks.some((f) => f.biased)).toBe(false);
  });
});

const lite = existsSync(LITE_CSV);
if (!lite) {
  console.warn(`suite-heuristics: official lite CSV check skipped, nothing at ${LITE_CSV}`);
}

describe.skipIf(!lite)('suite validate: heuristic baselines on the official lite CSV', () => {
  it('prints the figures of its 113 manager tasks', async () => {
    const { stdout } = await validate(LITE_CSV);
    const { heuristics, by } = figures(stdout);
    expect(heuristics).toMatchObject({ tasks: 113, totalUsd: 202_000 });
    expect(by('longest', false)?.tasksWon).toBeGreaterThan(0);
    expect(by('first', true)?.tasks).toBe(113);
  });
});
