/**
 * One run spread over worker processes through BullMQ on a real redis-server: the real CLI,
 * one coordinator (`run … --queue`) and several `worker`s. The queue must keep every promise
 * of a local run: the same keys and verdicts, one row per key, nothing lost when a worker is
 * killed, infra errors apart, no secret in Redis or the run directory.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../src/distributed/protocol.ts';
import { openRunStore } from '../src/store/run-store.ts';
import { managerCsv } from './run-helpers.ts';
import { BIN, type CliProcess, startCli } from './support/cli-process.ts';
import { localVerdicts, verdictsByKey } from './support/queue-verdicts.ts';
import { startRedis, type TestRedis } from './support/redis-server.ts';
import { startScriptedProvider } from './support/scripted-provider/index.ts';

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
  baseline = await localVerdicts(root, PLAN, 40);
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
function cli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const process = startCli(args, { cwd: root, env });
  started.push(process);
  return process;
}

function worker(env: NodeJS.ProcessEnv = {}, jobs = 2): CliProcess {
  return cli(['worker', redis.url, '-j', String(jobs)], { OPENAI_API_KEY: FAKE_KEY, ...env });
}

/** Polls `probe` every 100 ms until it gives a value (at most 30 s). */
async function until<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error('gave up waiting');
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
  expect(verdictsByKey(join(root, 'queued'))).toEqual(baseline);
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

