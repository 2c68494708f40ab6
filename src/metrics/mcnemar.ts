/**
 * McNemar's exact test for paired pass/fail outcomes: only the discordant tasks (one side
 * passed, the other did not) carry evidence, and under "no difference" each is equally
 * likely to go either way. The two-sided p-value is the exact binomial tail, doubled.
 * Written here rather than taken from a statistics package: it is a dozen lines of log-space
 * sums, and exactness at a few thousand discordant pairs is all it needs.
 */

/**
 * Two-sided exact p-value of `b` tasks going one way and `c` the other, each way with
 * probability ½: min(1, 2 · P(X ≤ min(b, c))) with X ~ Binomial(b + c, ½). 1 when no task
 * is discordant (nothing speaks against "no difference").
 */
export function mcnemarExactP(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const low = Math.min(b, c);
  // Σ_{i ≤ low} C(n, i) / 2^n in log space: C(n, i) overflows doubles past n ≈ 1,000.
  const logHalfN = -n * Math.LN2;
  let logTerm = logHalfN; // i = 0: C(n, 0) = 1
  let tail = Math.exp(logTerm);
  for (let i = 1; i <= low; i++) {
    logTerm += Math.log(n - i + 1) - Math.log(i);
    tail += Math.exp(logTerm);
  }
  return Math.min(1, 2 * tail);
}
