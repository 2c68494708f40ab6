/**
 * `swelancer run` and `suite validate` start by removing what killed harnesses left: the
 * sandbox of a harness killed with SIGKILL (its slot and cgroups) is gone after the next
 * command, while a sandbox of a live harness (this test process) is left alone and still
 * works. Real CLI, real `local` sandboxes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSandboxProvider } from '../src/sandbox/index.ts';
import type { Sandbox } from '../src/sandbox/types.ts';
import { DEFAULT_LIMITS } from '../src/sandbox/types.ts';
import { managerCsv } from './run-helpers.ts';

const REPO = path.join(import.meta.dirname, '..');
const BIN = path.join(REPO, 'bin', 'swelancer.js');
const TINY = path.join(REPO, 'test', 'fixtures', 'suites', 'tiny');
const ANSWER = `echo '{"selected_proposal_id": 1}' > manager_decisions.json`;

let dir: string;
let rootDir: string;
let sourceDir: string;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'swl-leftovers-'));
  await chmod(dir, 0o711); // sandbox users traverse it to reach their workspaces
  env = { XDG_CACHE_HOME: path.join(dir, 'xdg'), SWELANCER_CACHE_DIR: path.join(dir, 'cache') };
  rootDir = path.join(env.XDG_CACHE_HOME ?? '', 'swelancer', 'sandboxes');
  sourceDir = path.join(dir, 'source');
  await mkdir(sourceDir);
  await execa('git', ['init', '-q'], { cwd: sourceDir });
  await writeFile(
    path.join(dir, 'tasks.csv'),
    managerCsv([{ id: '1-manager-0', price: 100, proposals: 2, correct: 1 }]),
  );
});
afterAll(async () => {
  // Whatever a failed check left (cgroups live outside the folder).
  await (await openSandboxProvider('local', { rootDir })).cleanupLeftovers();
  await rm(dir, { recursive: true, force: true });
});

/** Leaves the sandbox of a harness killed with SIGKILL; returns its slot folder. */
async function killedHarnessLeftover(): Promise<string> {
  const before = new Set(existsSync(rootDir) ? readdirSync(rootDir) : []);
  const child = spawn(
    process.execPath,
    [path.join(REPO, 'test/support/sandbox-orphan.ts'), 'local', rootDir, sourceDir, '600.25'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`orphan harness exited with ${code}`)));
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  const made = readdirSync(rootDir).filter((name) => !before.has(name));
  expect(made).toHaveLength(1);
  return path.join(rootDir, made[0] ?? '');
}

describe('commands remove the sandboxes of dead harnesses at start', () => {
  it('swelancer run: removes the leftover of a killed harness, not a live sandbox', async () => {
    const leftover = await killedHarnessLeftover();
    const cgroups = JSON.parse(await readFile(path.join(leftover, 'owner.json'), 'utf8'))
      .cgroups as string[];
    const provider = await openSandboxProvider('local', { rootDir });
    let live: Sandbox | undefined;
    try {
      live = await provider.create({
        label: 'live',
        sourceDir,
        network: 'none',
        limits: DEFAULT_LIMITS,
      });
      const run = await execa(
        process.execPath,
        [BIN, 'run', 'tasks.csv', '--agent', `command:${ANSWER}`, '--run-dir', 'run', '--json'],
        { cwd: dir, env, reject: false },
      );
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stderr).toContain(
        'removed 1 leftover local sandbox of harnesses that are no longer running',
      );
      expect(existsSync(leftover)).toBe(false);
      for (const cgroup of cgroups) expect(existsSync(cgroup)).toBe(false);
      expect((await live.exec('echo still here')).stdout).toBe('still here\n');
    } finally {
      await live?.dispose();
    }
  });

  it('suite validate: removes the leftover of a killed harness', async () => {
    const leftover = await killedHarnessLeftover();
    const run = await execa(
      process.execPath,
      [BIN, 'suite', 'validate', TINY, '--kind', 'swe_manager', '--run-dir', 'validate', '--json'],
      { cwd: dir, env, reject: false },
    );
    expect(run.stderr).toContain(
      'removed 1 leftover local sandbox of harnesses that are no longer running',
    );
    expect(existsSync(leftover)).toBe(false);
  });
});
