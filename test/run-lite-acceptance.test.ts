/**
 * Acceptance on the official lite CSV (113 manager tasks, $202,000): gold earns all of it,
 * noop nothing, random about what chance predicts. The CSV is not part of the repository;
 * where it is absent this test is skipped and says so.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../src/task/index.ts';
import type { ManagerTask } from '../src/task/types.ts';
import { LITE_CSV } from './support/official-data.ts';

const LITE = process.env.SWELANCER_LITE_CSV ?? LITE_CSV;
const BIN = join(import.meta.dirname, '..', 'bin', 'swelancer.js');
const present = existsSync(LITE);
if (!present) {
  console.warn(
    `run-lite-acceptance: skipped, no official lite CSV at ${LITE} (set SWELANCER_LITE_CSV)`,
  );
}

const cwd = mkdtempSync(join(tmpdir(), 'swl-lite-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe.skipIf(!present)(`official lite CSV (${LITE})`, () => {
  it('gold earns $202,000, noop $0, random near chance', async () => {
    const attempts = 5;
    const run = await execa(
      process.execPath,
      [
        BIN,
        'run',
        LITE,
        '--kind',
        'swe_manager',
        '--agent',
        'gold',
        '--agent',
        'noop',
        '--agent',
        'random',
        '--attempts',
        String(attempts),
        '-j',
        '4',
        '--json',
      ],
      { cwd },
    );
    const summary = JSON.parse(run.stdout) as {
      agents: { agent: string; earnedUsd: number; availableUsd: number; pass1: number }[];
    };
    const by = Object.fromEntries(summary.agents.map((a) => [a.agent, a]));
    expect(by.gold).toMatchObject({ earnedUsd: 202_000, availableUsd: 202_000, pass1: 1 });
    expect(by.noop).toMatchObject({ earnedUsd: 0, availableUsd: 202_000, pass1: 0 });

    // Chance: each task pays price / (number of proposals) in expectation.
    const tasks = (await loadSuite(LITE)).tasks.filter(
      (t): t is ManagerTask => t.kind === 'swe_manager',
    );
    expect(tasks).toHaveLength(113);
    const chanceUsd = tasks.reduce((sum, t) => sum + t.price / t.proposals.length, 0);
    const sdUsd = Math.sqrt(
      tasks.reduce((sum, t) => {
        const p = 1 / t.proposals.length;
        return sum + t.price ** 2 * p * (1 - p);
      }, 0) / attempts,
    );
    const random = by.random;
    expect(random).toBeDefined();
    expect(Math.abs((random?.earnedUsd ?? 0) - chanceUsd)).toBeLessThan(4 * sdUsd);
    const chancePass1 = tasks.reduce((sum, t) => sum + 1 / t.proposals.length, 0) / tasks.length;
    expect(Math.abs((random?.pass1 ?? 0) - chancePass1)).toBeLessThan(0.08);
  });
});
