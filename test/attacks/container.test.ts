/**
 * The most relevant attacks again, through the `container` provider: looking for hidden
 * material, reaching the host over the network, writing outside the workspace, a fork bomb,
 * and the app reading the hidden tests while it is graded. Each earns $0. In CI an unusable
 * container provider fails this file (test/support/container.ts).
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IcTestEnvironment, REPO, tempDir } from '../ic-helpers.ts';
import { requireContainers } from '../support/container.ts';
import { attackEnvironment, HIDDEN_PATHS, runAttack, runNetworkAttack } from './support.ts';

const usable = await requireContainers();

let dir: string;
let env: IcTestEnvironment;
beforeAll(async () => {
  if (!usable) return;
  dir = await tempDir('attacks-container');
  env = await attackEnvironment(path.join(dir, 'cache'), 'container');
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!usable)('attacks through the container provider', { timeout: 240_000 }, () => {
  it('cannot find the hidden tests or the reference fix anywhere', async () => {
    const run = await runAttack(env, 'read-hidden');
    expect(run.execution.status).toBe('failed');
    const diff = run.text('agent.diff');
    expect(diff).not.toContain('delete removes the row it was pressed on');
    expect(diff).not.toMatch(/tasks_.*(break|fix)\.patch/);
    expect(diff).not.toContain('hidden-tests');
  });

  it('cannot reach the host over the network', async () => {
    const { run, hits } = await runNetworkAttack(env);
    expect(run.execution.status).toBe('failed');
    const stdout = run.text('agent-output.txt').split('--- stdout')[1] ?? '';
    expect(stdout).toMatch(/^blocked/m);
    expect(stdout).not.toMatch(/^reached/m);
    expect(hits).toEqual([]);
  });

  it('cannot write outside its workspace', async () => {
    const run = await runAttack(env, 'write-outside', { REPO, CACHE: env.cacheDir });
    expect(run.execution.status).toBe('failed');
    expect(run.text('agent-output.txt')).not.toMatch(/^wrote /m);
    for (const file of [
      path.join(REPO, 'PWNED-by-attack'),
      path.join(REPO, 'node_modules', 'PWNED'),
      path.join(env.cacheDir, 'PWNED'),
    ]) {
      expect(existsSync(file), file).toBe(false);
    }
  });

  it('a fork bomb is bounded and the attempt still ends', async () => {
    const run = await runAttack(env, 'fork-bomb', { SLEEP_SECONDS: '31' }, 30_000);
    expect(['failed', 'agent_error', 'limit']).toContain(run.execution.status);
    // The container is gone with its processes: none of the bomb's sleeps is left.
    expect(execSync("pgrep -fc '[s]leep 30' || true", { encoding: 'utf8' }).trim()).toBe('0');
  });

  it('the app cannot read the hidden tests while it is graded', async () => {
    const run = await runAttack(env, 'app-reads-hidden', { LEAK_PATHS: HIDDEN_PATHS });
    expect(run.text('agent-output.txt')).toContain('server patched');
    expect(run.execution.status).toBe('failed');
    expect(run.execution.explanation).toMatch(/^0\/2 hidden tests passed/);
  });
});

if (!usable) {
  describe('attacks through the container provider (skipped)', () => {
    it.skip('needs a Docker Engine API and the sandbox image (see the printed reason)', () => {});
  });
}