it('refuses a second coordinator; shows where attempts run; Ctrl-C requeues them untried and the same command resumes', {
  timeout: 120_000,
}, async () => {
  const args = [...PLAN, '--run-dir', 'paused', '--queue', redis.url];
  const slow = [worker({ SWELANCER_ATTEMPT_DELAY_MS: '60000' })];
  const first = cli(args);
  await first.waitFor(/queued 40 attempt/);
  const second = cli([...PLAN, '--run-dir', 'other', '--queue', redis.url]);
  expect(await second.exited).toBe(2);
  expect(second.stderr()).toMatch(/another coordinator is running the run/);

  // The live view: the coordinator's store names the worker running each attempt.
  const inFlight = await until(() => {
    const store = openRunStore(join(root, 'paused'), { readonly: true });
    const rows = store.inFlight();
    store.close();
    return rows.length === 2 ? rows : undefined;
  });
  for (const row of inFlight) expect(row.worker).toMatch(new RegExp(`:${slow[0]?.child.pid}$`));
  const report = await execa(process.execPath, [BIN, 'report', 'paused'], { cwd: root });
  expect(report.stdout).toMatch(/In flight[\s\S]*worker/);

  first.child.kill('SIGINT');
  expect(await first.exited).toBe(130);
  await slow[0]?.waitFor(/requeued[\s\S]*requeued/);
  // Back on the queue, not tried: no job counts an attempt made.
  const { Queue } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const runId = openRunStore(join(root, 'paused'), { readonly: true }).manifest().planId;
  const queue = new Queue(`swl-${runId}`, { connection });
  expect(await queue.isPaused()).toBe(true);
  expect(await queue.getActiveCount()).toBe(0);
  const jobs = await queue.getJobs(['wait']);
  expect(jobs.length).toBe(40);
  for (const job of jobs) expect(job.attemptsMade).toBe(0);
  await queue.close();
  connection.disconnect();
  await drained(slow);

  const workers = [worker(), worker()];
  const again = cli([...args, '--json']);
  expect(await again.exited, again.stderr()).toBe(0);
  expect(again.stderr()).toMatch(/resuming: 40 of 40 attempts left/);
  expect(verdictsByKey(join(root, 'paused'))).toEqual(baseline);
  const store = openRunStore(join(root, 'paused'), { readonly: true });
  expect(store.results().every((r) => r.infraRetries === 0)).toBe(true);
  expect(store.inFlight()).toEqual([]);
  store.close();
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
  expect(verdictsByKey(join(root, 'killed'))).toEqual(baseline);
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

it('a stall whose worker is alive costs no life: two Redis outages during one attempt end in its verdict', {
  timeout: 90_000,
}, async () => {
  const env = { SWELANCER_ATTEMPT_DELAY_MS: '10000' };
  const workers = [worker(env, 1), worker(env, 1)];
  const coordinator = cli(
    [
      ...['run', 'tasks.csv', '--agent', 'gold', '--id', '3000-manager-0', '--run-dir', 'outages'],
      '--queue',
      redis.url,
    ],
    { SWELANCER_QUEUE_LOCK_MS: '2000' },
  );
  const logs = () => workers.map((w) => w.stderr()).join('');
  // Each outage outlasts the lock: BullMQ sees a stall and the idle worker takes the attempt up.
  for (let outage = 1; outage <= 2; outage++) {
    await until(() => (logs().match(/: started \(/g)?.length ?? 0) >= outage || undefined);
    // Past Redis's next AOF fsync (every second), so the restarted Redis knows who held it.
    await sleep(1500);
    await redis.kill();
    await sleep(3000);
    await redis.restart();
  }
  expect(await coordinator.exited, coordinator.stderr()).toBe(0);
  const store = openRunStore(join(root, 'outages'), { readonly: true });
  const [result] = store.results();
  store.close();
  expect(result?.status).toBe('passed');
  expect(logs().match(/taken up after a stall of a live worker/g)?.length).toBe(2);
  expect(logs()).not.toMatch(/died/);
  await drained(workers);
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
      protocol: PROTOCOL_VERSION,
      runId,
      runDir: '/elsewhere/run',
      gradingVersion: '0',
      maxInfraRetries: 2,
      infraRetryBaseMs: 1000,
      lockMs: 30_000,
      stalledMs: 15_000,
      tasks: {},
      keysDigest: '',
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

it('--max-spend caps the run across workers with one shared counter; the same command without it resumes', {
  timeout: 90_000,
}, async () => {
  const provider = await startScriptedProvider({ apiKey: FAKE_KEY });
  // Always the right proposal: the task's id and its answer are in the issue text.
  provider.script('gpt-4o-mini', (request) => {
    const id = /item (\d+)-manager-0/.exec(request.text)?.[1];
    const answer = Number(id) % 2;
    return {
      reply: {
        text: `I choose proposal ${answer}.`,
        toolCalls: [{ name: 'select_proposal', arguments: { proposal_id: answer } }],
        usage: { input: 10_000, cachedInput: 2_000, output: 1_000 },
      },
    };
  });
  const modelEnv = { OPENAI_BASE_URL: provider.openaiBaseUrl, SWELANCER_MODEL_RETRY_BASE_MS: '1' };
  try {
    const ids = [0, 1, 2, 3, 4, 5].flatMap((i) => ['--id', `${3000 + i}-manager-0`]);
    const plan = ['run', 'tasks.csv', '--model', 'openai:gpt-4o-mini', ...ids];
    const args = [...plan, '--run-dir', 'capped', '--queue', redis.url, '--json'];
    const only = worker(modelEnv, 1);
    // $0.00195 an attempt: the third passes the cap, the fourth never starts.
    const capped = cli([...args, '--max-spend', '0.005']);
    expect(await capped.exited, capped.stderr()).toBe(130);
    expect(JSON.parse(capped.stdout())).toMatchObject({ recorded: 3, stoppedBySpendCap: true });
    expect(capped.stderr()).toMatch(/spend reached --max-spend 0.005 USD/);
    expect(provider.requests).toHaveLength(3);

    const resumed = cli(args);
    expect(await resumed.exited, resumed.stderr() + only.stderr()).toBe(0);
    expect(JSON.parse(resumed.stdout())).toMatchObject({ alreadyDone: 3, recorded: 3 });
    expect(provider.requests).toHaveLength(6);
    const store = openRunStore(join(root, 'capped'), { readonly: true });
    expect(store.results().every((r) => r.status === 'passed')).toBe(true);
    store.close();
    await drained([only]);
    // The key stayed in the worker's environment: not in Redis, the run, or any output.
    expect(filesContaining(redis.dir, FAKE_KEY)).toEqual([]);
    expect(filesContaining(join(root, 'capped'), FAKE_KEY)).toEqual([]);
    for (const p of [capped, resumed, only])
      expect(p.stderr() + p.stdout()).not.toContain(FAKE_KEY);

    // The live view: a worker's agent in the middle of its attempt shows its steps and spend
    // in the coordinator's store, with the worker's name.
    provider.script('gpt-4o-mini', (request) =>
      request.index === 0
        ? { reply: { text: 'Let me think.', usage: { input: 10_000, output: 1_000 } } }
        : {
            reply: {
              toolCalls: [{ name: 'select_proposal', arguments: { proposal_id: 0 } }],
              usage: { input: 10_000, output: 1_000 },
            },
            delayMs: 4000,
          },
    );
    const live = worker(modelEnv, 1);
    const liveRun = cli(
      [...plan.slice(0, 4), '--id', '3006-manager-0', '--run-dir', 'live', '--queue', redis.url],
      { SWELANCER_QUEUE_LOCK_MS: '3000' },
    );
    const row = await until(() => {
      try {
        const store = openRunStore(join(root, 'live'), { readonly: true });
        const rows = store.inFlight();
        store.close();
        return rows[0]?.steps === 1 ? rows[0] : undefined;
      } catch {
        return undefined; // not created yet
      }
    }).catch((error) => {
      throw new Error(`${error}\n${liveRun.stderr()}\n${live.stderr()}`);
    });
    // gpt-4o-mini: 10,000 input × $0.15 + 1,000 output × $0.60 per million.
    const perCall = (10_000 * 0.15 + 1_000 * 0.6) / 1e6;
    expect(row.spendUsd).toBeCloseTo(perCall, 12);
    expect(row.worker).toMatch(new RegExp(`:${live.child.pid}$`));

    // That worker dies: its paid call is in no result, and the report says so.
    live.child.kill('SIGKILL');
    const next = worker(modelEnv, 1);
    expect(await liveRun.exited, liveRun.stderr()).toBe(0);
    const json = await execa(process.execPath, [BIN, 'report', 'live', '--format', 'json'], {
      cwd: root,
    });
    expect(JSON.parse(json.stdout).lostTries.lostUsd).toBeCloseTo(perCall, 9);
    const text = await execa(process.execPath, [BIN, 'report', 'live'], { cwd: root });
    expect(text.stdout).toMatch(/went to tries no result shows/);
    await drained([next]);
  } finally {
    await provider.close();
  }
});

it('an infrastructure error on one worker is retried on another; one on every try ends as infra_error, shown apart', {
  timeout: 120_000,
}, async () => {
  const provider = await startScriptedProvider({ apiKey: FAKE_KEY });
  provider.script('gpt-4o-mini', () => ({
    reply: {
      toolCalls: [{ name: 'select_proposal', arguments: { proposal_id: 1 } }],
      usage: { input: 1_000, output: 100 },
    },
  }));
  // A worker whose key the provider refuses: an infrastructure error, on that worker only.
  const withKey = (key: string) => ({
    OPENAI_BASE_URL: provider.openaiBaseUrl,
    OPENAI_API_KEY: key,
    SWELANCER_MODEL_RETRY_BASE_MS: '1',
  });
  const plan = ['run', 'tasks.csv', '--model', 'openai:gpt-4o-mini', '--queue', redis.url];
  const fast = { SWELANCER_INFRA_RETRY_BASE_MS: '200' };
  try {
    const refused = cli(['worker', redis.url], withKey('sk-refused-key'));
    const coordinator = cli([...plan, '--id', '3001-manager-0', '--run-dir', 'infra-once'], fast);
    await refused.waitFor(/refused the credentials/);
    await drained([refused]);
    const good = worker(withKey(FAKE_KEY), 1);
    expect(await coordinator.exited, coordinator.stderr()).toBe(0);
    await drained([good]);
    let store = openRunStore(join(root, 'infra-once'), { readonly: true });
    const [retried] = store.results();
    store.close();
    expect(retried).toMatchObject({ status: 'passed', infraRetries: 1 });
    const details = retried?.details as { infraErrors: string[]; worker: { pid: number } };
    expect(details.infraErrors).toEqual([
      expect.stringMatching(new RegExp(`:${refused.child.pid}: .*refused the credentials`)),
    ]);
    expect(details.worker.pid).toBe(good.child.pid);

    // Refused on every try: infra_error after --max-infra-retries + 1 tries, never a failure.
    const alone = cli(['worker', redis.url], withKey('sk-refused-key'));
    const failing = cli(
      [...plan, '--id', '3002-manager-0', '--run-dir', 'infra-always', '--max-infra-retries', '1'],
      fast,
    );
    expect(await failing.exited, failing.stderr()).toBe(3);
    await drained([alone]);
    store = openRunStore(join(root, 'infra-always'), { readonly: true });
    const [lost] = store.results();
    store.close();
    expect(lost).toMatchObject({ status: 'infra_error', infraRetries: 1 });
    expect(lost?.explanation).toMatch(/infrastructure failed on all 2 tries/);
    const report = await execa(process.execPath, [BIN, 'report', 'infra-always'], { cwd: root });
    expect(report.stdout).toMatch(/in infra errors \(1 attempt\(s\)/);
  } finally {
    await provider.close();
  }
});

it('workers without the suite fetch it as a bundle from Redis, cached by hash; a copy whose task differs is refused', {
  timeout: 90_000,
}, async () => {
  // The suite exists at its path only while the coordinator plans: workers cannot read it.
  mkdirSync(join(root, 'moving'));
  const csv = readFileSync(join(root, 'tasks.csv'), 'utf8');
  writeFileSync(join(root, 'moving', 'tasks.csv'), csv);
  const plan = ['run', 'moving/tasks.csv', ...PLAN.slice(2)];
  const coordinator = cli([...plan, '--run-dir', 'bundled', '--queue', redis.url, '--json']);
  await coordinator.waitFor(/queued 40 attempt/);
  rmSync(join(root, 'moving'), { recursive: true });
  const { Redis } = await import('ioredis');
  const client = new Redis(redis.url);
  const [infoKey] = await client.keys('swl:run:*:info');
  const hash = JSON.parse((await client.get(infoKey ?? '')) ?? '{}').bundle?.hash as string;
  client.disconnect();
  expect(hash).toMatch(/^[0-9a-f]{64}$/);

  // A cache holding an edited copy under that hash: the worker names the task and refuses.
  const edited = mkdtempSync(join(tmpdir(), 'swl-cache-'));
  const copy = join(edited, 'suites', hash);
  mkdirSync(join(copy, 'suite'), { recursive: true });
  writeFileSync(
    join(copy, 'suite', 'tasks.csv'),
    csv.replace('layer 0 for 3000-manager-0', 'layer 9 for 3000-manager-0'),
  );
  writeFileSync(
    join(copy, '.bundle.json'),
    JSON.stringify({ source: 'suite/tasks.csv', files: [] }),
  );
  const refusing = worker({ SWELANCER_CACHE_DIR: edited });
  expect(await refusing.exited).toBe(2);
  expect(refusing.stderr()).toMatch(
    /copy of the run's tasks differs from the coordinator's: 3000-manager-0 has content [0-9a-f]{12}, expected [0-9a-f]{12}/,
  );

  const cache = mkdtempSync(join(tmpdir(), 'swl-cache-'));
  const workers = [worker({ SWELANCER_CACHE_DIR: cache }), worker({ SWELANCER_CACHE_DIR: cache })];
  expect(await coordinator.exited, coordinator.stderr()).toBe(0);
  expect(verdictsByKey(join(root, 'bundled'))).toEqual(baseline);
  expect(readFileSync(join(cache, 'suites', hash, 'suite', 'tasks.csv'), 'utf8')).toBe(csv);
  const store = openRunStore(join(root, 'bundled'), { readonly: true });
  for (const result of store.results()) {
    expect(result.details).toMatchObject({
      worker: { suiteBundle: hash, grading: expect.any(String) },
    });
  }
  store.close();
  await drained(workers);
  rmSync(edited, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

it('a worker drains on SIGTERM: its attempts in flight finish and are recorded, then it exits 0', {
  timeout: 60_000,
}, async () => {
  const draining = worker({ SWELANCER_ATTEMPT_DELAY_MS: '2000' });
  const ids = ['--id', '3000-manager-0', '--id', '3001-manager-0'];
  const coordinator = cli([
    ...['run', 'tasks.csv', '--agent', 'gold', ...ids],
    ...['--run-dir', 'drained', '--queue', redis.url, '--json'],
  ]);
  await draining.waitFor(/started[\s\S]*started/);
  draining.child.kill('SIGTERM');
  expect(await draining.exited).toBe(0);
  expect(draining.stderr()).toMatch(/draining/);
  expect(await coordinator.exited, coordinator.stderr()).toBe(0);
  const store = openRunStore(join(root, 'drained'), { readonly: true });
  const results = store.results();
  store.close();
  expect(results.map((r) => r.status)).toEqual(['passed', 'passed']);
  for (const r of results) {
    expect(r.details).toMatchObject({ worker: { pid: draining.child.pid } });
  }
});
