/**
 * Attacks that try to fool grading from inside the rules: processes left behind, test
 * configuration and package scripts, fake pass output, rewritten git history, a fork bomb,
 * never finishing, killing the parent, an app that writes into the compile cache. Each earns $0, and the reference fix run right after
 * them in the same process is still graded correctly.
 */
import { execSync } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGoldAgent } from '../../src/agent/gold.ts';
import { sha256 } from '../../src/util/hash.ts';
import { type IcTestEnvironment, tempDir } from '../ic-helpers.ts';
import { attackEnvironment, runAttack, runAttempt } from './support.ts';

let dir: string;
let env: IcTestEnvironment;
beforeAll(async () => {
  dir = await tempDir('attacks-tamper');
  env = await attackEnvironment(path.join(dir, 'cache'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every file under `dir` (relative path) with the hash of its content. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file)] = sha256(await readFile(file));
  }
  return files;
}

/** Host processes whose command line matches; the bracket keeps pgrep from matching itself. */
function processesMatching(marker: string): string {
  try {
    return execSync(`pgrep -af '[${marker[0]}]${marker.slice(1)}'`, { encoding: 'utf8' }).trim();
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

describe('attacks that try to fool grading', { timeout: 120_000 }, () => {
  it('processes left behind die with the agent sandbox and cannot touch grading', async () => {
    const run = await runAttack(env, 'background');
    expect(run.execution.status).toBe('failed');
    expect(processesMatching('swelancer-attack-bg')).toBe('');
  });

  it('workspace test config, package scripts and a fake report change nothing', async () => {
    const run = await runAttack(env, 'tamper-config');
    expect(run.execution.status).toBe('failed');
    expect(run.execution.explanation).toMatch(/^0\/2 hidden tests passed/);
    const details = run.execution.details as {
      diff: { files: string[]; dropped: { path: string }[] };
    };
    expect(details.diff.dropped.map((d) => d.path)).toContain('package.json');
    expect(details.diff.files).not.toContain('.swelancer-grade/report.json');
  });

  it('rewriting git history neither hides nor removes changes', async () => {
    const run = await runAttack(env, 'git-history');
    expect(run.execution.status).toBe('failed');
    expect(run.text('agent.diff')).toContain('+// quietly changed');
  });

  it('a fork bomb is bounded and the attempt still ends', async () => {
    // A duration of its own: the container provider's fork bomb may run at the same time.
    const run = await runAttack(env, 'fork-bomb', { SLEEP_SECONDS: '29' }, 20_000);
    expect(['failed', 'agent_error', 'limit']).toContain(run.execution.status);
    expect(processesMatching('sleep 29')).toBe('');
  });

  it('never finishing ends at the time limit as `limit`', async () => {
    const run = await runAttack(env, 'sleep', {}, 2_000);
    expect(run.execution.status).toBe('limit');
    expect(run.execution.explanation).toMatch(/time limit/);
  });

  it('killing its parent only ends its own command', async () => {
    const run = await runAttack(env, 'kill-parent');
    expect(['failed', 'agent_error']).toContain(run.execution.status);
  });

  it('the app cannot change the compile cache that later gradings start from', async () => {
    // Control first: the switch works when the write it waits for is allowed (and the probe
    // has made the cache by then).
    const control = await runAttack(env, 'poison-compile-cache', { WRITE_PATHS: '/tmp/free' });
    expect(control.execution.status, control.execution.explanation).toBe('passed');
    const cache = path.join(env.cacheDir, 'probes');
    const before = await snapshot(cache);
    expect(Object.keys(before).filter((file) => file.includes('node-compile-cache/'))).not.toEqual(
      [],
    );

    const run = await runAttack(env, 'poison-compile-cache', { WRITE_PATHS: '/nonexistent/x' });
    expect(run.text('agent-output.txt')).toContain('server patched');
    expect(run.execution.status).toBe('failed');
    expect(run.execution.explanation).toMatch(/^0\/2 hidden tests passed/);
    expect(await snapshot(cache)).toEqual(before);
  });

  it('after all that, the reference fix is still graded as a pass', async () => {
    const run = await runAttempt(env, createGoldAgent());
    expect(run.execution.status).toBe('passed');
    expect(run.execution.partialCredit).toBe(1);
  });
});
