/**
 * pass@k with the unbiased estimator of Chen et al. (2021), as used by SWE-Lancer: for a
 * task tried n times with c passes, the probability that at least one of k attempts drawn
 * without replacement passes is 1 − C(n−c, k) / C(n, k).
 */
import { InputError } from '../errors.ts';

/** Attempts and passes of one task. */
export interface PassCount {
  n: number;
  c: number;
}

/**
 * pass@k of one task. Computed as a product rather than with binomials so large n cannot
 * overflow: C(n−c,k)/C(n,k) = Π_{i=n−c+1..n} (1 − k/i).
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k)) {
    throw new InputError('INPUT_INVALID', `pass@k needs integers, got n=${n}, c=${c}, k=${k}`);
  }
  if (n < 1 || c < 0 || c > n || k < 1 || k > n) {
    throw new InputError(
      'INPUT_INVALID',
      `pass@k needs 0 ≤ c ≤ n and 1 ≤ k ≤ n, got n=${n}, c=${c}, k=${k}`,
    );
  }
  if (n - c < k) return 1;
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}

/** Mean pass@k over tasks; null when there is no task. */
export function meanPassAtK(counts: readonly PassCount[], k: number): number | null {
  if (counts.length === 0) return null;
  let total = 0;
  for (const { n, c } of counts) total += passAtK(n, c, k);
  return total / counts.length;
}

/** The largest k every task supports: the fewest attempts any task has (0 with no task). */
export function maxK(counts: readonly PassCount[]): number {
  if (counts.length === 0) return 0;
  return Math.min(...counts.map((count) => count.n));
}

/** pass@k for k = 1 … maxK(counts). */
export function passAtKCurve(counts: readonly PassCount[]): { k: number; value: number }[] {
  const curve: { k: number; value: number }[] = [];
  const top = maxK(counts);
  for (let k = 1; k <= top; k++) curve.push({ k, value: meanPassAtK(counts, k) ?? 0 });
  return curve;
}
