/**
 * The fixture suite through the `container` provider, as a user runs it:
 * `swelancer run test/fixtures/ic-app --kind ic_swe --agent gold --agent noop --attempts 3
 * --sandbox container`. Per task, the reference fix earns 3/3 and doing nothing 0/3, with no
 * infrastructure errors: Chromium, the dependencies, the workspace's uid and the test
 * runner's own uid all work inside containers. Where the provider is unusable this file is
 * skipped with the reason, except in CI (`CI` set), where it fails (test/support/container.ts).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../src/store/run-store.ts';
import { IC_FIXTURE, IC_TASK_IDS, runCli, tempDir } from './ic-helpers.ts';
import { requireContainers } from './support/container.ts';

const usable = await requireContainers();

let dir: string;
beforeAll(async () => {
  dir = await tempDir('ic-container');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!usable)('IC tasks in the container provider', () => {
  it('gold passes 3/3 and noop fails 3/3 on every task', { timeout: 900_000 }, async () => {
    const runDir = path.join(dir, 'run');
    const { exitCode, summary, stderr } = await runCli(
      [
        IC_FIXTURE,
        '--kind',
        'ic_swe',
        '--agent',
        'gold',
        '--agent',
        'noop',
        '--attempts',
        '3',
        '--sandbox',
        'container',
        '-j',
        '2',
        '--run-dir',
        runDir,
      ],
      { SWELANCER_CACHE_DIR: path.join(dir, 'cache') },
      { timeoutMs: 880_000 },
    );
    expect(summary, stderr).toBeDefined();
    expect(exitCode, stderr).toBe(0);

    const store = openRunStore(runDir, { readonly: true });
    const results = store.results();
    store.close();
    for (const id of IC_TASK_IDS) {
      const of = (agent: string) =>
        results.filter((r) => r.taskId === id && r.agentLabel === agent).map((r) => r.status);
      expect(of('gold'), `${id} gold`).toEqual(['passed', 'passed', 'passed']);
      expect(of('noop'), `${id} noop`).toEqual(['failed', 'failed', 'failed']);
    }
  });
});

if (!usable) {
  describe('IC tasks in the container provider (skipped)', () => {
    it.skip('needs a Docker Engine API and the sandbox image (see the printed reason)', () => {});
  });
}
