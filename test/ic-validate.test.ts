/**
 * The fixture suite validates through the real CLI and the `local` sandbox: the reference
 * fix earns every IC task and doing nothing earns none, three attempts in a row each.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IC_FIXTURE, IC_TASK_IDS, runCli, tempDir } from './ic-helpers.ts';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('ic-validate');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(IC_TASK_IDS)('task %s', (id) => {
  it('gold passes 3/3 and noop fails 3/3', { timeout: 600_000 }, async () => {
    const { exitCode, summary, stderr } = await runCli(
      [
        IC_FIXTURE,
        '--id',
        id,
        '--agent',
        'gold',
        '--agent',
        'noop',
        '--attempts',
        '3',
        '-j',
        '2',
        '--run-dir',
        path.join(dir, id),
      ],
      { SWELANCER_CACHE_DIR: path.join(dir, 'cache') },
    );
    expect(summary, stderr).toBeDefined();
    const [gold, noop] = summary?.agents ?? [];
    expect(exitCode, stderr).toBe(0);
    expect(gold).toMatchObject({ agent: 'gold', finished: 3, passed: 3, infraErrors: 0 });
    expect(noop).toMatchObject({
      agent: 'noop',
      finished: 3,
      passed: 0,
      infraErrors: 0,
      earnedUsd: 0,
    });
    expect(gold?.earnedUsd).toBe(gold?.availableUsd);
  });
});
