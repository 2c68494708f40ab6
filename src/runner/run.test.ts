import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { managerTask, memorySuite } from '../../test/run-helpers.ts';
import { createGoldAgent } from '../agent/gold.ts';
import { silentLogger } from '../util/logger.ts';
import { executeRun, type PrepareRunInput, prepareRun } from './run.ts';
import { NO_FILTERS } from './select.ts';

describe('run directories', () => {
  let cwd: string;
  let input: PrepareRunInput;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'swl-rundir-'));
    const suite = memorySuite([managerTask('m1', 1000, 3, 1)], 'My Suite!');
    input = {
      suite,
      plan: {
        source: suite.origin,
        agents: ['gold'],
        attempts: 2,
        filters: NO_FILTERS,
        shuffleProposals: false,
        seed: 0,
      },
      agents: [createGoldAgent()],
      command: ['run'],
      cwd,
    };
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('derives the directory from the plan: same plan, same place; other plan, other place', () => {
    const a = prepareRun(input);
    expect(a.runDir).toMatch(/\/runs\/my-suite-[0-9a-f]{10}$/);
    expect(prepareRun(input).runDir).toBe(a.runDir);
    expect(prepareRun({ ...input, plan: { ...input.plan, seed: 1 } }).runDir).not.toBe(a.runDir);
    expect(prepareRun({ ...input, plan: { ...input.plan, attempts: 3 } }).runDir).not.toBe(
      a.runDir,
    );
  });

  it('starts over in a directory left by a run killed while creating its store', async () => {
    const dir = join(cwd, 'half');
    mkdirSync(dir);
    new DatabaseSync(join(dir, 'run.sqlite')).close();
    writeFileSync(join(dir, 'run.lock'), '999999999\n');
    const prepared = prepareRun({ ...input, runDir: dir });
    expect(prepared.resuming).toBe(false);
    const outcome = await executeRun(prepared, { logger: silentLogger });
    expect(outcome).toMatchObject({ total: 2, recorded: 2, interrupted: false });
  });

  it('refuses a directory that holds something else', () => {
    const dir = join(cwd, 'other');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(() => prepareRun({ ...input, runDir: dir })).toThrow(/is not a swelancer run/);
  });
});
