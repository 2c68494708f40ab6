/**
 * One run spread over worker processes through BullMQ on a real redis-server: the real CLI,
 * one coordinator (`run … --queue`) and several `worker`s. The queue must keep every promise
 * of a local run: the same keys and verdicts, one row per key, nothing lost when a worker is
 * killed, infra errors apart, no secret in Redis or the run directory.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { openRunStore } from '../src/store/run-store.ts';
import { managerCsv } from './run-helpers.ts';
import { BIN, type CliProcess, startCli } from './support/cli-process.ts';
import { startRedis, type TestRedis } from './support/redis-server.ts';

const FAKE_KEY = 'sk-fake-queue-test-0123456789abcdef';
const PLAN = ['run', 'tasks.csv', '--agent', 'gold', '--agent', 'random', '--attempts', '2'];

let root: string;
let redis: TestRedis;
let baseline: Map<string, string>;
const started: CliProcess[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'swl-queue-'));
  writeFileSync(
    join(root, 'tasks.csv'),
    managerCsv(
      Array.from({ length: 10 }, (_, i) => ({
        id: `${3000 + i}-manager-0`,
        price: 500 * (1 + (i % 4)),
        proposals: 2 + (i % 3),
        correct: i % 2,
      })),
    ),
  );
  redis = await startRedis();
  const local = await execa(process.execPath, [BIN, ...PLAN, '--run-dir', 'local', '--json'], {
    cwd: root,
  });
  expect(JSON.parse(local.stdout).recorded).toBe(40);
  baseline = rows(join(root, 'local'));
}, 120_000);

// A failed test must not leave workers that would serve the next test's run.
afterEach(() => {
  for (const cli of started.splice(0)) cli.child.kill('SIGKILL');
});

afterAll(async () => {
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** key → status/earned/selected proposal, with a check that no key has two rows. */
function rows(runDir: string): Map<string, string> {
  const store = openRunStore(runDir, { readonly: true });
  const results = store.results();
  store.close();
  const byKey = new Map<string, string>();
  for (const r of results) {
    expect(byKey.has(r.key), `two rows for ${r.key}`).toBe(false);
    const details = r.details as { selectedProposalId?: unknown } | null;
    byKey.set(r.key, `${r.status} ${r.earnedUsd} ${JSON.stringify(details?.selectedProposalId)}`);
  }
  return byKey;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const process = startCli(args, { cwd: root, env });
  started.push(process);
  return process;
}

function worker(env: NodeJS.ProcessEnv = {}, jobs = 2): CliProcess {
  return cli(['worker', redis.url, '-j', String(jobs)], { OPENAI_API_KEY: FAKE_KEY, ...env });
}

async function drained(workers: CliProcess[]): Promise<void> {
  for (const w of workers) w.child.kill('SIGTERM');
  for (const w of workers) expect(await w.exited).toBe(0);
}

