import { TASK_KINDS, type Task, type TaskKind } from './types.ts';

export interface TaskTotal {
  tasks: number;
  /** Sum of prices in US dollars. */
  usd: number;
}

export type TaskTotals = Record<TaskKind | 'all', TaskTotal>;

/** Task count and available dollars per kind and overall. */
export function totalTasks(tasks: readonly Task[]): TaskTotals {
  const totals = Object.fromEntries(
    [...TASK_KINDS, 'all'].map((key) => [key, { tasks: 0, usd: 0 }]),
  ) as TaskTotals;
  for (const task of tasks) {
    for (const key of [task.kind, 'all'] as const) {
      totals[key].tasks += 1;
      totals[key].usd += task.price;
    }
  }
  return totals;
}
