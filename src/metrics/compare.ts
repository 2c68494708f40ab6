/**
 * Paired comparison of two runs or two agents. Pairing on the same tasks removes the
 * task-to-task variation both sides share, so the interval on the difference is much
 * narrower than comparing two independent intervals.
 */
import { type BootstrapOptions, bootstrapIntervals, meanBy, sumBy } from './bootstrap.ts';
import { mcnemarExactP } from './mcnemar.ts';
import { ratioOfSums, scaleInterval, scoredOnly } from './summarize.ts';
import type { TaskScore } from './task-scores.ts';
import type { Comparison, FlippedTask } from './types.ts';

export interface ComparedSide {
  run: string;
  agent: string;
  scores: readonly TaskScore[];
}

interface Pair {
  a: TaskScore;
  b: TaskScore;
}

/** A − B on the tasks both sides scored (quarantined tasks must already be left out). */
export function compareSides(
  a: ComparedSide,
  b: ComparedSide,
  options: BootstrapOptions,
): Comparison {
  const bById = new Map(scoredOnly(b.scores).map((score) => [score.task.id, score]));
  const aScored = scoredOnly(a.scores);
  const pairs: Pair[] = [];
  let changedTasks = 0;
  for (const score of aScored) {
    const other = bById.get(score.task.id);
    // Same id but different content is a different job: pairing it would compare apples
    // with pears, so it counts on neither side's common ground.
    if (other && other.task.contentHash !== score.task.contentHash) changedTasks += 1;
    else if (other) pairs.push({ a: score, b: other });
  }
  const common = new Set(pairs.map((pair) => pair.a.task.id));
  // As for one side: the dollar difference is a rate difference over the fixed common pot.
  const intervals = bootstrapIntervals(
    pairs,
    {
      earned: (sample) =>
        ratioOfSums(
          sample,
          (pair) => pair.a.earnedUsd - pair.b.earnedUsd,
          (pair) => pair.a.task.price,
        ),
      pass1: (sample) => meanBy(sample, (pair) => pair.a.pass1 - pair.b.pass1),
    },
    options,
  );
  const availableUsd = sumBy(pairs, (pair) => pair.a.task.price);
  const earnedDiff = sumBy(pairs, (pair) => pair.a.earnedUsd - pair.b.earnedUsd);
  // The discordant tasks: with one attempt a side, the tasks one passed and the other failed.
  const aBetter = flipped(pairs, (pair) => pair.a.pass1 > pair.b.pass1);
  const bBetter = flipped(pairs, (pair) => pair.a.pass1 < pair.b.pass1);
  const side = (which: 'a' | 'b', meta: ComparedSide) => ({
    run: meta.run,
    agent: meta.agent,
    earnedUsd: sumBy(pairs, (pair) => pair[which].earnedUsd),
    pass1: pairs.length > 0 ? meanBy(pairs, (pair) => pair[which].pass1) : null,
  });
  return {
    a: side('a', a),
    b: side('b', b),
    commonTasks: pairs.length,
    availableUsd,
    changedTasks,
    onlyA: aScored.filter((score) => !common.has(score.task.id)).length - changedTasks,
    onlyB: [...bById.keys()].filter((id) => !common.has(id)).length - changedTasks,
    earnedDiffUsd: intervals.earned && scaleInterval(intervals.earned, availableUsd, earnedDiff),
    pass1Diff: intervals.pass1,
    aBetter: aBetter.length,
    bBetter: bBetter.length,
    aBetterTasks: aBetter,
    bBetterTasks: bBetter,
    mcnemarP: mcnemarExactP(aBetter.length, bBetter.length),
  };
}

/** Common tasks where `better` beat the other side, most expensive first. */
function flipped(pairs: readonly Pair[], better: (pair: Pair) => boolean): FlippedTask[] {
  return pairs
    .filter(better)
    .map((pair) => ({
      taskId: pair.a.task.id,
      title: pair.a.task.title,
      priceUsd: pair.a.task.price,
      pass1A: pair.a.pass1,
      pass1B: pair.b.pass1,
    }))
    .sort(
      (x, y) => y.priceUsd - x.priceUsd || (x.taskId < y.taskId ? -1 : x.taskId > y.taskId ? 1 : 0),
    );
}
