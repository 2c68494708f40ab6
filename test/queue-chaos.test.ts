/**
 * Chaos on a queue run, seeded, with real processes: a coordinator, three workers and a
 * redis-server (AOF, password), and a plan of manager attempts that each take a second on a
 * worker. While the run works, `kill -9` of a worker ≥ 20 times, of the coordinator ≥ 5
 * times and of Redis ≥ 3 times, one FLUSHALL of Redis's data and one worker frozen
 * (SIGSTOP) past its lock, each killed process started again as a user would. The run must
 * end with exactly the keys and verdicts of the same plan run locally: one row per key,
 * nothing lost, nothing recorded twice, no infra_error (none is injected). The executions
 * per key (work redone after deaths) are printed.
 *
 * A worker's death is a stall and the second stall of one attempt ends it as infra_error
 * ("worker lost", tested in queue-run.test.ts): so no attempt is killed twice here. Before a
 * kill the worker is stopped (SIGSTOP) and its log read: a worker running an attempt that
 * already died once is resumed and spared. Attempts in flight when Redis dies or the worker
 * freezes count as died once too (their locks may be lost).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRunStore } from '../src/store/run-store.ts';
import { createPrng, shuffled } from '../src/util/prng.ts';
import { managerCsv } from './run-helpers.ts';
import { type CliProcess, startCli } from './support/cli-process.ts';
import { localVerdicts, verdictsByKey } from './support/queue-verdicts.ts';
import { startRedis, type TestRedis } from './support/redis-server.ts';

const SEED = 20261206;
const FAKE_KEY = 'sk-fake-chaos-test-0123456789abcdef';
// Long enough that a worker's event loop, slowed by a loaded CI machine, renews its locks in
// time: a false stall counts as a death of the attempt.
const LOCK_MS = 5000;
const WORKERS = 3;
const PLAN = ['run', 'tasks.csv', '--agent', 'gold', '--agent', 'random', '--attempts', '4'];
const EVENTS = [
  ...Array<string>(20).fill('kill worker'),
  ...Array<string>(5).fill('kill coordinator'),
  ...Array<string>(3).fill('kill redis'),
  'flush redis',
  'freeze worker',
] as const;

let root: string;
let redis: TestRedis;
let baseline: Map<string, string>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'swl-queue-chaos-'));
  writeFileSync(
    join(root, 'tasks.csv'),
    managerCsv(
      Array.from({ length: 20 }, (_, i) => ({
        id: `${4000 + i}-manager-0`,
        price: 250 * (1 + (i % 5)),
        proposals: 2 + (i % 4),
        correct: i % 2,
      })),
    ),
  );
  redis = await startRedis();
  baseline = await localVerdicts(root, PLAN, 160);
}, 120_000);

afterAll(async () => {
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

function recordedKeys(runDir: string): Set<string> {
  try {
    const store = openRunStore(runDir, { readonly: true });
    const keys = new Set(store.results().map((r) => r.key));
    store.close();
    return keys;
  } catch {
    return new Set(); // not created yet
  }
}

const STARTED = /: started \(([0-9a-f]{64})\)/g;

function startedKeys(process: CliProcess): string[] {
  return [...process.stderr().matchAll(STARTED)].map((m) => m[1] ?? '');
}

/** Processes started again when they exit (a killed one, or one refused while Redis was down). */
class Fleet {
  readonly workers = new Set<CliProcess>();
  readonly everyWorker: CliProcess[] = [];
  readonly everyCoordinator: CliProcess[] = [];
  coordinator: CliProcess | undefined;
  finished: Promise<void>;
  unexpected: string[] = [];
  isFinished = false;
  #stopping = false;
  #finish!: () => void;

  readonly #runDir: string;
  readonly #env: NodeJS.ProcessEnv;

  constructor(runDir: string, env: NodeJS.ProcessEnv) {
    this.#runDir = runDir;
    this.#env = env;
    this.finished = new Promise((resolve) => {
      this.#finish = resolve;
    });
  }

