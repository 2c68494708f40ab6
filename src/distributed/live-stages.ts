/**
 * The live view across machines: a worker reports the stage of each attempt it runs as the
 * job's progress (`starting`, `prepare`, `agent` with its steps and spend, `grade`), and the
 * coordinator, the only writer of the run directory, notes it as a local run notes its own
 * attempts (in the store's `in_flight` table with the worker's name, and on the terminal), so
 * `report` and `view` show what runs where. Changes are sent at most every
 * `STAGE_DEBOUNCE_MS` and only for attempts still running by then: a manager attempt that
 * ends in milliseconds costs no Redis write and no row.
 */
import type { AgentProgress } from '../agent/types.ts';
import type { InFlightNote } from '../runner/in-flight-notes.ts';
import type { AttemptPlan } from '../store/types.ts';
import { keyOfJobId, parseStageProgress, type StageProgress } from './protocol.ts';

export const STAGE_DEBOUNCE_MS = 250;

export interface StageReporter {
  note(stage: string, progress?: AgentProgress): void;
  /** The attempt ended: nothing more is sent. */
  stop(): void;
}

/** Worker side: one per job; `send` is the job's `updateProgress`. */
export function stageReporter(
  worker: string,
  send: (progress: StageProgress) => Promise<unknown>,
  debounceMs = STAGE_DEBOUNCE_MS,
): StageReporter {
  let pending: StageProgress | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const flush = () => {
    timer = undefined;
    if (stopped || pending === undefined) return;
    const progress = pending;
    pending = undefined;
    // Progress is for people watching: a failed update must not fail the attempt.
    send(progress).catch(() => undefined);
  };
  return {
    note(stage, progress) {
      if (stopped) return;
      pending = progress
        ? { stage, worker, steps: progress.steps, spendUsd: progress.spendUsd }
        : { stage, worker };
      timer ??= setTimeout(flush, debounceMs);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/**
 * Coordinator side: notes the progress each running job reports, when it changed since the
 * last poll, unless the attempt is recorded already (a late poll must not bring back a row
 * its result cleared). Read from the active jobs every second rather than from the queue's
 * event stream, which also carries every completed job's result and costs the coordinator
 * more than the rows it feeds.
 */
export function stageNotes(
  plans: ReadonlyMap<string, { plan: AttemptPlan }>,
  finished: ReadonlySet<string>,
  note: InFlightNote,
): (active: readonly { id?: string | undefined; progress: unknown }[]) => void {
  const noted = new Map<string, string>();
  return (active) => {
    for (const job of active) {
      const key = keyOfJobId(job.id ?? '');
      const progress = parseStageProgress(job.progress);
      const attempt = plans.get(key);
      if (!progress || !attempt || finished.has(key)) continue;
      const seen = JSON.stringify(progress);
      if (noted.get(key) === seen) continue;
      noted.set(key, seen);
      const { stage, worker, steps, spendUsd } = progress;
      const agent = steps === undefined ? undefined : { steps, spendUsd: spendUsd ?? null };
      note(attempt.plan, stage, agent, worker);
    }
    for (const key of noted.keys()) if (finished.has(key)) noted.delete(key);
  };
}