/** Every file under `dir`, read as bytes, with `needle` in it. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = join(dir, name);
    if (statSync(file).isFile() && readFileSync(file).includes(needle)) hits.push(file);
  }
  return hits;
}

it('records, through two workers, the keys and verdicts of the local run, one row each, and no secret', {
  timeout: 90_000,
}, async () => {
  const workers = [worker(), worker()];
  const coordinator = cli([...PLAN, '--run-dir', 'queued', '--queue', redis.url, '--json']);
  expect(await coordinator.exited, coordinator.stderr()).toBe(0);
  const outcome = JSON.parse(coordinator.stdout());
  expect(outcome.recorded).toBe(40);
  expect(rows(join(root, 'queued'))).toEqual(baseline);
  await Promise.all(workers.map((w) => w.waitFor(/the run of .* is finished/)));
  await drained(workers);

  const store = openRunStore(join(root, 'queued'), { readonly: true });
  const pids = store
    .results()
    .map((r) => (r.details as { worker?: { pid?: unknown } } | null)?.worker?.pid);
  const workerPids = workers.map((w) => w.child.pid);
  expect(store.manifest().command.join(' ')).not.toContain(redis.password);
  store.close();
  // Each result names the worker process that produced it.
  for (const pid of pids) expect(workerPids).toContain(pid);
  // The password is never written, the model key never leaves the workers' environment.
  expect(coordinator.stderr()).toContain('redis://:***@');
  expect(filesContaining(join(root, 'queued'), redis.password)).toEqual([]);
  for (const w of [coordinator, ...workers]) {
    expect(w.stderr() + w.stdout()).not.toContain(redis.password);
  }
  expect(filesContaining(redis.dir, FAKE_KEY)).toEqual([]);
  expect(filesContaining(redis.dir, 'attempt')).not.toEqual([]);
});

it('refuses a second coordinator; Ctrl-C pauses the queue and the same command resumes', {
  timeout: 90_000,
}, async () => {
  const args = [...PLAN, '--run-dir', 'paused', '--queue', redis.url];
  const first = cli(args);
  await first.waitFor(/queued 40 attempt/);
  const second = cli([...PLAN, '--run-dir', 'other', '--queue', redis.url]);
  expect(await second.exited).toBe(2);
  expect(second.stderr()).toMatch(/another coordinator is running the run/);

  first.child.kill('SIGINT');
  expect(await first.exited).toBe(130);
  const workers = [worker(), worker()];
  const again = cli([...args, '--json']);
  expect(await again.exited, again.stderr()).toBe(0);
  expect(again.stderr()).toMatch(/resuming: 40 of 40 attempts left/);
  expect(rows(join(root, 'paused'))).toEqual(baseline);
  await drained(workers);
});

it('loses and duplicates nothing when a worker is killed with kill -9 mid-attempt', {
  timeout: 90_000,
}, async () => {
  const env = { SWELANCER_ATTEMPT_DELAY_MS: '700' };
  const doomed = worker(env);
  const survivor = worker(env);
  const coordinator = cli([...PLAN, '--run-dir', 'killed', '--queue', redis.url, '--json'], {
    SWELANCER_QUEUE_LOCK_MS: '2000',
  });
  await doomed.waitFor(/started[\s\S]*started[\s\S]*started/);
  doomed.child.kill('SIGKILL');
  expect(await coordinator.exited, coordinator.stderr()).toBe(0);
  expect(rows(join(root, 'killed'))).toEqual(baseline);
  await drained([survivor]);
});

it('ends an attempt whose worker died twice as infra_error "worker lost"', {
  timeout: 90_000,
}, async () => {
  const env = { SWELANCER_ATTEMPT_DELAY_MS: '30000' };
  const coordinator = cli(
    [
      'run',
      'tasks.csv',
      '--agent',
      'gold',
      '--id',
      '3000-manager-0',
      '--run-dir',
      'lost',
      '--queue',
      redis.url,
      '--json',
    ],
    { SWELANCER_QUEUE_LOCK_MS: '1000' },
  );
  for (let death = 0; death < 2; death++) {
    const w = worker(env, 1);
    await w.waitFor(/started/);
    w.child.kill('SIGKILL');
  }
  const last = worker(env, 1);
  expect(await coordinator.exited, coordinator.stderr()).toBe(3);
  const store = openRunStore(join(root, 'lost'), { readonly: true });
  const [result] = store.results();
  store.close();
  expect(result?.status).toBe('infra_error');
  expect(result?.explanation).toMatch(/worker lost/);
  await drained([last]);
});

it('a worker refuses to attach to a run planned under another grading version, saying why', {
  timeout: 60_000,
}, async () => {
  const { Redis } = await import('ioredis');
  const client = new Redis(redis.url);
  const runId = 'older-grading';
  const store = openRunStore(join(root, 'local'), { readonly: true });
  const manifest = store.manifest();
  store.close();
  await client.set(
    `swl:run:${runId}:info`,
    JSON.stringify({
      protocol: 1,
      runId,
      runDir: '/elsewhere/run',
      gradingVersion: '0',
      maxInfraRetries: 2,
      infraRetryBaseMs: 1000,
      lockMs: 30_000,
      stalledMs: 15_000,
      manifest: { ...manifest, gradingVersion: '0' },
    }),
  );
  await client.zadd('swl:runs', 1, runId);
  try {
    const refusing = worker();
    expect(await refusing.exited).toBe(2);
    expect(refusing.stderr()).toMatch(
      /run of \/elsewhere\/run was planned under grading version 0, this worker grades with version \d+/,
    );
  } finally {
    await client.zrem('swl:runs', runId);
    await client.del(`swl:run:${runId}:info`);
    client.disconnect();
  }
});
