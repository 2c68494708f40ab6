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
  db.exec('DELETE FROM in_flight');
}

/** Notes the attempt at `stage`; its start time stays that of the first note. */
export function noteInFlight(db: DatabaseSync, plan: AttemptPlan, stage: string): void {
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO in_flight (key, task_id, agent_label, attempt_index, stage, started_at, updated_at, pid)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET stage = excluded.stage, updated_at = excluded.updated_at`,
  ).run(plan.key, plan.taskId, plan.agentLabel, plan.attemptIndex, stage, now, now, process.pid);
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
    }));
}
