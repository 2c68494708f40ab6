/**
 * The `in_flight` table: attempts a runner has started and not recorded, with their stage.
 * Only the lock holder writes it; readers (reports from another shell) only read it.
 */
import type { DatabaseSync } from 'node:sqlite';
import { IN_FLIGHT_SCHEMA } from './schema.ts';
import type { AttemptPlan, InFlightAttempt } from './types.ts';

export const CLEAR_IN_FLIGHT = 'DELETE FROM in_flight WHERE key = ?';

/**
 * The writer holds the lock: any attempt still marked in flight belongs to a runner that is
 * gone, and runs again (or is skipped as recorded) in this session.
 */
export function startInFlight(db: DatabaseSync): void {
  db.exec(IN_FLIGHT_SCHEMA);
  addWorkerColumn(db);
  db.exec('DELETE FROM in_flight');
}

/**
 * `worker` (`host:pid` of a queue worker) came after the table: added to stores that lack it,
 * so a store made before opens as it was; readers treat its absence as a local run.
 */
function addWorkerColumn(db: DatabaseSync): void {
  const columns = db.prepare('PRAGMA table_info(in_flight)').all();
  if (!columns.some((column) => column.name === 'worker')) {
    db.exec('ALTER TABLE in_flight ADD COLUMN worker TEXT');
  }
}

/**
 * Notes the attempt at `stage`; its start time stays that of the first note. `worker` names
 * the queue worker running it (null in a local run, where this process runs it).
 */
export function noteInFlight(
  db: DatabaseSync,
  plan: AttemptPlan,
  stage: string,
  worker: string | null = null,
): void {
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO in_flight (key, task_id, agent_label, attempt_index, stage, started_at, updated_at, pid, worker)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET stage = excluded.stage, updated_at = excluded.updated_at,
       worker = excluded.worker`,
  ).run(
    plan.key,
    plan.taskId,
    plan.agentLabel,
    plan.attemptIndex,
    stage,
    now,
    now,
    process.pid,
    worker,
  );
}

/** Oldest first; none in a store made before the table existed. */
export function readInFlight(db: DatabaseSync): InFlightAttempt[] {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'in_flight'")
    .get();
  if (!exists) return [];
  return db
    .prepare('SELECT * FROM in_flight ORDER BY started_at, key')
    .all()
    .map((row) => ({
      key: String(row.key),
      taskId: String(row.task_id),
      agentLabel: String(row.agent_label),
      attemptIndex: Number(row.attempt_index),
      stage: String(row.stage),
      startedAt: String(row.started_at),
      updatedAt: String(row.updated_at),
      pid: Number(row.pid),
      ...(typeof row.worker === 'string' ? { worker: row.worker } : {}),
    }));
}
