/** Where money was won and lost: the costliest misses per agent and tasks agents split on. */
import { scoredOnly } from './summarize.ts';
import type { TaskScore } from './task-scores.ts';
import type { Disagreement, TaskLoss } from './types.ts';

/** The `top` tasks with the most dollars lost (price − expected earnings), most first. */
export function topLosses(scores: readonly TaskScore[], top: number): TaskLoss[] {
  return scoredOnly(scores)
    .map((score) => ({
      taskId: score.task.id,
      title: score.task.title,
      priceUsd: score.task.price,
      lostUsd: score.task.price - score.earnedUsd,
      pass1: score.pass1,
      attempts: score.scored,
    }))
    .filter((loss) => loss.lostUsd > 0)
    .sort((a, b) => b.lostUsd - a.lostUsd || b.priceUsd - a.priceUsd || compare(a.taskId, b.taskId))
    .slice(0, top);
}

/**
 * Tasks on which at least one agent passed at least once and another agent never passed,
 * among agents that scored the task. Most expensive first: that is where the money differs.
 */
export function disagreements(
  scoresByAgent: ReadonlyMap<string, readonly TaskScore[]>,
): Disagreement[] {
  const byTask = new Map<string, { score: TaskScore; agent: string }[]>();
  for (const [agent, scores] of scoresByAgent) {
    for (const score of scoredOnly(scores)) {
      const list = byTask.get(score.task.id);
      if (list) list.push({ score, agent });
      else byTask.set(score.task.id, [{ score, agent }]);
    }
  }
  const found: Disagreement[] = [];
  for (const entries of byTask.values()) {
    if (entries.length < 2) continue;
    const rates = entries.map((entry) => entry.score.pass1);
    if (Math.max(...rates) > 0 && Math.min(...rates) === 0) {
      const task = (entries[0] as { score: TaskScore }).score.task;
      found.push({
        taskId: task.id,
        title: task.title,
        priceUsd: task.price,
        pass1ByAgent: Object.fromEntries(entries.map((entry) => [entry.agent, entry.score.pass1])),
      });
    }
  }
  return found.sort((a, b) => b.priceUsd - a.priceUsd || compare(a.taskId, b.taskId));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
