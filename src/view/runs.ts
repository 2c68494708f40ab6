/**
 * The run directories `swelancer view` shows, and what each is doing. Everything here only
 * reads: the store is opened read-only (`openRunStore`), the lock file is only looked at.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { DB_FILE, openRunStore, type RunStoreReader, runLockHeld } from '../store/index.ts';

export interface RunEntry {
  /** The directory's name: its place in URLs (`/runs/<name>/`). */
  name: string;
  dir: string;
}

/**
 * - `running`: a live process holds the run's lock.
 * - `finished`: every planned attempt has a final result.
 * - `stale`: no process holds the lock, yet attempts are noted in flight: the runner died
 *   mid-attempt (killed, or its machine went down); `run --resume` runs them again.
 * - `interrupted`: no process holds the lock and attempts are left, none in flight (Ctrl-C,
 *   the spend cap).
 * - `unreadable`: no run store this version can read (yet: a run being created).
 */
export type RunStatus = 'running' | 'finished' | 'stale' | 'interrupted' | 'unreadable';

export interface RunSummary extends RunEntry {
  status: RunStatus;
  /** Planned attempts with a final result. */
  done: number;
  total: number;
  earnedUsd: number;
  /** Σ price of the finished attempts that were scored (infra errors are not). */
  attemptedUsd: number;
  inFlight: number;
  /** Why the store could not be read (`unreadable` only). */
  problem?: string;
}

/**
 * The runs under `root`: `root` itself when it is a run directory, else its subdirectories
 * that hold a run store, most recently changed first.
 */
export function findRuns(root: string): RunEntry[] {
  const dir = resolve(root);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError(
      'FLAG_INVALID',
      `${dir}: expected a directory of runs (like runs/) or a run directory, found ${existsSync(dir) ? 'a file' : 'nothing'}`,
      { location: dir },
    );
  }
  if (existsSync(join(dir, DB_FILE))) return [{ name: basename(dir), dir }];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, DB_FILE)))
    .map((entry) => ({ name: entry.name, dir: join(dir, entry.name) }))
    .map((entry) => ({ entry, changed: changedAt(entry.dir) }))
    .sort((a, b) => b.changed - a.changed || a.entry.name.localeCompare(b.entry.name))
    .map(({ entry }) => entry);
}

export function summarizeRun(entry: RunEntry): RunSummary {
  const empty = { done: 0, total: 0, earnedUsd: 0, attemptedUsd: 0, inFlight: 0 };
  let store: RunStoreReader | undefined;
  try {
    store = openRunStore(entry.dir, { readonly: true });
    const planned = new Set(store.plans().map((plan) => plan.key));
    const summary = { ...entry, ...empty, total: planned.size, inFlight: store.inFlight().length };
    for (const result of store.results()) {
      if (!planned.has(result.key)) continue;
      summary.done += 1;
      summary.earnedUsd += result.earnedUsd;
      if (result.status !== 'infra_error') summary.attemptedUsd += result.priceUsd;
    }
    return { ...summary, status: statusOf(entry.dir, summary) };
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return { ...entry, ...empty, status: 'unreadable', problem };
  } finally {
    store?.close();
  }
}

function statusOf(dir: string, run: Pick<RunSummary, 'done' | 'total' | 'inFlight'>): RunStatus {
  if (runLockHeld(dir)) return 'running';
  if (run.done >= run.total) return 'finished';
  return run.inFlight > 0 ? 'stale' : 'interrupted';
}

/** When the store last changed: its write-ahead log while a runner works, else the file. */
function changedAt(dir: string): number {
  let latest = 0;
  for (const file of [DB_FILE, `${DB_FILE}-wal`]) {
    try {
      latest = Math.max(latest, statSync(join(dir, file)).mtimeMs);
    } catch {
      // No log: the store is closed.
    }
  }
  return latest;
}
