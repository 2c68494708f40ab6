/**
 * A queue worker (`swelancer worker <redis-url>`): attaches to the oldest run open on the
 * queue, runs its attempts, one try per job, with the same code as a local run
 * (`attemptOnce`), and returns each final result with its artifact files. An infrastructure
 * error fails the try: BullMQ retries it with backoff, often on another worker, up to
 * `--max-infra-retries` times. A worker that dies mid-attempt stops renewing its lock: the
 * attempt is delivered again to another worker (not a try); a second death of the same
 * attempt ends it as `infra_error` ("worker lost"). A stall whose worker is alive (Redis was
 * away, its event loop starved) is not a death (`pulse.ts`). A coordinator's Ctrl-C aborts the run's
 * attempts in flight here and puts them back on the paused queue without counting a try.
 */
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { InputError } from '../errors.ts';
import { type AttemptRunContext, attemptOnce, describeError } from '../runner/attempt.ts';
import { GRADING_VERSION, type PlannedAttempt } from '../runner/plan.ts';
import { redactResult } from '../runner/redact.ts';
import type { AttemptResult } from '../store/types.ts';
import type { JsonValue } from '../util/json.ts';
import type { Logger } from '../util/logger.ts';
import { makeRedactor } from '../util/logger.ts';
import { stageReporter } from './live-stages.ts';
import { memoryArtifacts } from './memory-artifacts.ts';
import {
  type AttemptJobData,
  type AttemptReturn,
  abortKey,
  MAX_DEATHS,
  MAX_STALLS,
  maxSpendKey,
  parseRunInfo,
  queueName,
  RUNS_KEY,
  type RunInfo,
  runInfoKey,
  WORKER_LOST,
  type WorkerFingerprint,
  workerName,
} from './protocol.ts';
import { isBeating, pulseTimings, startPulse } from './pulse.ts';
import { connectRedis, loadBull, type Redis } from './redis.ts';
import { SharedSpendMeter, sharedSpent } from './shared-spend.ts';
import { bundleKey } from './suite-bundle.ts';

/** How often a worker looks for its run's end and for a coordinator's Ctrl-C. */
const CONTROL_POLL_MS = 500;
/** An attempt refused for the spend cap waits this long before it is offered again. */
const OVER_CAP_DELAY_MS = 2000;

/** What a worker needs to run a run's attempts, built from the run's published facts. */
export interface AttachedRun {
  /** The attempts this worker can run, by key (its own copy of the suite, planned again). */
  attempts: ReadonlyMap<string, PlannedAttempt>;
  context: Omit<
    AttemptRunContext,
    'store' | 'staleArtifacts' | 'savedWork' | 'signal' | 'maxInfraRetries' | 'infraRetryBaseMs'
  >;
  /** What the worker runs the run's attempts with, recorded in each result. */
  fingerprint: Pick<WorkerFingerprint, 'suiteBundle' | 'images'>;
  /** Closes what attaching opened (the sandbox provider). */
  close?(): Promise<void>;
}

/** What attaching to a run gets from the worker's Redis connection. */
export interface AttachTools {
  /** The run's shared spend counter, for the agents' model calls. */
  spend: SharedSpendMeter;
  /** The suite bundle of that hash, null when Redis does not hold it. */
  readBundle(hash: string): Promise<Buffer | null>;
}

export interface WorkerOptions {
  url: string;
  /** Attempts in flight on this worker. @default 1 */
  concurrency: number;
  /** The sandbox provider name, for the fingerprint. */
  sandbox: string;
  /** Serve this run only, not the oldest open one. */
  runId?: string;
  /**
   * Loads the suite and agents of a run, their model calls counted by `tools.spend` (the
   * run's shared counter); throws an InputError to refuse the run.
   */
  attach(info: RunInfo, tools: AttachTools): Promise<AttachedRun>;
  /**
   * Aborted: finish the attempts in flight, then stop (drain). Quitting at once is exiting
   * the process: its attempts are delivered again to another worker.
   */
  drain: AbortSignal;
  logger: Logger;
}

/** Serves runs until drained; throws when a run must be refused (another grading version). */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const { logger } = options;
  const redis = await connectRedis(options.url);
  try {
    let waiting = false;
    while (!options.drain.aborted) {
      const info = await nextRun(redis, options.runId);
      if (!info) {
        if (!waiting) logger.info('waiting for a run on the queue');
        waiting = true;
        await sleep(500, undefined, { signal: options.drain }).catch(() => undefined);
        continue;
      }
      waiting = false;
      checkCompatible(info);
      await serveRun(redis, info, options);
    }
  } finally {
    redis.disconnect();
  }
}

