/**
 * One attempt, start to final result. Infrastructure errors are retried with exponential
 * backoff; whatever happens, the attempt ends as a result (or as nothing when the run was
 * interrupted): no exception escapes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { AgentProgress } from '../agent/types.ts';
import type { EnvironmentContext } from '../environments/types.ts';
import { InputError, isSwelancerError } from '../errors.ts';
import { ZERO_USAGE } from '../model/usage.ts';
import type { RunStore } from '../store/run-store.ts';
import type { AttemptPlan, AttemptResult } from '../store/types.ts';
import { isJsonObject } from '../util/json.ts';
import type { Logger } from '../util/logger.ts';
import { seedFrom } from '../util/prng.ts';
import { executeAttempt } from './lifecycle.ts';
import type { PlannedAttempt } from './plan.ts';
import { redactingSink, redactResult } from './redact.ts';
import type { AttemptExecution } from './types.ts';
import { type SavedRecord, workJournal } from './work-journal.ts';

export interface AttemptRunContext {
  store: Pick<RunStore, 'artifactSink' | 'clearArtifacts'>;
  /** Keys with artifact folders left by tries that never became final (a killed run). */
  staleArtifacts: ReadonlySet<string>;
  /** The work an earlier try of the attempt collected (`work-journal.ts`). */
  savedWork(key: string): Promise<SavedRecord | undefined>;
  /** The run's `--seed`, mixed into every attempt's seed. */
  runSeed: number;
  /** What every attempt's environment gets from the run. */
  environment: EnvironmentContext;
  /** The agent phase's wall time. @default one hour */
  agentTimeoutMs?: number;
  /** Retries after an infrastructure error before recording `infra_error`. */
  maxInfraRetries: number;
  /** First backoff; doubles on each retry (with ±20% jitter), capped at a minute. */
  infraRetryBaseMs: number;
  /** Waits this long before each try (to test crash safety with kills mid-attempt). */
  attemptDelayMs: number;
  signal: AbortSignal;
  logger: Logger;
  /** Redacted from every artifact and from the recorded result (keys in agent sandboxes). */
  secrets?: readonly string[];
  /**
   * Told each stage an attempt enters, and the agent's progress in the agent stage (the
   * store's in-flight record, the progress lines). @default ignored
   */
  stage?: (plan: AttemptPlan, stage: string, progress?: AgentProgress) => void;
}

/** The attempt's seed: the same for the same key and `--seed`, on any machine. */
export function attemptSeed(key: string, runSeed: number): number {
  return seedFrom('attempt', key, runSeed);
}

/** Returns the final result, or undefined when the run was interrupted before one. */
export async function runAttempt(
  attempt: PlannedAttempt,
  context: AttemptRunContext,
): Promise<AttemptResult | undefined> {
  const result = await attemptUntilFinal(attempt, context);
  return result && redactResult(result, context.secrets ?? []);
}

async function attemptUntilFinal(
  attempt: PlannedAttempt,
  context: AttemptRunContext,
): Promise<AttemptResult | undefined> {
  const { plan, task, agent } = attempt;
  const { signal, logger } = context;
  const infraErrors: string[] = [];

  const onStage = (stage: string) => context.stage?.(plan, stage);
  for (;;) {
    if (signal.aborted) return undefined;
    onStage(infraErrors.length === 0 ? 'starting' : `retry ${infraErrors.length}`);
    const started = new Date();
    const t0 = performance.now();
    try {
      return await attemptOnce(attempt, context, infraErrors);
    } catch (error) {
      if (signal.aborted) return undefined;
      infraErrors.push(describeError(error));
      // A task the harness cannot use (a patch that does not apply...) fails the same way
      // every time: retrying only delays the record.
      if (infraErrors.length > context.maxInfraRetries || error instanceof InputError) {
        return infraResult(attempt, started, performance.now() - t0, infraErrors, error);
      }
      const delay = backoffMs(context.infraRetryBaseMs, infraErrors.length);
      onStage(`waiting to retry (infra error ${infraErrors.length})`);
      logger.warn(
        `${task.id} × ${agent.label} #${plan.attemptIndex}: infrastructure error ` +
          `(retry ${infraErrors.length}/${context.maxInfraRetries} in ${(delay / 1000).toFixed(1)} s): ` +
          `${infraErrors.at(-1)}`,
      );
      try {
        await sleep(delay, undefined, { signal });
      } catch {
        return undefined;
      }
    }
  }
}

