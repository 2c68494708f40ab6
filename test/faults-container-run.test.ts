/**
 * A fault injected on purpose: the container API refuses every exec inspection (where an
 * exec's exit code is read) for the first seconds of a run, through a proxy in front of the
 * real API socket. Attempts hit by it are infrastructure errors, retried with backoff, never
 * verdicts: the run ends with the verdicts of an undisturbed run (gold passes, noop fails),
 * and leaves no sandbox behind.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSocket } from '../src/sandbox/container/index.ts';
import { openRunStore } from '../src/store/run-store.ts';
import { IC_FIXTURE, REPO, tempDir } from './ic-helpers.ts';
import { requireContainers } from './support/container.ts';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.ts';

const BIN = path.join(REPO, 'bin', 'swelancer.js');
const EXEC_INSPECT = /^GET \/(v[\d.]+\/)?exec\/[0-9a-f]+\/json/;
const usable = await requireContainers();

describe.runIf(usable)('an outage of the container API', () => {
  let dir: string;
  let proxy: FaultProxy;
  beforeAll(async () => {
    dir = await tempDir('faults-container');
    proxy = await startFaultProxy(resolveSocket({}));
  });
  afterAll(async () => {
    await proxy.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is retried, never scored, and ends with the undisturbed verdicts', {
    timeout: 600_000,
  }, async () => {
    const runDir = path.join(dir, 'run');
    // Down for exec inspections until three were refused: the outage is certain to be met.
    const refused = () =>
      proxy.log.filter((line) => EXEC_INSPECT.test(line) && line.endsWith(' 503'));
    proxy.failWhen(EXEC_INSPECT);
    const lifted = setInterval(() => {
      if (refused().length >= 3) proxy.failWhen(undefined);
    }, 20);
    const run = await execa(
      process.execPath,
      [
        BIN,
        'run',
        IC_FIXTURE,
        '--id',
        'amount-loses-cents',
        '--agent',
        'gold',
        '--agent',
        'noop',
        '--sandbox',
        'container',
        '--max-infra-retries',
        '5',
        '--run-dir',
        runDir,
      ],
      {
        cwd: dir,
        env: {
          ...process.env,
          DOCKER_HOST: `unix://${proxy.socketPath}`,
          XDG_CACHE_HOME: path.join(dir, 'xdg'),
          SWELANCER_CACHE_DIR: path.join(dir, 'cache'),
          SWELANCER_INFRA_RETRY_BASE_MS: '2000',
        },
        reject: false,
      },
    ).finally(() => clearInterval(lifted));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(refused().length).toBeGreaterThanOrEqual(3);

    const store = openRunStore(runDir, { readonly: true });
    const results = store.results();
    store.close();
    expect(results.map((r) => `${r.agentLabel} ${r.status}`).sort()).toEqual([
      'gold passed',
      'noop failed',
    ]);
    // The outage was met, and answered by retries, not by a verdict.
    expect(results.reduce((n, r) => n + r.infraRetries, 0)).toBeGreaterThan(0);
    const slots = await readdir(path.join(dir, 'xdg', 'swelancer', 'sandboxes')).catch(() => []);
    expect(slots.filter((name) => name.startsWith('sb-'))).toEqual([]);
  });
});
