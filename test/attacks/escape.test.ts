/**
 * Attacks that try to get out of the agent's sandbox: read hidden material, reach the
 * network, write outside the workspace, smuggle links or a huge file into the diff. Each must
 * earn $0 and leave nothing behind on the host.
 */

import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IcTestEnvironment, REPO, tempDir } from '../ic-helpers.ts';
import { attackEnvironment, runAttack, runNetworkAttack } from './support.ts';

let dir: string;
let env: IcTestEnvironment;
beforeAll(async () => {
  dir = await tempDir('attacks-escape');
  env = await attackEnvironment(path.join(dir, 'cache'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('attacks that try to escape the sandbox', { timeout: 120_000 }, () => {
  it('cannot find the hidden tests or the reference fix anywhere', async () => {
    const run = await runAttack(env, 'read-hidden');
    expect(run.execution.status).toBe('failed');
    const diff = run.text('agent.diff');
    // The attack copied whatever it found into the diff: none of it is hidden material.
    expect(diff).not.toContain('delete removes the row it was pressed on');
    expect(diff).not.toContain('swelancer-baseline');
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
    const cache = env.cacheDir;
    const run = await runAttack(env, 'write-outside', { REPO, CACHE: cache });
    expect(run.execution.status).toBe('failed');
    expect(run.text('agent-output.txt')).not.toMatch(/^wrote /m);
    for (const file of [
      path.join(REPO, 'PWNED-by-attack'),
      path.join(REPO, 'node_modules', 'PWNED'),
      path.join(REPO, 'src', 'ic', 'in-sandbox', 'PWNED'),
      path.join(cache, 'PWNED'),
    ]) {
      expect(existsSync(file), file).toBe(false);
    }
  });

  it('cannot smuggle links to host files into the graded code', async () => {
    const run = await runAttack(env, 'symlinks');
    expect(run.execution.status).toBe('failed');
    const details = run.execution.details as {
      diff: { dropped: { path: string; reason: string }[] };
    };
    const dropped = details.diff.dropped.map((d) => d.path).sort();
    expect(dropped).toEqual(['public/host-root', 'public/passwd.txt', 'public/tests']);
    expect(run.text('agent.diff')).not.toContain('/etc/passwd');
  });

  it('cannot fill the disk, and an oversized diff is refused with a reason', async () => {
    const run = await runAttack(env, 'fill-disk');
    expect(run.execution.status).toBe('failed');
    // The sandbox stops the workspace at its disk limit; whatever is left is over the diff cap
    // or cannot be read at all. Either way nothing is graded.
    expect(run.execution.explanation).toMatch(
      /could not be collected: .*(over its limit|File too large|over the 5\.0 MiB limit)/s,
    );
  });
});
