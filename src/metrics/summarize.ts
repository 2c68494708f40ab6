/** Earnings, pass rate and their intervals over a set of task scores. */
import { type BootstrapOptions, bootstrapIntervals, mean, meanBy, sumBy } from './bootstrap.ts';
import { knownSum, type TaskScore } from './task-scores.ts';
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

/**
 * Intervals by task bootstrap. The earned-dollar interval is the earn-rate interval times the
 * dollars available: the question is "how much of this pot would the agent earn", so the pot
 * stays fixed and only the rate varies. (Bootstrapping the raw sum would also resample the
 * pot and give intervals past the available dollars, which reads as nonsense.)
 */
export function summaryIntervals(
  scores: readonly TaskScore[],
  options: BootstrapOptions,
): { earnedUsd: Interval | null; earnRate: Interval | null; pass1: Interval | null } {
  const scored = scoredOnly(scores);
  const available = sumBy(scored, (score) => score.task.price);
  const { earnRate, pass1 } = bootstrapIntervals(
    scored,
    {
      earnRate: (sample) =>
        ratioOfSums(
          sample,
          (score) => score.earnedUsd,
          (score) => score.task.price,
        ),
      pass1: (sample) => meanBy(sample, (score) => score.pass1),
    },
    options,
  );
  if (!earnRate) return { earnedUsd: null, earnRate: null, pass1 };
  // A rate over zero dollars has no meaning; nothing could be earned either.
  if (available === 0)
    return { earnedUsd: { estimate: 0, low: 0, high: 0 }, earnRate: null, pass1 };
  return {
    earnedUsd: scaleInterval(
      earnRate,
      available,
      sumBy(scored, (score) => score.earnedUsd),
    ),
    earnRate,
    pass1,
  };
}

/** Σ value / Σ price over a sample (0 when the sample has no dollars). */
export function ratioOfSums<T>(
  sample: readonly T[],
  value: (item: T) => number,
  price: (item: T) => number,
): number {
  const available = sumBy(sample, price);
  return available > 0 ? sumBy(sample, value) / available : 0;
}

/** A rate interval in dollars of `availableUsd`, rounded to cents. */
export function scaleInterval(rate: Interval, availableUsd: number, estimate: number): Interval {
  const cents = (value: number) => Math.round(value * availableUsd * 100) / 100;
  return { estimate, low: cents(rate.low), high: cents(rate.high) };
}

export function summarizeCost(
  scores: readonly TaskScore[],
  earnedUsd: number,
): Omit<CostSummary, 'unknownCostAttempts'> {
  const costUsd = knownSum(scoredOnly(scores).map((score) => score.costUsd));
  return {
    spentUsd: knownSum(scores.map((score) => score.spentUsd)),
    costUsd,
    netMarginUsd: costUsd === null ? null : earnedUsd - costUsd,
    costPerEarnedUsd: costUsd !== null && earnedUsd > 0 ? costUsd / earnedUsd : null,
  };
}

export function meanPartialCredit(scores: readonly TaskScore[]): number | null {
  const credits = scoredOnly(scores)
    .map((score) => score.partialCredit)
    .filter((credit): credit is number => credit !== null);
  return credits.length === 0 ? null : mean(credits);
}
