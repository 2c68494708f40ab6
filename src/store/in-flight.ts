/**
 * The `in_flight` table: attempts a runner has started and not recorded, with their stage.
 * Only the lock holder writes it; readers (reports from another shell) only read it.
 */
import type { DatabaseSync } from 'node:sqlite';
import { IN_FLIGHT_ADDED_COLUMNS, IN_FLIGHT_SCHEMA } from './schema.ts';
import type { AttemptPlan, InFlightAttempt, InFlightProgress } from './types.ts';

export const CLEAR_IN_FLIGHT = 'DELETE FROM in_flight WHERE key = ?';

/**
 * The writer holds the lock: any attempt still marked in flight belongs to a runner that is
 * gone, and runs again (or is skipped as recorded) in this session.
 */
export function startInFlight(db: DatabaseSync): void {
  db.exec(IN_FLIGHT_SCHEMA);
  const have = new Set(
    db
      .prepare('PRAGMA table_info(in_flight)')
      .all()
      .map((column) => String(column.name)),
  );
  for (const [name, type] of Object.entries(IN_FLIGHT_ADDED_COLUMNS)) {
    if (!have.has(name)) db.exec(`ALTER TABLE in_flight ADD COLUMN ${name} ${type}`);
  }
  db.exec('DELETE FROM in_flight');
}

/**
 * Notes the attempt at `stage`; its start time stays that of the first note. `progress` (the
 * agent's steps and spend) replaces what was noted before; without it, the last is kept.
 * `worker` names the queue worker running it (null in a local run, where this process runs it).
 */
export function noteInFlight(
  db: DatabaseSync,
  plan: AttemptPlan,
  stage: string,
  progress?: InFlightProgress,
  worker: string | null = null,
): void {
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO in_flight
       (key, task_id, agent_label, attempt_index, stage, started_at, updated_at, pid, steps, spend_usd, worker)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET
       stage = excluded.stage,
       updated_at = CASE WHEN stage = excluded.stage THEN updated_at ELSE excluded.updated_at END,
       steps = CASE WHEN ? THEN excluded.steps ELSE steps END,
       spend_usd = CASE WHEN ? THEN excluded.spend_usd ELSE spend_usd END,
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
    progress?.steps ?? null,
    progress?.spendUsd ?? null,
    worker,
    progress ? 1 : 0,
    progress ? 1 : 0,
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
      ...progressOf(row),
      ...(typeof row.worker === 'string' ? { worker: row.worker } : {}),
    }));
}

/** Steps and spend, when the agent reported them (columns a store made before lacks). */
function progressOf(row: Record<string, unknown>): Pick<InFlightAttempt, 'steps' | 'spendUsd'> {
  if (row.steps === undefined || row.steps === null) return {};
  return {
    steps: Number(row.steps),
    spendUsd: row.spend_usd === null || row.spend_usd === undefined ? null : Number(row.spend_usd),
  };
}
