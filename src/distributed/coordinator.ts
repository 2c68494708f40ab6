/**
 * The coordinator of a queue run (`swelancer run … --queue <redis-url>`): it plans as a local
 * run does, puts one BullMQ job per attempt without a result on the run's queue (job id =
 * attempt key), and stays the only writer of the run directory: workers return each final
 * result with its artifact files as the job's return value, which is committed here, then the
 * job removed. Three layers keep each key to one row: the job id (adding an existing job is
 * a no-op), BullMQ's lock token (a worker that lost its lock cannot complete the job) and the
 * store's primary key. Hence re-adding every key without a row is always safe: done at the
 * start and every few seconds, which also covers a Redis that lost its data.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { InputError } from '../errors.ts';
import { infraResult } from '../runner/attempt.ts';
import { inFlightNotes } from '../runner/in-flight-notes.ts';
import { GRADING_VERSION, type PlannedAttempt } from '../runner/plan.ts';
import {
  beginRun,
  countResult,
  type ExecuteRunOptions,
  endRun,
  type PreparedRun,
  type RunOutcome,
  storeFailed,
} from '../runner/run.ts';
import type { RunStore } from '../store/run-store.ts';
import type { AttemptResult, RunManifest } from '../store/types.ts';
import { isJsonObject } from '../util/json.ts';
import type { Logger } from '../util/logger.ts';
import { keysDigest } from './attach-checks.ts';
import { stageNotes } from './live-stages.ts';
import {
  type AttemptJobData,
  abortKey,
  jobIdOf,
  leaseKey,
  MAX_STALLS,
  maxSpendKey,
  PROTOCOL_VERSION,
  parseAttemptReturn,
  type QueueTimings,
  queueName,
  RUNS_KEY,
  type RunInfo,
  runInfoKey,
  spentKey,
  WORKER_LOST,
} from './protocol.ts';
import { connectRedis, loadBull, type Redis, withoutPassword } from './redis.ts';
import { floorSpent, sharedSpent } from './shared-spend.ts';
import { bundleKey, MAX_BUNDLE_BYTES, packSuite, type SuiteBundle } from './suite-bundle.ts';

export interface QueueRunOptions extends ExecuteRunOptions {
  /** The Redis URL (with its password, never recorded). */
  queueUrl: string;
  timings: QueueTimings;
  /** How often keys without a row are added again. @default 5000 */
  reconcileMs?: number;
  /** `--max-spend` in USD: the cap on the run's spend counter, shared by every worker. */
  maxSpendUsd?: number;
}

/** Jobs read per poll of the completed and failed lists. */
const BATCH = 500;
/** Jobs whose artifacts are written at once. */
const PARALLEL_INGEST = 32;
/** How long Ctrl-C waits for the workers to put the attempts in flight back on the queue. */
const REQUEUE_WAIT_MS = 10_000;
/** How often the stages of running attempts are read into the store's in_flight table. */
const STAGES_POLL_MS = 1000;
/** Running attempts read per poll (a fleet runs fewer at once). */
const ACTIVE_SHOWN = 1000;
/** How often the spend counter is read against `--max-spend`. */
const SPEND_CHECK_MS = 250;
/** How long the abort key lives if no coordinator comes back to the run. */
const ABORT_TTL_MS = 7 * 24 * 3600_000;

type Job = import('bullmq').Job<AttemptJobData>;

