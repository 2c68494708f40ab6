import { describe, expect, it } from 'vitest';
import { mcnemarExactP } from './mcnemar.ts';

describe('mcnemarExactP', () => {
  it('matches the exact binomial test on small tables', () => {
    // 0 vs 5: 2 · (1/2)^5.
    expect(mcnemarExactP(0, 5)).toBeCloseTo(0.0625, 12);
    // 1 vs 9: 2 · (1 + 10) / 1024.
    expect(mcnemarExactP(9, 1)).toBeCloseTo(22 / 1024, 12);
    // Balanced: nothing speaks against "no difference".
    expect(mcnemarExactP(3, 3)).toBe(1);
    expect(mcnemarExactP(0, 0)).toBe(1);
  });

  it('stays finite and exact on thousands of discordant tasks', () => {
    const p = mcnemarExactP(1100, 900);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-5);
    expect(mcnemarExactP(1000, 1000)).toBe(1);
  });
});
