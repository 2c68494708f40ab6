/**
 * What a run's coordinator and its workers share through Redis: the names of the keys, the
 * run's published facts (`RunInfo`) and what a finished attempt sends back (`AttemptReturn`).
 * Job data carries the attempt key alone (and the errors of earlier tries): no secret, no
 * task content.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';
import type { OfficialSettings } from '../official/settings.ts';
import type { RunManifest } from '../store/types.ts';

/** Bumped when coordinator and worker stop understanding each other. */
export const PROTOCOL_VERSION = 3;

/** Sorted set of runs open for workers, scored by when they were published (first in, first served). */
export const RUNS_KEY = 'swl:runs';

export function queueName(runId: string): string {
  return `swl-${runId}`;
}

export function runInfoKey(runId: string): string {
  return `swl:run:${runId}:info`;
}

/** The coordinator's lease: held by one coordinator of the run at a time. */
export function leaseKey(runId: string): string {
  return `swl:run:${runId}:coordinator`;
}

/**
 * Set by a coordinator's Ctrl-C: workers abort the run's attempts in flight and put them back
 * on the (paused) queue without counting a try. The next coordinator of the run removes it.
 */
export function abortKey(runId: string): string {
  return `swl:run:${runId}:abort`;
}

/** The run's model spend in USD, added to by every worker's model calls (`--max-spend`). */
export function spentKey(runId: string): string {
  return `swl:run:${runId}:spent`;
}

/** The current session's `--max-spend` in USD (absent: no cap). */
export function maxSpendKey(runId: string): string {
  return `swl:run:${runId}:max-spend`;
}

/** BullMQ job ids must not contain ":" nor look like integers: the key gets a prefix. */
export function jobIdOf(key: string): string {
  return `a-${key}`;
}

export function keyOfJobId(jobId: string): string {
  return jobId.startsWith('a-') ? jobId.slice(2) : jobId;
}

/** Queue timings, published by the coordinator so that every worker uses the same. */
export interface QueueTimings {
  /** How long a worker's lock on a job lasts without renewal. @default 30000 */
  lockMs: number;
  /** How often workers look for jobs whose worker stopped renewing its lock. @default lockMs / 2 */
  stalledMs: number;
}

export const DEFAULT_TIMINGS: QueueTimings = { lockMs: 30_000, stalledMs: 15_000 };

/**
 * Worker deaths an attempt lives through: the next death ends it as `infra_error` ("worker
 * lost") instead of letting a poison attempt kill worker after worker. A stall whose worker
 * was alive (Redis away, a starved event loop: `pulse.ts`) is not a death.
 */
export const MAX_DEATHS = 1;

/**
 * Stalls of any cause an attempt lives through (BullMQ's `maxStalledCount`): a backstop for
 * an attempt that stalls its live workers again and again.
 */
export const MAX_STALLS = 5;

/** The start of a "worker lost" failure's reason, as the coordinator recognises it. */
export const WORKER_LOST = 'worker lost';

const runInfo = z.object({
  protocol: z.number(),
  runId: z.string(),
  /** The coordinator's run directory, named in messages (workers never write to it). */
  runDir: z.string(),
  gradingVersion: z.string(),
  maxInfraRetries: z.number().int().min(0),
  infraRetryBaseMs: z.number().min(0),
  lockMs: z.number().positive(),
  stalledMs: z.number().positive(),
  /** The suite as a content-addressed bundle in Redis (`suite-bundle.ts`); absent: by path. */
  bundle: z.object({ hash: z.string(), files: z.number(), bytes: z.number() }).optional(),
  /** The planned tasks' content hashes, by id: a worker's copy must match each. */
  tasks: z.record(z.string(), z.string()),
  /** `keysDigest` of the planned attempt keys. */
  keysDigest: z.string(),
  /** The official images' settings with the coordinator's `--official-budget`s. */
  official: z.record(z.string(), z.unknown()).optional(),
  manifest: z.record(z.string(), z.unknown()),
});

export type RunInfo = Omit<z.infer<typeof runInfo>, 'manifest' | 'official'> & {
  manifest: RunManifest;
  official?: OfficialSettings;
};

/** The run's facts; an InputError when they come from another queue protocol. */
export function parseRunInfo(text: string): RunInfo {
  const value: unknown = JSON.parse(text);
  const protocol = z.looseObject({ protocol: z.number(), runDir: z.string() }).safeParse(value);
  if (protocol.success && protocol.data.protocol !== PROTOCOL_VERSION) {
    throw new InputError(
      'RUN_MISMATCH',
      `the run of ${protocol.data.runDir} speaks queue protocol ${protocol.data.protocol}, this ` +
        `worker ${PROTOCOL_VERSION}: expected the same swelancer version on the coordinator and every worker`,
    );
  }
  return runInfo.parse(value) as unknown as RunInfo;
}

/** The job's data: the key, and the errors of its earlier tries (redacted). */
export interface AttemptJobData {
  key: string;
  errors?: string[];
  /** The pulse id of the worker running the attempt (`pulse.ts`); cleared when a try ends. */
  holder?: string;
  /** Deaths of workers while they ran this attempt. */
  deaths?: number;
}

/** Where and on what a result was produced (recorded in the result's details). */
export interface WorkerFingerprint {
  host: string;
  pid: number;
  node: string;
  platform: string;
  sandbox: string;
  /** The grading version it grades with (the run's: it refuses any other). */
  grading: string;
  /** The suite bundle its tasks came from (absent: the suite's path). */
  suiteBundle?: string;
  /** Official images it used, `name@id`, as the run pinned them. */
  images?: string[];
}

/** `host:pid`: the worker process named in the coordinator's in-flight table. */
export function workerName(worker: Pick<WorkerFingerprint, 'host' | 'pid'>): string {
  return `${worker.host}:${worker.pid}`;
}

/**
 * A job's progress, as a worker reports it: the attempt's stage, who runs it and, in the
 * agent stage, the agent's model calls so far and their dollars.
 */
export interface StageProgress {
  stage: string;
  worker: string;
  steps?: number;
  /** null when a model has no price (spent, amount unknown). */
  spendUsd?: number | null;
}

const stageProgress = z.object({
  stage: z.string().min(1),
  worker: z.string().min(1),
  steps: z.number().int().min(0).optional(),
  spendUsd: z.number().min(0).nullable().optional(),
});

/** The stage a job's progress reports, or undefined for anything else. */
export function parseStageProgress(value: unknown): StageProgress | undefined {
  const parsed = stageProgress.safeParse(typeof value === 'string' ? safeJson(value) : value);
  return parsed.success ? parsed.data : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What a worker returns for an attempt: the final result and its artifact files. */
export interface AttemptReturn {
  /** The AttemptResult, redacted on the worker. */
  result: Record<string, unknown> & { key: string };
  /** Artifact files by name, base64. */
  artifacts: Record<string, string>;
  worker: WorkerFingerprint;
}

const attemptReturn = z.object({
  result: z.looseObject({ key: z.string(), status: z.string() }),
  artifacts: z.record(z.string(), z.string()),
  worker: z.looseObject({ host: z.string(), pid: z.number() }),
});

export function parseAttemptReturn(value: unknown): AttemptReturn {
  const parsed = attemptReturn.parse(typeof value === 'string' ? JSON.parse(value) : value);
  return parsed as unknown as AttemptReturn;
}
