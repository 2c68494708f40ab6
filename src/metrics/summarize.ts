/** Earnings, pass rate and their intervals over a set of task scores. */
import { type BootstrapOptions, bootstrapIntervals, mean, meanBy, sumBy } from './bootstrap.ts';
import type { TaskScore } from './task-scores.ts';
import type { CostSummary, Interval, ScoreSummary } from './types.ts';

/** Only tasks with a scored attempt count: a task lost entirely to infra errors is unmeasured. */
export function scoredOnly(scores: readonly TaskScore[]): TaskScore[] {
  return scores.filter((score) => score.scored > 0);
}

export function summarize(scores: readonly TaskScore[]): ScoreSummary {
  const scored = scoredOnly(scores);
  const earnedUsd = sumBy(scored, (score) => score.earnedUsd);
  const availableUsd = sumBy(scored, (score) => score.task.price);
  return {
    tasks: scored.length,
    attempts: sumBy(scored, (score) => score.scored),
    passedAttempts: sumBy(scored, (score) => score.passed),
    earnedUsd,
    availableUsd,
    earnRate: availableUsd > 0 ? earnedUsd / availableUsd : null,
    pass1: scored.length > 0 ? meanBy(scored, (score) => score.pass1) : null,
  };
}

export function summaryIntervals(
  scores: readonly TaskScore[],
  options: BootstrapOptions,
): { earnedUsd: Interval | null; earnRate: Interval | null; pass1: Interval | null } {
  const scored = scoredOnly(scores);
  const intervals = bootstrapIntervals(
    scored,
    {
      earnedUsd: (sample) => sumBy(sample, (score) => score.earnedUsd),
      earnRate: (sample) => {
        const available = sumBy(sample, (score) => score.task.price);
        return available > 0 ? sumBy(sample, (score) => score.earnedUsd) / available : 0;
      },
      pass1: (sample) => meanBy(sample, (score) => score.pass1),
    },
    options,
  );
  // A rate over zero dollars has no meaning; the point estimate is null there too.
  if (sumBy(scored, (score) => score.task.price) === 0) intervals.earnRate = null;
  return intervals;
}

export function summarizeCost(scores: readonly TaskScore[], earnedUsd: number): CostSummary {
  const costUsd = sumBy(scoredOnly(scores), (score) => score.costUsd);
  return {
    spentUsd: sumBy(scores, (score) => score.spentUsd),
    costUsd,
    netMarginUsd: earnedUsd - costUsd,
    costPerEarnedUsd: earnedUsd > 0 ? costUsd / earnedUsd : null,
  };
}

export function meanPartialCredit(scores: readonly TaskScore[]): number | null {
  const credits = scoredOnly(scores)
    .map((score) => score.partialCredit)
    .filter((credit): credit is number => credit !== null);
  return credits.length === 0 ? null : mean(credits);
}