export async function executeRunOnQueue(
  prepared: PreparedRun,
  options: QueueRunOptions,
): Promise<RunOutcome> {
  const t0 = performance.now();
  const { logger } = options;
  const runId = prepared.manifest.planId;
  const redis = await connectRedis(options.queueUrl, true);
  // As long as a worker's lock: a dead coordinator is replaced as fast as a dead worker.
  const lease = await takeLease(redis, runId, prepared.runDir, options.timings.lockMs).catch(
    (error: unknown) => {
      redis.disconnect();
      throw error;
    },
  );
  let session: Awaited<ReturnType<typeof beginRun>> | undefined;
  let queue: import('bullmq').Queue<AttemptJobData> | undefined;
  try {
    session = await beginRun(prepared, options);
    const { store, planned, progress } = session;
    const { Queue } = await loadBull();
    queue = new Queue<AttemptJobData>(queueName(runId), { connection: redis });
    const byKey = new Map(prepared.planning.attempts.map((a) => [a.plan.key, a]));
    const bundle = await suiteBundleOf(prepared.manifest.plan, logger);
    const finished = store.finishedKeys();
    const info: RunInfo = {
      protocol: PROTOCOL_VERSION,
      runId,
      runDir: prepared.runDir,
      gradingVersion: GRADING_VERSION,
      maxInfraRetries: options.maxInfraRetries ?? 2,
      infraRetryBaseMs: options.infraRetryBaseMs ?? 1000,
      lockMs: options.timings.lockMs,
      stalledMs: options.timings.stalledMs,
      ...(options.official ? { official: options.official } : {}),
      ...(bundle
        ? { bundle: { hash: bundle.hash, files: bundle.files, bytes: bundle.bytes } }
        : {}),
      tasks: Object.fromEntries(
        prepared.planning.attempts.map((a) => [a.task.id, a.task.contentHash]),
      ),
      keysDigest: keysDigest(prepared.planning.attempts.map((a) => a.plan.key)),
      manifest: prepared.manifest,
    };
    // The counter's floor is what the run directory records (it only rises from there).
    const recordedSpend = () => store.results().reduce((sum, r) => sum + (r.costUsd ?? 0), 0);
    if (options.maxSpendUsd !== undefined) await floorSpent(redis, runId, recordedSpend());
    const publish = async () => {
      // Before the facts that name it; again whenever Redis lost it.
      if (bundle && !(await redis.exists(bundleKey(bundle.hash)))) {
        await redis.set(bundleKey(bundle.hash), bundle.data);
      }
      await redis.set(runInfoKey(runId), JSON.stringify(info));
      // Its own key: each session of the coordinator may set another cap, or none.
      if (options.maxSpendUsd === undefined) await redis.del(maxSpendKey(runId));
      else await redis.set(maxSpendKey(runId), String(options.maxSpendUsd));
      await redis.zadd(RUNS_KEY, 'NX', Date.now(), runId);
    };
    const missing = () => prepared.planning.attempts.filter((a) => !finished.has(a.plan.key));
    const enqueue = async (attempts: readonly PlannedAttempt[]) => {
      if (!queue || attempts.length === 0) return;
      await queue.addBulk(
        attempts.map((a) => ({
          name: 'attempt',
          data: { key: a.plan.key },
          opts: {
            jobId: jobIdOf(a.plan.key),
            attempts: info.maxInfraRetries + 1,
            backoff: { type: 'exponential', delay: Math.max(1, info.infraRetryBaseMs) },
            removeOnComplete: false,
            removeOnFail: false,
          },
        })),
      );
    };
    await publish();
    // Paused by an earlier coordinator's Ctrl-C or spend cap: this session goes on.
    await redis.del(abortKey(runId));
    await queue.resume();
    // Workers report the stages of the attempts they run: noted in the store's in_flight.
    const noteStages = stageNotes(
      byKey,
      finished,
      inFlightNotes(store, options.progress, (message) => logger.warn(message)),
    );
    await enqueue(missing());
    logger.info(
      `queued ${missing().length} attempt(s) on ${withoutPassword(options.queueUrl)} ` +
        `(queue ${queueName(runId)}): start workers with \`swelancer worker <redis-url>\``,
    );

    const environments = environmentWatch(logger.warn);
    // Artifact folders an interrupted earlier session left: written again from the result.
    const stale = store.artifactKeys();
    const ingest = async (job: Job, failed: boolean): Promise<void> => {
      const key = job.data.key;
      const attempt = byKey.get(key);
      if (attempt && !finished.has(key)) {
        const result = failed
          ? failedResult(attempt, job)
          : await resultOf(store, job, key, stale.has(key), logger.warn);
        if (result) {
          let recorded: boolean;
          try {
            recorded = store.record(result);
          } catch (error) {
            throw storeFailed(prepared.runDir, error);
          }
          finished.add(key);
          options.progress?.settled(key, recorded ? result : undefined);
          if (recorded) {
            environments.note(result);
            countResult(progress, result, t0);
            options.progress?.update(progress);
          } else {
            logger.warn(`attempt ${key} was already recorded; kept the first`);
          }
        }
      }
    };
    // Removed once committed, a batch at a time (pipelined on the connection): a crash before
    // the removal only ingests a job again, and its key has a row by then.
    const ingestAll = async (jobs: readonly Job[], failed: boolean): Promise<void> => {
      // Artifact files are fsynced: jobs of distinct keys are written side by side, as a
      // local run's concurrent attempts write theirs; each row still follows its files.
      for (let at = 0; at < jobs.length; at += PARALLEL_INGEST) {
        await Promise.all(jobs.slice(at, at + PARALLEL_INGEST).map((job) => ingest(job, failed)));
      }
      await Promise.all(jobs.map((job) => job.remove().catch(() => undefined)));
    };

    // Tries lost to a dead worker or an infrastructure error were paid too: the report shows
    // what the workers spent beside what the results record.
    const noteWorkersSpent = async () => {
      const spent = await sharedSpent(redis, runId);
      if (spent > 0) store.noteWorkersSpent(spent);
    };
    const reconcileMs = options.reconcileMs ?? 5000;
    let reconciled = performance.now();
    let leaseRenewed = performance.now();
    let spendChecked = performance.now();
    let stagesRead = performance.now();
    let interrupted = false;
    let stoppedBySpendCap = false;
    const ingestFinishedJobs = async (): Promise<number> => {
      if (!queue) return 0;
      const done = await queue.getCompleted(0, BATCH - 1);
      const failed = await queue.getFailed(0, BATCH - 1);
      await ingestAll(done, false);
      await ingestAll(failed, true);
      return done.length + failed.length;
    };
    while (prepared.planning.attempts.some((a) => !finished.has(a.plan.key))) {
      if (options.signal?.aborted) {
        // No new start anywhere; the workers abort the attempts in flight and put them back
        // on the queue, untried, for the next session of this coordinator.
        await queue.pause();
        await redis.set(abortKey(runId), '1', 'PX', ABORT_TTL_MS);
        await untilNoneActive(queue, REQUEUE_WAIT_MS);
        await ingestFinishedJobs();
        interrupted = true;
        break;
      }
      const ingested = await ingestFinishedJobs();
      const now = performance.now();
      if (now - leaseRenewed > lease.ms / 3) {
        await lease.renew();
        leaseRenewed = now;
      }
      if (now - reconciled > reconcileMs) {
        await publish();
        await noteWorkersSpent();
        if (options.maxSpendUsd !== undefined) await floorSpent(redis, runId, recordedSpend());
        if (!stoppedBySpendCap) await enqueue(missing());
        reconciled = now;
      }
      if (now - stagesRead > STAGES_POLL_MS) {
        noteStages(await queue.getActive(0, ACTIVE_SHOWN - 1));
        stagesRead = now;
      }
      if (options.maxSpendUsd !== undefined && now - spendChecked > SPEND_CHECK_MS) {
        spendChecked = now;
        if (!stoppedBySpendCap && (await sharedSpent(redis, runId)) >= options.maxSpendUsd) {
          // No new start; the attempts in flight finish and are recorded, as in a local run.
          await queue.pause();
          stoppedBySpendCap = true;
          logger.warn(
            `the run's spend reached --max-spend ${options.maxSpendUsd} USD: no new attempt starts; finishing those in flight`,
          );
        }
        if (stoppedBySpendCap && (await queue.getActiveCount()) === 0) {
          await ingestFinishedJobs();
          break;
        }
      }
      if (ingested === 0) {
        await sleep(50, undefined, { signal: options.signal }).catch(() => undefined);
      }
    }
    for (const key of planned) if (!finished.has(key)) interrupted = true;
    await noteWorkersSpent();
    if (!interrupted) {
      // Finished: workers see the run leave the registry and detach.
      await redis.zrem(RUNS_KEY, runId);
      await redis.del(runInfoKey(runId), maxSpendKey(runId), spentKey(runId), abortKey(runId));
      // Another open run of the same suite publishes it again if it needs it.
      if (bundle) await redis.del(bundleKey(bundle.hash));
      await queue.obliterate({ force: true });
    }
    return endRun(prepared, session, {
      t0,
      stoppedBySpendCap,
      progress: options.progress,
    });
  } finally {
    session?.store.close();
    await queue?.close().catch(() => undefined);
    await lease.release().catch(() => undefined);
    redis.disconnect();
  }
}

