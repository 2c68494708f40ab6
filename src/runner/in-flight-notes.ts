/**
 * Where an attempt in flight shows while it runs: the terminal's progress block and the run
 * store's `in_flight` table (read by `report` and `view`). One function for a local run's
 * attempts and for the stages a queue run's workers report, so both show the same columns.
 */
import type { AgentProgress } from '../agent/types.ts';
import type { RunStore } from '../store/run-store.ts';
import type { AttemptPlan } from '../store/types.ts';
import type { ProgressReporter } from './progress.ts';

/** Notes that `plan`'s attempt entered `stage` (with its agent's progress; on `worker`). */
export type InFlightNote = (
  plan: AttemptPlan,
  stage: string,
  progress?: AgentProgress,
  worker?: string,
) => void;

export function inFlightNotes(
  store: Pick<RunStore, 'markInFlight'>,
  progress: Pick<ProgressReporter, 'attempt'> | undefined,
  warn: (message: string) => void,
): InFlightNote {
  return (plan, stage, agentProgress, worker) => {
    progress?.attempt(plan, stage, agentProgress);
    // What is in flight is for people watching: failing to note it must not fail the run.
    try {
      store.markInFlight(plan, stage, agentProgress, worker);
    } catch (error) {
      warn(`could not note ${plan.key} as in flight: ${String(error)}`);
    }
  };
}
