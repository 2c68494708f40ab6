/** Reads what a report needs from a run directory: the store's rows and manifest, nothing else. */
import { join } from 'node:path';
import { InputError, isSwelancerError } from '../errors.ts';
import type { InFlightRow, MetricsInput } from '../metrics/types.ts';
import { DB_FILE, openRunStore, type RunStoreReader, runLockHeld } from '../store/index.ts';
import type { JsonValue } from '../util/json.ts';

export interface RunForReport {
  input: MetricsInput;
  manifest: JsonValue;
  /** Attempts started and not recorded; `stale` when no runner holds the run any more. */
  inFlight: InFlightRow[];
  /** What a queue run's workers spent on model calls in all (undefined: a local run). */
  workersSpentUsd: number | undefined;
}

/** Opens the run read-only (safe while a run is writing) and closes it before returning. */
export function readRunForReport(dir: string): RunForReport {
  let store: RunStoreReader | undefined;
  try {
    store = openRunStore(dir, { readonly: true });
    const rows = store.inFlight();
    // Rows outlive a runner killed mid-attempt; only a live lock holder makes them current.
    const stale = rows.length > 0 && !runLockHeld(dir);
    return {
      input: { tasks: store.tasks(), plans: store.plans(), results: store.results() },
      inFlight: rows.map((row) => ({
        key: row.key,
        taskId: row.taskId,
        agent: row.agentLabel,
        attemptIndex: row.attemptIndex,
        stage: row.stage,
        startedAt: row.startedAt,
        updatedAt: row.updatedAt,
        ...(row.steps === undefined ? {} : { steps: row.steps, spendUsd: row.spendUsd ?? null }),
        stale,
        ...(row.worker === undefined ? {} : { worker: row.worker }),
      })),
      workersSpentUsd: store.workersSpentUsd(),
      // The manifest came out of JSON; the round trip gives it the JSON type honestly.
      manifest: JSON.parse(JSON.stringify(store.manifest())) as JsonValue,
    };
  } catch (error) {
    if (isSwelancerError(error)) throw error;
    // SQLite's own errors ("file is not a database") mean the directory is not a usable run.
    throw new InputError(
      'RUN_NOT_FOUND',
      `${join(dir, DB_FILE)}: expected a readable run store, found ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, location: join(dir, DB_FILE) },
    );
  } finally {
    store?.close();
  }
}