/**
 * The suite (and categories file) packed for workers without the suite's path; undefined for
 * a built-in suite name or a suite too large for Redis (workers then read its path).
 */
async function suiteBundleOf(
  plan: RunManifest['plan'],
  logger: Logger,
): Promise<SuiteBundle | undefined> {
  if (!existsSync(plan.source)) return undefined;
  const bundle = await packSuite(plan.source, plan.categories);
  if (!bundle) {
    logger.warn(
      `${plan.source} is larger than ${MAX_BUNDLE_BYTES / 2 ** 20} MiB: not sent through Redis; ` +
        'workers read it from that path (a shared filesystem)',
    );
  } else {
    logger.info(
      `suite bundle ${bundle.hash.slice(0, 12)}: ${bundle.files} file(s), ` +
        `${(bundle.data.length / 1024).toFixed(0)} KiB for the workers`,
    );
  }
  return bundle;
}

/**
 * Warns when the run's results come from workers of different environments (Node,
 * platform, sandbox provider, suite bundle, images): verdicts should not depend on them, but
 * a difference between agents or attempts could.
 */
function environmentWatch(warn: (message: string) => void): { note(result: AttemptResult): void } {
  const seen = new Map<string, string>();
  return {
    note(result) {
      const details = result.details;
      if (details === null || typeof details !== 'object' || Array.isArray(details)) return;
      const worker = details.worker;
      if (worker === null || typeof worker !== 'object' || Array.isArray(worker)) return;
      const { host: _host, pid: _pid, ...environment } = worker;
      const signature = JSON.stringify(environment);
      if (seen.has(signature)) return;
      seen.set(signature, `${String(worker.host)}:${String(worker.pid)}`);
      if (seen.size > 1) {
        warn(
          `this run's results come from ${seen.size} worker environments (${[...seen.keys()].join(' / ')}); ` +
            'each result records its own in details.worker',
        );
      }
    },
  };
}

