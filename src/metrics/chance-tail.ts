/**
 * What a pick that knows nothing earns, as exact distributions: each task is won
 * independently with probability 1 / (its number of proposals). Tasks won then follow a
 * Poisson-binomial distribution and dollars won a weighted sum of the same coin flips; both
 * are computed exactly by dynamic programming (dollars on the grid of the prices' greatest
 * common divisor), so a suite with one very expensive task is judged by what that task can
 * do by luck, not by a normal approximation.
 */

/** One task as chance sees it. */
export interface ChanceTask {
  price: number;
  proposals: number;
}

export interface ChanceTail {
  /** Σ 1 / proposals. */
  expectedTasks: number;
  /** Σ price / proposals. */
  expectedUsd: number;
  /** P(chance wins at least `tasks` tasks). */
  tasksPValue(tasks: number): number;
  /** P(chance wins at least `usd` dollars). */
  usdPValue(usd: number): number;
  /** The most tasks chance wins with probability above `alpha`: more is significant. */
  tasksLimit(alpha: number): number;
  /** The most dollars chance wins with probability above `alpha`: more is significant. */
  usdLimit(alpha: number): number;
}

const MAX_GRID = 1_000_000;

export function chanceTail(tasks: readonly ChanceTask[]): ChanceTail {
  const odds = tasks
    .filter((t) => t.proposals > 0)
    .map((t) => ({ p: 1 / t.proposals, cents: Math.round(t.price * 100) }));
  const byCount = upperTail(distribution(odds.map(({ p }) => ({ p, step: 1 }))));
  const totalCents = odds.reduce((sum, { cents }) => sum + cents, 0);
  // Prices with odd cents would make the grid huge: then a coarser grid, prices rounded to it.
  const unit = Math.max(
    odds.reduce((g, { cents }) => gcd(g, cents), 0) || 1,
    Math.ceil(totalCents / MAX_GRID),
  );
  const byUnit = upperTail(
    distribution(odds.map(({ p, cents }) => ({ p, step: Math.round(cents / unit) }))),
  );
  const tail = (table: Float64Array, at: number) =>
    at <= 0 ? 1 : at >= table.length ? 0 : (table[at] as number);
  const limit = (table: Float64Array, alpha: number) => {
    let k = 0;
    // Only reachable sums count: skip the grid points chance can never land on.
    for (let i = 1; i < table.length; i++) {
      if ((table[i] as number) <= alpha) break;
      if (table[i] !== table[i + 1]) k = i;
    }
    return k;
  };
  return {
    expectedTasks: odds.reduce((sum, { p }) => sum + p, 0),
    expectedUsd: odds.reduce((sum, { p, cents }) => sum + (p * cents) / 100, 0),
    tasksPValue: (won) => tail(byCount, Math.ceil(won)),
    usdPValue: (usd) => tail(byUnit, Math.round(Math.round(usd * 100) / unit)),
    tasksLimit: (alpha) => limit(byCount, alpha),
    usdLimit: (alpha) => (limit(byUnit, alpha) * unit) / 100,
  };
}

/** The probability of every total of independent steps, each taken with its probability. */
function distribution(flips: readonly { p: number; step: number }[]): Float64Array {
  const size = flips.reduce((sum, { step }) => sum + step, 0) + 1;
  let pmf = new Float64Array(size);
  pmf[0] = 1;
  let reach = 0;
  for (const { p, step } of flips) {
    const next = new Float64Array(size);
    for (let total = 0; total <= reach; total++) {
      const mass = pmf[total] as number;
      if (mass === 0) continue;
      next[total] = (next[total] as number) + mass * (1 - p);
      next[total + step] = (next[total + step] as number) + mass * p;
    }
    reach += step;
    pmf = next;
  }
  return pmf;
}

/** `tail[k]` = P(total ≥ k). */
function upperTail(pmf: Float64Array): Float64Array {
  const tail = new Float64Array(pmf.length + 1);
  for (let k = pmf.length - 1; k >= 0; k--) {
    tail[k] = Math.min(1, (tail[k + 1] as number) + (pmf[k] as number));
  }
  return tail;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
