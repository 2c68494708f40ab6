/**
 * When agents scored different tasks, their headlines compare different pots ("$151,400 of
 * $151,400" beside "$22,300 of $91,100"). The figures over the tasks every agent scored are
 * the comparable ones; reports give them in a caveat.
 */
import { sumBy } from './bootstrap.ts';
import { scoredOnly } from './summarize.ts';
import type { TaskScore } from './task-scores.ts';
import type { CommonPot } from './types.ts';

/** The pot every agent shares and what each earned of it; null when the pots already agree. */
export function commonPot(
  scoresByAgent: ReadonlyMap<string, readonly TaskScore[]>,
): CommonPot | null {
  if (scoresByAgent.size < 2) return null;
  const scoredIds = [...scoresByAgent.values()].map(
    (scores) => new Set(scoredOnly(scores).map((score) => score.task.id)),
  );
  const [first, ...rest] = scoredIds;
  if (!first) return null;
  const same = rest.every(
    (ids) => ids.size === first.size && [...ids].every((id) => first.has(id)),
  );
  if (same) return null;
  const common = new Set([...first].filter((id) => rest.every((ids) => ids.has(id))));
  const agents = [...scoresByAgent].map(([agent, scores]) => {
    const shared = scoredOnly(scores).filter((score) => common.has(score.task.id));
    return { agent, earnedUsd: sumBy(shared, (score) => score.earnedUsd) };
  });
  const anyScores = [...scoresByAgent.values()][0] ?? [];
  const availableUsd = sumBy(
    scoredOnly(anyScores).filter((score) => common.has(score.task.id)),
    (score) => score.task.price,
  );
  return { tasks: common.size, availableUsd, agents };
}