  startWorker(): void {
    const w = startCli(['worker', redis.url, '-j', '2'], {
      cwd: root,
      env: { ...this.#env, OPENAI_API_KEY: FAKE_KEY },
    });
    this.workers.add(w);
    this.everyWorker.push(w);
    void w.exited.then((code) => {
      this.workers.delete(w);
      if (this.#stopping) return;
      // 137: killed here; 2: Redis was down when it started.
      if (code !== 137 && code !== 2) this.unexpected.push(`worker exit ${code}: ${w.stderr()}`);
      setTimeout(() => this.startWorker(), code === 2 ? 300 : 0);
    });
  }

  startCoordinator(): void {
    const c = startCli([...PLAN, '--run-dir', this.#runDir, '--queue', redis.url, '--json'], {
      cwd: root,
      env: this.#env,
    });
    this.coordinator = c;
    this.everyCoordinator.push(c);
    void c.exited.then((code) => {
      if (code === 0) {
        this.isFinished = true;
        this.#finish();
        return;
      }
      // 2: the killed coordinator's lease has not run out yet, or Redis is down.
      if (code !== 137 && code !== 2) {
        this.unexpected.push(`coordinator exit ${code}: ${c.stderr()}`);
      }
      setTimeout(() => this.startCoordinator(), code === 2 ? 300 : 0);
    });
  }

  /** Attempts a live worker has started and the run has not recorded. */
  inFlightOn(w: CliProcess): string[] {
    const recorded = recordedKeys(join(root, this.#runDir));
    return startedKeys(w).filter((key) => !recorded.has(key));
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    for (const w of this.workers) w.child.kill('SIGTERM');
    await Promise.all([...this.workers].map((w) => w.exited));
  }
}

it('loses and duplicates nothing through seeded kill -9 of workers, coordinator and Redis, a flush and a frozen worker', {
  timeout: 360_000,
}, async () => {
  const random = createPrng(SEED);
  const env = { SWELANCER_QUEUE_LOCK_MS: String(LOCK_MS), SWELANCER_ATTEMPT_DELAY_MS: '1000' };
  const fleet = new Fleet('chaos', env);
  for (let i = 0; i < WORKERS; i++) fleet.startWorker();
  fleet.startCoordinator();
  await fleet.coordinator?.waitFor(/queued \d+ attempt/);

  const diedOnce = new Set<string>();
  const done: Record<string, number> = {};
  const markInFlight = () => {
    for (const w of fleet.workers) for (const key of fleet.inFlightOn(w)) diedOnce.add(key);
  };
  /** Stops a worker none of whose attempts died before; undefined when there is none now. */
  const victim = async (): Promise<CliProcess | undefined> => {
    for (const w of shuffled([...fleet.workers], random)) {
      if (w.child.exitCode !== null || !/attached to the run/.test(w.stderr())) continue;
      w.child.kill('SIGSTOP');
      await sleep(100); // what it logged before it stopped is read
      const keys = fleet.inFlightOn(w);
      if (keys.some((key) => diedOnce.has(key))) {
        w.child.kill('SIGCONT');
        continue;
      }
      for (const key of keys) diedOnce.add(key);
      return w;
    }
    return undefined;
  };

  const someVictim = async (): Promise<CliProcess | undefined> => {
    for (;;) {
      if (fleet.isFinished) return undefined;
      const w = await victim();
      if (w) return w;
      await sleep(200);
    }
  };
  for (const event of shuffled([...EVENTS], random)) {
    await sleep(300 + random() * 500);
    if (fleet.isFinished) break;
    if (event === 'kill worker') {
      const w = await someVictim();
      if (!w) break;
      w.child.kill('SIGKILL');
    } else if (event === 'freeze worker') {
      const w = await someVictim();
      if (!w) break;
      // Stopped past its lock: its attempts go to other workers; its late completions are refused.
      await sleep(LOCK_MS * 2 + 500);
      w.child.kill('SIGCONT');
    } else if (event === 'kill coordinator') {
      // A coordinator at work (not one refused while the last one's lease runs out).
      let c = fleet.coordinator;
      while (
        !fleet.isFinished &&
        !(c && c.child.exitCode === null && /queued \d+/.test(c.stderr()))
      ) {
        await sleep(100);
        c = fleet.coordinator;
      }
      if (fleet.isFinished) break;
      c?.child.kill('SIGKILL');
    } else if (event === 'kill redis') {
      markInFlight();
      await redis.kill();
      await sleep(200 + random() * 400);
      await redis.restart();
    } else {
      const { Redis } = await import('ioredis');
      const client = new Redis(redis.url);
      await client.flushall();
      client.disconnect();
    }
    done[event] = (done[event] ?? 0) + 1;
  }
  const recordedDuringChaos = recordedKeys(join(root, 'chaos')).size;
  await fleet.finished;
  await fleet.stop();

  expect(fleet.unexpected).toEqual([]);
  expect(done).toEqual({
    'kill worker': 20,
    'kill coordinator': 5,
    'kill redis': 3,
    'flush redis': 1,
    'freeze worker': 1,
  });
  // The chaos happened while the run worked, not after it.
  expect(recordedDuringChaos).toBeLessThan(160);
  // Same keys, same verdicts, one row each: nothing lost, nothing recorded twice.
  const chaos = verdictsByKey(join(root, 'chaos'));
  const store = openRunStore(join(root, 'chaos'), { readonly: true });
  const explanations = new Map(store.results().map((r) => [r.key, r.explanation]));
  store.close();
  // An attempt that died once by our hand and stalled once more (its worker starved past its
  // 5 s lock on a loaded machine, or cut off by a Redis kill) is lost twice: infra_error
  // "worker lost" is then the promised verdict, and it only ever falls on an injected death.
  // Anything else that differs is a lost or wrong verdict.
  const lostTwice = (key: string) =>
    diedOnce.has(key) &&
    chaos.get(key)?.startsWith('infra_error ') === true &&
    /worker lost/.test(explanations.get(key) ?? '');
  const differing = [...baseline].filter(([key, verdict]) => chaos.get(key) !== verdict);
  const differences = differing
    .filter(([key]) => !lostTwice(key))
    .map(
      ([key, verdict]) =>
        `${key.slice(0, 12)}: expected ${verdict}, found ${chaos.get(key) ?? 'no row'} ` +
        `(${explanations.get(key) ?? ''}; died before: ${diedOnce.has(key)})`,
    );
  expect(differences).toEqual([]);
  const lost = differing.length - differences.length;
  expect(chaos.size).toBe(baseline.size);

  const executions = fleet.everyWorker.flatMap(startedKeys);
  const perKey = new Map<string, number>();
  for (const key of executions) perKey.set(key, (perKey.get(key) ?? 0) + 1);
  expect(perKey.size).toBe(160);
  console.log(
    `queue chaos (seed ${SEED}): ${JSON.stringify(done)}; ${fleet.everyWorker.length} worker and ` +
      `${fleet.everyCoordinator.length} coordinator processes; ${executions.length} executions ` +
      `for 160 keys = ${(executions.length / 160).toFixed(2)} per key (max ${Math.max(...perKey.values())}); ` +
      `${lost} attempt(s) lost twice after an injected death`,
  );

  // No secret in Redis's files, the run directory or any process's output.
  expect(filesContaining(redis.dir, FAKE_KEY)).toEqual([]);
  expect(filesContaining(join(root, 'chaos'), redis.password)).toEqual([]);
  for (const p of [...fleet.everyWorker, ...fleet.everyCoordinator]) {
    expect(p.stderr() + p.stdout()).not.toContain(redis.password);
    expect(p.stderr() + p.stdout()).not.toContain(FAKE_KEY);
  }
});

function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = join(dir, name);
    if (statSync(file).isFile() && readFileSync(file).includes(needle)) hits.push(file);
  }
  return hits;
}
