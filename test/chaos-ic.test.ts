/**
 * Chaos: an IC run of the fixture tasks, its harness killed with SIGKILL at seeded random
 * moments again and again, each time started again with the same command, ends with what an
 * undisturbed run of the same plan records: one result per key, the same verdicts, nothing
 * leaked (no sandbox slot, lock or sandbox process), and fewer agent executions than kills +
 * attempts: an attempt whose agent phase had ended is graded from its saved work, not redone.
 * The command agent reports each execution to a counter on the host's loopback.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOCK_FILE } from '../src/store/lock.ts';
import { openRunStore } from '../src/store/run-store.ts';
import { createPrng } from '../src/util/prng.ts';
import { IC_FIXTURE, IC_TASK_IDS, REPO, tempDir } from './ic-helpers.ts';

const BIN = path.join(REPO, 'bin', 'swelancer.js');
const KILLS = 20;
const SEED = 20261206;

let dir: string;
let server: Server;
let executions: string[];
let args: string[];

beforeAll(async () => {
  dir = await tempDir('chaos-ic');
  executions = [];
  server = createServer((request, response) => {
    executions.push(request.url ?? '');
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const tools = path.join(dir, 'tools');
  await mkdir(tools, { mode: 0o755 });
  // Reports its execution, then works a little (without fixing anything).
  await writeFile(
    path.join(tools, 'count-me'),
    `#!/bin/bash\nnode -e "fetch('http://127.0.0.1:${port}/' + process.env.SWELANCER_TASK_ID).then(() => process.exit(0), () => process.exit(7))" || exit 7\nsleep 1\n`,
  );
  await chmod(path.join(tools, 'count-me'), 0o755);
  const ids = IC_TASK_IDS.flatMap((id) => ['--id', id]);
  args = [
    'run',
    IC_FIXTURE,
    ...ids,
    '--agent',
    'gold',
    '--agent',
    'command:count-me',
    '--agent-path',
    tools,
    '--agent-network',
    'host',
    '--attempts',
    '2',
    '-j',
    '2',
  ];
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({
  ...process.env,
  XDG_CACHE_HOME: path.join(dir, 'xdg'),
  SWELANCER_CACHE_DIR: path.join(dir, 'cache'),
});

function verdicts(runDir: string): string[] {
  const store = openRunStore(runDir, { readonly: true });
  try {
    const keys = store.plans().map((p) => p.key);
    const results = store.results();
    expect(results.map((r) => r.key).sort()).toEqual([...keys].sort());
    return results
      .map((r) => `${r.taskId} ${r.agentLabel.split(':')[0]} ${r.attemptIndex} ${r.status}`)
      .sort();
  } finally {
    store.close();
  }
}

async function sandboxSlots(): Promise<string[]> {
  const root = path.join(dir, 'xdg', 'swelancer', 'sandboxes');
  const names = await readdir(root).catch(() => []);
  return names.filter((name) => name.startsWith('sb-'));
}

it(`${KILLS} SIGKILLs of an IC run lose nothing, leak nothing and redo less than they kill`, {
  timeout: 1_500_000,
}, async () => {
  const undisturbed = path.join(dir, 'undisturbed');
  const clean = await execa(process.execPath, [BIN, ...args, '--run-dir', undisturbed], {
    cwd: dir,
    env: env(),
    reject: false,
  });
  expect(clean.exitCode, clean.stderr).toBe(0);
  const expected = verdicts(undisturbed);
  // The command agent's attempts (gold's work is fixed in advance: no agent runs).
  const attempts = IC_TASK_IDS.length * 2;
  expect(executions).toHaveLength(attempts);
  executions = [];

  // Kills land on a run until it is over; on a fast machine a run may end before all kills
  // have landed, and the next kills land on a new run of the same plan.
  const random = createPrng(SEED);
  let kills = 0;
  let rounds = 0;
  const runDirs: string[] = [];
  while (kills < KILLS) {
    rounds += 1;
    const chaos = path.join(dir, `chaos-${rounds}`);
    runDirs.push(chaos);
    while (kills < KILLS) {
      const child = spawn(process.execPath, [BIN, ...args, '--run-dir', chaos], {
        cwd: dir,
        env: env(),
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((done) => child.on('exit', done));
      // Between 1.5 and 6 s: start-up, agent phases and gradings are all hit.
      const delay = 1500 + Math.floor(random() * 4500);
      const finished = await Promise.race([
        exited.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), delay)),
      ]);
      if (finished) break;
      child.kill('SIGKILL');
      await exited;
      kills += 1;
    }
    const last = await execa(process.execPath, [BIN, ...args, '--run-dir', chaos], {
      cwd: dir,
      env: env(),
      reject: false,
    });
    expect(last.exitCode, last.stderr).toBe(0);
  }

  console.info(
    `chaos: ${kills} kills over ${rounds} run(s), ${executions.length} agent executions for ` +
      `${attempts * rounds} agent attempts`,
  );
  for (const chaos of runDirs) {
    expect(verdicts(chaos)).toEqual(expected);
    expect(await readdir(chaos)).not.toContain(LOCK_FILE);
  }
  expect(executions.length).toBeGreaterThanOrEqual(attempts * rounds);
  expect(executions.length).toBeLessThan(kills + attempts * rounds);
  expect(await sandboxSlots()).toEqual([]);
  const sandboxProcesses = await execa('pgrep', ['-f', 'count-me'], { reject: false });
  expect(sandboxProcesses.stdout).toBe('');
});
