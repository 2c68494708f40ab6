/** Row ↔ object mapping for the run database: JSON columns in, typed objects out. */
import type { SQLOutputValue } from 'node:sqlite';
import type { Usage } from '../model/usage.ts';
import type { Category, Nature, TaskKind } from '../task/types.ts';
import type { JsonValue } from '../util/json.ts';
import type { AttemptPlan, AttemptResult, AttemptStatus, TaskRecord, TaskText } from './types.ts';

type Row = Record<string, SQLOutputValue>;

export function taskParams(task: TaskRecord): Record<string, string | number | null> {
  return {
    id: task.id,
    kind: task.kind,
    title: task.title,
    price: task.price,
    categories: JSON.stringify(task.categories),
    nature: task.nature ?? null,
    tags: JSON.stringify(task.tags),
    content_hash: task.contentHash,
  };
}

export function taskFromRow(row: Row): TaskRecord {
  return {
    id: str(row.id),
    kind: str(row.kind) as TaskKind,
    title: str(row.title),
    price: num(row.price),
    categories: JSON.parse(str(row.categories)) as Category[],
    nature: row.nature === null ? undefined : (str(row.nature) as Nature),
    tags: JSON.parse(str(row.tags)) as string[],
    contentHash: str(row.content_hash),
  };
}

export function taskTextFromRow(row: Row): TaskText {
  return {
    taskId: str(row.task_id),
    issue: str(row.issue),
    proposals:
      row.proposals === null
        ? undefined
        : (JSON.parse(str(row.proposals)) as TaskText['proposals']),
  };
}

export function planFromRow(row: Row): AttemptPlan {
  return {
    key: str(row.key),
    taskId: str(row.task_id),
    agentLabel: str(row.agent_label),
    attemptIndex: num(row.attempt_index),
  };
}

export function resultParams(result: AttemptResult): Record<string, string | number | null> {
  return {
    key: result.key,
    task_id: result.taskId,
    agent_label: result.agentLabel,
    attempt_index: result.attemptIndex,
    status: result.status,
    price_usd: result.priceUsd,
    earned_usd: result.earnedUsd,
    partial_credit: result.partialCredit ?? null,
    // cost_usd is NOT NULL in every store ever written: an unknown cost is 0 plus a flag.
    cost_usd: result.costUsd ?? 0,
    usage: JSON.stringify(result.usage),
    model: result.model ?? null,
    started_at: result.startedAt,
    finished_at: result.finishedAt,
    duration_ms: Math.round(result.durationMs),
    infra_retries: result.infraRetries,
    explanation: result.explanation,
    details: JSON.stringify(
      result.costUsd === null ? withCostUnknown(result.details) : result.details,
    ),
    artifacts: JSON.stringify(result.artifacts),
  };
}

export function resultFromRow(row: Row): AttemptResult {
  const details = JSON.parse(str(row.details)) as JsonValue;
  return {
    key: str(row.key),
    taskId: str(row.task_id),
    agentLabel: str(row.agent_label),
    attemptIndex: num(row.attempt_index),
    status: str(row.status) as AttemptStatus,
    priceUsd: num(row.price_usd),
    earnedUsd: num(row.earned_usd),
    partialCredit: row.partial_credit === null ? undefined : num(row.partial_credit),
    costUsd: costIsUnknown(details) ? null : num(row.cost_usd),
    usage: JSON.parse(str(row.usage)) as Usage,
    model: row.model === null ? undefined : str(row.model),
    startedAt: str(row.started_at),
    finishedAt: str(row.finished_at),
    durationMs: num(row.duration_ms),
    infraRetries: num(row.infra_retries),
    explanation: str(row.explanation),
    details,
    artifacts: JSON.parse(str(row.artifacts)) as Record<string, string>,
  };
}

/** The flag that marks a recorded cost as unknown (`details.costKnown: false`). */
function withCostUnknown(details: JsonValue): JsonValue {
  return details !== null && typeof details === 'object' && !Array.isArray(details)
    ? { ...details, costKnown: false }
    : { details, costKnown: false };
}

function costIsUnknown(details: JsonValue): boolean {
  return (
    details !== null &&
    typeof details === 'object' &&
    !Array.isArray(details) &&
    details.costKnown === false
  );
}

/** Named parameters as `$name` for every key of a params object. */
export function insertSql(table: string, params: Record<string, unknown>): string {
  const columns = Object.keys(params);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `$${c}`).join(', ')})`;
}

function str(value: SQLOutputValue | undefined): string {
  if (typeof value !== 'string')
    throw new TypeError(`expected a text column, found ${typeof value}`);
  return value;
}

function num(value: SQLOutputValue | undefined): number {
  if (typeof value !== 'number') {
    throw new TypeError(`expected a numeric column, found ${typeof value}`);
  }
  return value;
}
