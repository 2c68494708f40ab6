/**
 * One try of one attempt, the same for every task environment: prepare → agent → collect →
 * grade. The runner owns the wall-time limit, the agent's crashes and the mapping of what
 * happened to a status (here, in one place); the environment supplies each step
 * (`environments/types.ts`). Infrastructure trouble is thrown, for `attempt.ts` to retry.
 */
import type { AgentOutcome } from '../agent/types.ts';
import { environmentFor } from '../environments/registry.ts';
import type {
  AttemptInput,
  Collected,
  JsonObject,
  TaskEnvironment,
} from '../environments/types.ts';
import { ZERO_USAGE } from '../model/usage.ts';
import type { Task } from '../task/types.ts';
import { runAgentPhase } from './agent-phase.ts';
import { attemptSandboxes } from './attempt-sandboxes.ts';
import type { AttemptExecution } from './types.ts';

/** The agent's wall time when the run sets none: one hour. */
export const DEFAULT_AGENT_TIMEOUT_MS = 3_600_000;

/**
 * One try of an attempt in the environment that attempts its task (`environments/registry.ts`).
 * Every sandbox it makes is gone when it returns or throws, and is disposed at once on Ctrl-C.
 */
export async function executeAttempt<T extends Task>(
  input: AttemptInput<T>,
): Promise<AttemptExecution> {
  const environment = await environmentFor(input.task);
  const scope = attemptSandboxes(input.context.sandboxes, input.signal, input.logger);
  try {
    return await runLifecycle(environment, {
      ...input,
      context: { ...input.context, sandboxes: scope.sandboxes },
    });
  } finally {
    await scope.close();
  }
}

export async function runLifecycle<T extends Task, W>(
  environment: TaskEnvironment<T, W>,
  input: AttemptInput<T>,
): Promise<AttemptExecution> {
  const started = performance.now();
  const { saveWork, loadWork } = environment;
  const saved = loadWork ? input.journal?.saved : undefined;
  input.onStage?.('prepare');
  const attempt = await environment.prepare(input, saved ? 'grading' : 'attempt');
  try {
    let outcome: AgentOutcome;
    let collected: Collected<W>;
    let durations: JsonObject;
    if (saved && loadWork) {
      // An earlier try of this attempt collected the agent's work: grade that, do not rerun.
      outcome = saved.outcome;
      collected = saved.collected.ok
        ? { ...saved.collected, work: loadWork(saved.collected.work) }
        : saved.collected;
      durations = { ...saved.durations, gradedFromSavedWork: true };
    } else {
      const setupMs = elapsedSince(started);
      const agentStarted = performance.now();
      const timeoutMs = input.agentTimeoutMs ?? DEFAULT_AGENT_TIMEOUT_MS;
      input.onStage?.('agent');
      outcome = await runAgentPhase(timeoutMs, input.signal, (signal) => attempt.work(signal));
      collected = await attempt.collect(outcome);
      durations = { setupMs, agentMs: elapsedSince(agentStarted) };
      if (saveWork) {
        await input.journal?.save({
          outcome,
          collected: collected.ok ? { ...collected, work: saveWork(collected.work) } : collected,
          durations,
        });
      }
    }
    const spent = spendOf(outcome);
    const ungraded = environment.scoresPartialCredit ? { partialCredit: 0 } : {};

    if (!collected.ok) {
      return {
        ...spent,
        ...ungraded,
        status: outcome.status === 'completed' ? 'failed' : outcome.status,
        explanation: collected.reason,
        details: { durations, ...collected.details },
      };
    }
    if (outcome.status !== 'completed') {
      const what = outcome.status === 'limit' ? 'hit a limit' : 'failed';
      return {
        ...spent,
        ...ungraded,
        status: outcome.status,
        explanation: `the agent ${what}: ${outcome.reason ?? 'no reason given'}`,
        details: { ...collected.details, durations, reason: outcome.reason ?? null },
      };
    }
    input.onStage?.('grade');
    const verdict = await attempt.grade(collected.work);
    return {
      ...spent,
      status: verdict.passed ? 'passed' : 'failed',
      explanation: verdict.explanation,
      ...(verdict.partialCredit === undefined ? {} : { partialCredit: verdict.partialCredit }),
      details: {
        ...verdict.details,
        durations: { ...durations, ...verdict.durations },
        ...collected.details,
      },
    };
  } finally {
    await attempt.dispose();
  }
}

/** What the agent spent, as the result records it. */
function spendOf(outcome: AgentOutcome): Pick<AttemptExecution, 'costUsd' | 'usage' | 'model'> {
  return {
    costUsd: outcome.costUsd === undefined ? 0 : outcome.costUsd,
    usage: outcome.usage ?? ZERO_USAGE,
    ...(outcome.model === undefined ? {} : { model: outcome.model }),
  };
}

function elapsedSince(start: number): number {
  return Math.round(performance.now() - start);
}
