/**
 * The agent phase of every attempt, whatever its environment: the wall-time limit, and an
 * agent that throws is the agent's failure (`agent_error`), never the harness's.
 */
import type { AgentOutcome } from '../agent/types.ts';
import { InfraError } from '../errors.ts';

/** How long past the limit an agent that ignores its abort signal is waited for. */
const GRACE_MS = 10_000;

/**
 * Runs `work` with a wall-time limit. The agent gets an abort signal at the limit; if it has
 * not returned shortly after, the attempt stops waiting and reports `limit` (disposing its
 * environment then kills whatever it left running).
 */
export async function runAgentPhase(
  timeoutMs: number,
  outer: AbortSignal,
  work: (signal: AbortSignal) => Promise<AgentOutcome>,
): Promise<AgentOutcome> {
  const timer = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([outer, timer]);
  const pastLimit = `the agent ran past its ${timeoutMs} ms time limit`;
  let stop: NodeJS.Timeout | undefined;
  const late = new Promise<AgentOutcome>((resolve) => {
    const onAbort = () => {
      stop = setTimeout(() => resolve({ status: 'limit', reason: pastLimit }), GRACE_MS);
      stop.unref();
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const outcome = await Promise.race([
      work(signal).catch((error: unknown): AgentOutcome => {
        if (error instanceof InfraError) throw error;
        const message = error instanceof Error ? error.message : String(error);
        return { status: 'agent_error', reason: `the agent crashed: ${message}` };
      }),
      late,
    ]);
    if (outer.aborted) throw new InfraError('the run was interrupted');
    if (timer.aborted && outcome.status === 'completed') {
      return { ...outcome, status: 'limit', reason: pastLimit };
    }
    return outcome;
  } finally {
    clearTimeout(stop);
  }
}
