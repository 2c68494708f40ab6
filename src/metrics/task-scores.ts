/**
 * From raw store rows to per-task scores of one agent. Every other metric is a function of
 * these, so the rules live here once: infra errors are not attempts at the task, the mean
 * over attempts is the expected value of one attempt, and prices come from the task record.
 */
import { describeProblem, InputError } from '../errors.ts';
import {
  ATTEMPT_STATUSES,
  type AttemptResult,
  type AttemptStatus,
  type TaskRecord,
} from '../store/types.ts';
import { QUARANTINED_TAG } from '../task/quarantine.ts';
import type { MetricsInput } from './types.ts';

export interface TaskScore {
  task: TaskRecord;
  /** Final attempts, infra errors included. */
  attempts: number;
  /** Attempts that measured the agent: everything but infra errors. */
  scored: number;
  passed: number;
  infra: number;
  /** Mean earned per scored attempt (0 when nothing was scored). */
  earnedUsd: number;
  /** passed / scored (0 when nothing was scored). */
  pass1: number;
  /** Mean cost per scored attempt; null when one of them has an unknown cost. */
  costUsd: number | null;
  /** Total cost of all attempts, infra errors included; null when one is unknown. */
  spentUsd: number | null;
  /** Mean partial credit over scored attempts that report one; null when none does. */
  partialCredit: number | null;
}

/** The run's rows, checked and indexed once. */
export interface PreparedInput {
  taskById: Map<string, TaskRecord>;
  /** One final result per attempt key (a repeated key keeps the latest finish). */
  results: AttemptResult[];
  /** Agent labels in the order the run planned them. */
  agents: string[];
  /** Agent label → planned attempts without a final result. */
  pending: Map<string, number>;
  quarantined: Set<string>;
}

export function prepareInput(
  input: MetricsInput,
  quarantine: readonly string[] = [],
): PreparedInput {
  const taskById = new Map<string, TaskRecord>();
  input.tasks.forEach((task, index) => {
    if (!Number.isFinite(task.price) || task.price < 0) {
      throw new InputError(
        'RUN_MISMATCH',
        describeProblem({
          file: 'run tasks',
          row: index + 1,
          field: 'price',
          expected: 'a non-negative number of USD',
          found: task.price,
        }),
      );
    }
    taskById.set(task.id, task);
  });

  const byKey = new Map<string, AttemptResult>();
  input.results.forEach((result, index) => {
    checkResult(result, index, taskById);
    const previous = byKey.get(result.key);
    if (!previous || previous.finishedAt <= result.finishedAt) byKey.set(result.key, result);
  });
  const results = [...byKey.values()];

  const agents: string[] = [];
  const seen = new Set<string>();
  const addAgent = (label: string) => {
    if (!seen.has(label)) {
      seen.add(label);
      agents.push(label);
    }
  };
  for (const plan of input.plans) addAgent(plan.agentLabel);
  for (const result of results) addAgent(result.agentLabel);

  const pending = new Map<string, number>(agents.map((agent) => [agent, 0]));
  for (const plan of input.plans) {
    if (!byKey.has(plan.key)) pending.set(plan.agentLabel, (pending.get(plan.agentLabel) ?? 0) + 1);
  }

  const quarantined = new Set<string>(quarantine);
  for (const task of input.tasks) if (task.tags.includes(QUARANTINED_TAG)) quarantined.add(task.id);
  return { taskById, results, agents, pending, quarantined };
}

function checkResult(result: AttemptResult, index: number, tasks: Map<string, TaskRecord>): void {
  const problem = (field: string, expected: string, found: unknown) =>
    new InputError(
      'RUN_MISMATCH',
      describeProblem({ file: `result ${result.key}`, row: index + 1, field, expected, found }),
    );
  if (!tasks.has(result.taskId)) {
    throw problem('taskId', "the id of a task recorded in the run's tasks", result.taskId);
  }
  if (!(ATTEMPT_STATUSES as readonly string[]).includes(result.status)) {
    throw problem('status', `one of ${ATTEMPT_STATUSES.join(', ')}`, result.status);
  }
  if (!Number.isFinite(result.earnedUsd) || result.earnedUsd < 0) {
    throw problem('earnedUsd', 'a non-negative number of USD', result.earnedUsd);
  }
  if (result.costUsd !== null && (!Number.isFinite(result.costUsd) || result.costUsd < 0)) {
    throw problem('costUsd', 'a non-negative number of USD, or null (unknown)', result.costUsd);
  }
}

/** Per-task scores of the given results (already narrowed to one agent, or a slice of it). */
export function scoreTasks(
  results: readonly AttemptResult[],
  taskById: ReadonlyMap<string, TaskRecord>,
): TaskScore[] {
  const byTask = new Map<string, AttemptResult[]>();
  for (const result of results) {
    const list = byTask.get(result.taskId);
    if (list) list.push(result);
    else byTask.set(result.taskId, [result]);
  }
  const ids = [...byTask.keys()].sort();
  return ids.map((id) => scoreTask(taskById.get(id) as TaskRecord, byTask.get(id) ?? []));
}

function scoreTask(task: TaskRecord, attempts: readonly AttemptResult[]): TaskScore {
  const scored = attempts.filter((attempt) => attempt.status !== 'infra_error');
  const passed = scored.filter((attempt) => attempt.status === 'passed').length;
  const credits = scored
    .map((attempt) => attempt.partialCredit)
    .filter((credit): credit is number => typeof credit === 'number');
  const meanOf = (values: number[]) =>
    values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
  return {
    task,
    attempts: attempts.length,
    scored: scored.length,
    passed,
    infra: attempts.length - scored.length,
    earnedUsd: meanOf(scored.map((attempt) => attempt.earnedUsd)),
    pass1: scored.length === 0 ? 0 : passed / scored.length,
    costUsd: knownSum(
      scored.map((attempt) => attempt.costUsd),
      scored.length || 1,
    ),
    spentUsd: knownSum(attempts.map((attempt) => attempt.costUsd)),
    partialCredit: credits.length === 0 ? null : meanOf(credits),
  };
}

/** Σ (÷ `divisor`) of costs, or null when any of them is unknown. */
export function knownSum(costs: readonly (number | null)[], divisor = 1): number | null {
  let total = 0;
  for (const cost of costs) {
    if (cost === null) return null;
    total += cost;
  }
  return total / divisor;
}

export function countStatuses(results: readonly AttemptResult[]): Record<AttemptStatus, number> {
  const counts = Object.fromEntries(ATTEMPT_STATUSES.map((status) => [status, 0])) as Record<
    AttemptStatus,
    number
  >;
  for (const result of results) counts[result.status] += 1;
  return counts;
}