/** Waits (at most `timeoutMs`) until no worker runs an attempt of the queue. */
async function untilNoneActive(
  queue: import('bullmq').Queue<AttemptJobData>,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while ((await queue.getActiveCount()) > 0 && performance.now() < deadline) await sleep(100);
}

/** The result a worker returned, with its artifact files written (fsynced) into the run. */
async function resultOf(
  store: RunStore,
  job: Job,
  key: string,
  hasStaleArtifacts: boolean,
  warn: (message: string) => void,
): Promise<AttemptResult | undefined> {
  let returned: ReturnType<typeof parseAttemptReturn>;
  try {
    returned = parseAttemptReturn(job.returnvalue);
  } catch (error) {
    warn(`attempt ${key}: unreadable result from a worker, ignored: ${String(error)}`);
    return undefined;
  }
  if (returned.result.key !== key) {
    warn(`attempt ${key}: a worker returned the result of ${returned.result.key}, ignored`);
    return undefined;
  }
  // What an earlier, interrupted ingestion of this job wrote is written again.
  if (hasStaleArtifacts) await store.clearArtifacts(key);
  const sink = store.artifactSink(key);
  for (const [name, data] of Object.entries(returned.artifacts)) {
    await sink.write(name, Buffer.from(data, 'base64'));
  }
  return returned.result as unknown as AttemptResult;
}

/**
 * A job BullMQ gave up on: every try hit an infrastructure error, or the attempt's worker
 * died twice ("worker lost"). Either way `infra_error`, never a model failure.
 */
function failedResult(attempt: PlannedAttempt, job: Job): AttemptResult {
  const errors = [...(job.data.errors ?? [])];
  const reason = job.failedReason ?? 'unknown failure';
  // Our own verdict on two deaths, or BullMQ's on an attempt that stalled past `MAX_STALLS`.
  const lost = reason.startsWith(WORKER_LOST) || /stalled/i.test(reason);
  if (lost && !reason.startsWith(WORKER_LOST)) {
    errors.push(
      `${WORKER_LOST}: the attempt stalled ${job.stalledCounter ?? MAX_STALLS + 1} times`,
    );
  } else if (errors.at(-1) !== reason) {
    errors.push(reason);
  }
  const started = new Date(job.processedOn ?? job.timestamp);
  const ended = job.finishedOn ?? Date.now();
  const result = infraResult(
    attempt,
    started,
    Math.max(0, ended - started.getTime()),
    errors,
    undefined,
  );
  const details = result.details;
  const base = isJsonObject(details) ? details : {};
  return {
    ...result,
    details: {
      ...base,
      ...(lost ? { workerLost: true } : {}),
      deaths: job.data.deaths ?? 0,
      stalls: job.stalledCounter ?? 0,
    },
  };
}

interface Lease {
  ms: number;
  renew(): Promise<void>;
  release(): Promise<void>;
}

/** One coordinator per run: a Redis lease, renewed while the coordinator lives. */
async function takeLease(redis: Redis, runId: string, runDir: string, ms: number): Promise<Lease> {
  const key = leaseKey(runId);
  const token = randomUUID();
  const taken = await redis.set(key, token, 'PX', ms, 'NX');
  if (taken !== 'OK') {
    const ttl = await redis.pttl(key);
    throw new InputError(
      'RUN_MISMATCH',
      `another coordinator is running the run of ${runDir} on this queue: expected one ` +
        `coordinator per run (if it was killed, its lease ends in ${Math.ceil(Math.max(ttl, 0) / 1000)} s)`,
      { location: runDir },
    );
  }
  const renewScript =
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
  const releaseScript =
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
  return {
    ms,
    async renew() {
      const ok = await redis.eval(renewScript, 1, key, token, String(ms));
      // Lost (Redis lost its data, or a long pause): take it again if nobody else holds it.
      if (ok !== 1) await redis.set(key, token, 'PX', ms, 'NX');
    },
    async release() {
      await redis.eval(releaseScript, 1, key, token);
    },
  };
}
