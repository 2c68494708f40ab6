/**
 * A queue worker (`swelancer worker <redis-url>`): attaches to the oldest run open on the
 * queue, runs its attempts, one try per job, with the same code as a local run
 * (`attemptOnce`), and returns each final result with its artifact files. An infrastructure
 * error fails the try: BullMQ retries it with backoff, often on another worker, up to
 * `--max-infra-retries` times. A worker that dies mid-attempt stops renewing its lock: the
 * attempt is delivered again to another worker (not a try); a second death of the same
 * attempt ends it as `infra_error` ("worker lost").
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
import { memoryArtifacts } from './memory-artifacts.ts';
import {
  type AttemptJobData,
  type AttemptReturn,
  MAX_STALLS,
  PROTOCOL_VERSION,
  parseRunInfo,
  queueName,
  RUNS_KEY,
  type RunInfo,
  runInfoKey,
  type WorkerFingerprint,
} from './protocol.ts';
import { connectRedis, loadBull, type Redis } from './redis.ts';

const NEVER = new AbortController().signal;

/** What a worker needs to run a run's attempts, built from the run's published facts. */
export interface AttachedRun {
  /** The attempts this worker can run, by key (its own copy of the suite, planned again). */
  attempts: ReadonlyMap<string, PlannedAttempt>;
  context: Omit<
    AttemptRunContext,
    'store' | 'staleArtifacts' | 'savedWork' | 'signal' | 'maxInfraRetries' | 'infraRetryBaseMs'
  >;
  /** Closes what attaching opened (the sandbox provider). */
  close?(): Promise<void>;
}

export interface WorkerOptions {
  url: string;
  /** Attempts in flight on this worker. @default 1 */
  concurrency: number;
  /** The sandbox provider name, for the fingerprint. */
  sandbox: string;
  /** Serve this run only, not the oldest open one. */
  runId?: string;
  /** Loads the suite and agents of a run; throws an InputError to refuse it. */
  attach(info: RunInfo): Promise<AttachedRun>;
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
  if (info.protocol !== PROTOCOL_VERSION) {
    throw new InputError(
      'RUN_MISMATCH',
      `the run of ${info.runDir} speaks queue protocol ${info.protocol}, this worker ${PROTOCOL_VERSION}: ` +
        'expected the same swelancer version on the coordinator and every worker',
    );
  }
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
  const attached = await options.attach(info);
  const { Worker, UnrecoverableError } = await loadBull();
  const artifacts = memoryArtifacts();
  const fingerprint: WorkerFingerprint = {
    host: hostname(),
    pid: process.pid,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    sandbox: options.sandbox,
  };
  const redact = makeRedactor(attached.context.secrets ?? []);
  const processor = async (job: import('bullmq').Job<AttemptJobData>): Promise<AttemptReturn> => {
    const key = job.data.key;
    const attempt = attached.attempts.get(key);
    if (!attempt) {
      throw new UnrecoverableError(
        `this worker's copy of ${info.manifest.plan.source} plans no attempt ${key}: ` +
          'its tasks differ from the coordinator’s (a task edited or missing on this host)',
      );
    }
    const errors = job.data.errors ?? [];
    const context: AttemptRunContext = {
      ...attached.context,
      store: artifacts,
      staleArtifacts: new Set(),
      savedWork: async () => undefined,
      // Attempts are never cut short here: a drain lets them finish.
      signal: NEVER,
      maxInfraRetries: info.maxInfraRetries,
      infraRetryBaseMs: info.infraRetryBaseMs,
    };
    logger.info(
      `${attempt.task.id} × ${attempt.agent.label} #${attempt.plan.attemptIndex}: started (${key})`,
    );
    try {
      const result = await attemptOnce(attempt, context, errors);
      if (!result) throw new Error('the worker stopped before the attempt ended');
      return {
        result: redactResult(
          withFingerprint(result, fingerprint),
          context.secrets ?? [],
        ) as AttemptReturn['result'] & AttemptResult,
        artifacts: artifacts.files(key),
        worker: fingerprint,
      };
    } catch (error) {
      await artifacts.clearArtifacts(key);
      const message = redact(`${fingerprint.host}:${fingerprint.pid}: ${describeError(error)}`);
      await job.updateData({ key, errors: [...errors, message] });
      logger.warn(`${attempt.task.id} × ${attempt.agent.label}: ${message}`);
      // The same input fails the same way on every worker: no retry.
      if (error instanceof InputError) throw new UnrecoverableError(message);
      throw new Error(message);
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
      const open = await redis.zscore(RUNS_KEY, info.runId).catch(() => '?');
      if (open === null) {
        logger.info(`the run of ${info.runDir} is finished`);
        break;
      }
      await sleep(1000, undefined, { signal: options.drain }).catch(() => undefined);
    }
  } finally {
    if (options.drain.aborted) logger.info('draining: finishing the attempts in flight');
    // Waits for the attempts in flight.
    await worker.close();
    connection.disconnect();
    await attached.close?.();
  }
}

function withFingerprint(result: AttemptResult, worker: WorkerFingerprint): AttemptResult {
  const details = result.details;
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return result;
  return { ...result, details: { ...details, worker: { ...worker } as Record<string, JsonValue> } };
}