async function nextRun(redis: Redis, only: string | undefined): Promise<RunInfo | undefined> {
  const runId = only ?? (await redis.zrange(RUNS_KEY, '0', '0'))[0];
  if (runId === undefined) return undefined;
  const text = await redis.get(runInfoKey(runId));
  return text === null ? undefined : parseRunInfo(text);
}

/** A worker refuses a run it would grade differently from a local run of the same plan. */
function checkCompatible(info: RunInfo): void {
  if (info.gradingVersion !== GRADING_VERSION) {
    throw new InputError(
      'RUN_MISMATCH',
      `the run of ${info.runDir} was planned under grading version ${info.gradingVersion}, ` +
        `this worker grades with version ${GRADING_VERSION}: its verdicts could differ, so it ` +
        'does not attach (install the swelancer version of the coordinator on this worker)',
    );
  }
}

async function serveRun(redis: Redis, info: RunInfo, options: WorkerOptions): Promise<void> {
  const { logger } = options;
  // The cap of the coordinator's current session, kept up to date by the control loop.
  let maxSpendUsd = await spendCap(redis, info.runId);
  const spend = new SharedSpendMeter(redis, info.runId, maxSpendUsd, logger.warn);
  const attached = await options.attach(info, {
    spend,
    readBundle: (hash) => redis.getBuffer(bundleKey(hash)),
  });
  const { Worker, UnrecoverableError, WaitingError, DelayedError } = await loadBull();
  const artifacts = memoryArtifacts();
  const fingerprint: WorkerFingerprint = {
    host: hostname(),
    pid: process.pid,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    sandbox: options.sandbox,
    grading: GRADING_VERSION,
    ...attached.fingerprint,
  };
  const redact = makeRedactor(attached.context.secrets ?? []);
  const pulse = startPulse(redis, options.url, info.lockMs, (message) => logger.warn(message));
  const { graceMs } = pulseTimings(info.lockMs);
  /** Deaths so far, with the one that left the attempt unfinished if its worker is gone. */
  const deathsSoFar = async (data: AttemptJobData, name: string): Promise<number> => {
    const deaths = data.deaths ?? 0;
    if (data.holder === undefined) return deaths;
    if (data.holder === pulse.id || (await isBeating(redis, data.holder, graceMs))) {
      logger.info(`${name}: taken up after a stall of a live worker (not a death)`);
      return deaths;
    }
    logger.warn(`${name}: the worker that ran it died (${deaths + 1} of ${MAX_DEATHS + 1})`);
    return deaths + 1;
  };
  // Aborted while the run's coordinator is interrupted (its abort key is set); replaced
  // when a coordinator takes the run again. A drain never aborts: attempts finish.
  let interrupted = new AbortController();
  type Job = import('bullmq').Job<AttemptJobData>;
  /** Back on the queue, not a try: `attemptsMade` is untouched, the job runs again later. */
  const requeue = async (job: Job, token: string | undefined): Promise<never> => {
    await job.updateData({ ...job.data, holder: undefined });
    await job.moveToWait(token);
    throw new WaitingError();
  };
  const processor = async (job: Job, token?: string): Promise<AttemptReturn> => {
    const key = job.data.key;
    const attempt = attached.attempts.get(key);
    if (!attempt) {
      throw new UnrecoverableError(
        `this worker's copy of ${info.manifest.plan.source} plans no attempt ${key}: ` +
          'its tasks differ from the coordinator’s (a task edited or missing on this host)',
      );
    }
    const signal = interrupted.signal;
    if (signal.aborted) return requeue(job, token);
    if (maxSpendUsd !== undefined && (await sharedSpent(redis, info.runId)) >= maxSpendUsd) {
      // The coordinator pauses the queue; until then the attempt waits, untried.
      await job.moveToDelayed(Date.now() + OVER_CAP_DELAY_MS, token);
      throw new DelayedError();
    }
    const name = `${attempt.task.id} × ${attempt.agent.label} #${attempt.plan.attemptIndex}`;
    const errors = job.data.errors ?? [];
    const deaths = await deathsSoFar(job.data, name);
    if (deaths > MAX_DEATHS) {
      throw new UnrecoverableError(
        `${WORKER_LOST}: the workers running this attempt stopped ${deaths} times ` +
          '(killed, or frozen past their lock)',
      );
    }
    await job.updateData({ key, errors, holder: pulse.id, deaths });
    const stages = stageReporter(workerName(fingerprint), (progress) =>
      job.updateProgress({ ...progress }),
    );
    const context: AttemptRunContext = {
      ...attached.context,
      store: artifacts,
      staleArtifacts: new Set(),
      savedWork: async () => undefined,
      signal,
      maxInfraRetries: info.maxInfraRetries,
      infraRetryBaseMs: info.infraRetryBaseMs,
      stage: (_plan, stage, progress) => stages.note(stage, progress),
    };
    logger.info(`${name}: started (${key})`);
    stages.note(errors.length === 0 ? 'starting' : `retry ${errors.length}`);
    try {
      const result = await attemptOnce(attempt, context, errors);
      if (!result) {
        await artifacts.clearArtifacts(key);
        logger.info(`${name}: requeued (the coordinator was interrupted)`);
        return await requeue(job, token);
      }
      return {
        result: redactResult(
          withFingerprint(result, fingerprint),
          context.secrets ?? [],
        ) as AttemptReturn['result'] & AttemptResult,
        artifacts: artifacts.files(key),
        worker: fingerprint,
      };
    } catch (error) {
      if (error instanceof WaitingError) throw error;
      await artifacts.clearArtifacts(key);
      if (signal.aborted) {
        logger.info(`${name}: requeued (the coordinator was interrupted)`);
        return await requeue(job, token);
      }
      const message = redact(`${fingerprint.host}:${fingerprint.pid}: ${describeError(error)}`);
      // Taken from this worker meanwhile (a stall): the attempt's new holder owns its data.
      if (token !== undefined && (await job.extendLock(token, info.lockMs)) === 0) throw error;
      await job.updateData({ key, errors: [...errors, message], deaths });
      logger.warn(`${attempt.task.id} × ${attempt.agent.label}: ${message}`);
      // The same input fails the same way on every worker: no retry.
      if (error instanceof InputError) throw new UnrecoverableError(message);
      throw new Error(message);
    } finally {
      stages.stop();
    }
  };
  const connection = redis.duplicate();
  const worker = new Worker<AttemptJobData, AttemptReturn>(queueName(info.runId), processor, {
    connection,
    concurrency: options.concurrency,
    lockDuration: info.lockMs,
    stalledInterval: info.stalledMs,
    maxStalledCount: MAX_STALLS,
  });
  worker.on('error', (error) => logger.warn(`queue: ${redact(error.message)}`));
  logger.info(
    `attached to the run of ${info.runDir} (${attached.attempts.size} attempts planned; ` +
      `${options.concurrency} at a time on this worker)`,
  );
  try {
    while (!options.drain.aborted) {
      const [open, abort, cap] = await Promise.all([
        redis.zscore(RUNS_KEY, info.runId).catch(() => '?'),
        redis.exists(abortKey(info.runId)).catch(() => 0),
        spendCap(redis, info.runId).catch(() => maxSpendUsd),
      ]);
      maxSpendUsd = cap;
      if (open === null) {
        logger.info(`the run of ${info.runDir} is finished`);
        break;
      }
      if (abort === 1 && !interrupted.signal.aborted) {
        logger.info('the coordinator was interrupted: requeuing the attempts in flight');
        interrupted.abort();
      } else if (abort === 0 && interrupted.signal.aborted) {
        interrupted = new AbortController();
      }
      await sleep(CONTROL_POLL_MS, undefined, { signal: options.drain }).catch(() => undefined);
    }
  } finally {
    if (options.drain.aborted) logger.info('draining: finishing the attempts in flight');
    // Waits for the attempts in flight.
    await worker.close();
    await pulse.stop();
    connection.disconnect();
    await attached.close?.();
  }
}

async function spendCap(redis: Redis, runId: string): Promise<number | undefined> {
  const text = await redis.get(maxSpendKey(runId));
  return text === null ? undefined : Number(text);
}

function withFingerprint(result: AttemptResult, worker: WorkerFingerprint): AttemptResult {
  const details = result.details;
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return result;
  return { ...result, details: { ...details, worker: { ...worker } as Record<string, JsonValue> } };
}