/**
 * One try of an attempt: its final result, or undefined when the run was interrupted.
 * Infrastructure trouble is thrown, for the caller to retry (here in `runAttempt`, or by the
 * queue on another worker). `infraErrors` are the earlier tries' errors, recorded with the
 * result. The result is not redacted yet.
 */
export async function attemptOnce(
  attempt: PlannedAttempt,
  context: AttemptRunContext,
  infraErrors: readonly string[],
): Promise<AttemptResult | undefined> {
  const { plan, task, agent } = attempt;
  const { signal, logger } = context;
  const seed = attemptSeed(plan.key, context.runSeed);
  const started = new Date();
  const t0 = performance.now();
  // An earlier try's leftovers are either its saved work, graded now, or cleared: they
  // must not be mistaken for ours.
  const earlier = infraErrors.length > 0 || context.staleArtifacts.has(plan.key);
  const saved = earlier ? await context.savedWork(plan.key) : undefined;
  if (earlier && !saved) await context.store.clearArtifacts(plan.key);
  const artifacts = redactingSink(context.store.artifactSink(plan.key), context.secrets ?? []);
  const journal = workJournal(saved, artifacts);
  if (context.attemptDelayMs > 0) await sleep(context.attemptDelayMs, undefined, { signal });
  const execution = await executeAttempt({
    task,
    agent,
    plan,
    seed,
    signal,
    logger,
    artifacts,
    context: context.environment,
    agentTimeoutMs: context.agentTimeoutMs,
    journal,
    onStage: (stage, progress) => context.stage?.(plan, stage, progress),
  });
  // An attempt cut short by Ctrl-C says nothing about the agent: it runs again on resume.
  if (signal.aborted) return undefined;
  return finalResult(attempt, execution, {
    started,
    durationMs: performance.now() - t0,
    infraErrors: [...infraErrors],
    artifacts: { ...journal.savedArtifacts(), ...artifacts.written() },
  });
}

function finalResult(
  { plan, task }: PlannedAttempt,
  execution: AttemptExecution,
  run: {
    started: Date;
    durationMs: number;
    infraErrors: string[];
    artifacts: Record<string, string>;
  },
): AttemptResult {
  const details =
    run.infraErrors.length > 0 && isJsonObject(execution.details)
      ? { ...execution.details, infraErrors: run.infraErrors }
      : execution.details;
  return {
    ...plan,
    status: execution.status,
    priceUsd: task.price,
    earnedUsd: execution.status === 'passed' ? task.price : 0,
    partialCredit: execution.partialCredit,
    costUsd: execution.costUsd,
    usage: execution.usage,
    model: execution.model,
    startedAt: run.started.toISOString(),
    finishedAt: new Date(run.started.getTime() + run.durationMs).toISOString(),
    durationMs: run.durationMs,
    infraRetries: run.infraErrors.length,
    explanation: execution.explanation,
    details,
    artifacts: run.artifacts,
  };
}

export function infraResult(
  { plan, task, agent }: PlannedAttempt,
  started: Date,
  durationMs: number,
  errors: string[],
  last: unknown,
): AttemptResult {
  return {
    ...plan,
    status: 'infra_error',
    priceUsd: task.price,
    earnedUsd: 0,
    partialCredit: undefined,
    costUsd: 0,
    usage: ZERO_USAGE,
    model: undefined,
    startedAt: started.toISOString(),
    finishedAt: new Date(started.getTime() + durationMs).toISOString(),
    durationMs,
    // Every try failed: the first was the attempt, the rest were retries.
    infraRetries: errors.length - 1,
    explanation: `infrastructure failed on all ${errors.length} tries: ${errors.at(-1)}`,
    details: {
      errors,
      code: isSwelancerError(last) ? last.code : null,
      agent: agent.label,
    },
    artifacts: {},
  };
}

export function backoffMs(baseMs: number, retry: number): number {
  const exact = Math.min(60_000, baseMs * 2 ** (retry - 1));
  return Math.round(exact * (0.8 + Math.random() * 0.4));
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    return isSwelancerError(error) ? error.message : `${error.name}: ${error.message}`;
  }
  return String(error);
}
