import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { maxK, meanPassAtK, passAtK, passAtKCurve } from './pass-at-k.ts';

describe('passAtK', () => {
  it('matches hand-computed values for n=3, c=1', () => {
    // k=1: 1 − C(2,1)/C(3,1) = 1 − 2/3; k=2: 1 − C(2,2)/C(3,2) = 1 − 1/3; k=3: C(2,3)=0 → 1.
    expect(passAtK(3, 1, 1)).toBeCloseTo(1 / 3, 12);
    expect(passAtK(3, 1, 2)).toBeCloseTo(2 / 3, 12);
    expect(passAtK(3, 1, 3)).toBe(1);
  });

  it('is 0 with no pass and 1 with all passes', () => {
    expect(passAtK(5, 0, 3)).toBe(0);
    expect(passAtK(5, 5, 1)).toBe(1);
  });

  it('matches the binomial form for n=10, c=3, k=4', () => {
    // 1 − C(7,4)/C(10,4) = 1 − 35/210.
    expect(passAtK(10, 3, 4)).toBeCloseTo(1 - 35 / 210, 12);
  });

  it('stays finite for large n', () => {
    const value = passAtK(2000, 1, 1000);
    expect(value).toBeCloseTo(0.5, 12);
  });

  it('rejects impossible counts with the numbers in the message', () => {
    expect(() => passAtK(3, 4, 1)).toThrow(InputError);
    expect(() => passAtK(3, 1, 4)).toThrow(/n=3, c=1, k=4/);
    expect(() => passAtK(3, 1.5, 1)).toThrow(/integers/);
  });
});

describe('meanPassAtK and the curve', () => {
  const counts = [
    { n: 3, c: 1 },
    { n: 3, c: 0 },
    { n: 4, c: 4 },
  ];

  it('averages over tasks', () => {
    // k=1: (1/3 + 0 + 1) / 3; k=2: (2/3 + 0 + 1) / 3.
    expect(meanPassAtK(counts, 1)).toBeCloseTo(4 / 9, 12);
    expect(meanPassAtK(counts, 2)).toBeCloseTo(5 / 9, 12);
    expect(meanPassAtK([], 1)).toBeNull();
  });

  it('goes up to the fewest attempts of any task', () => {
    expect(maxK(counts)).toBe(3);
    const curve = passAtKCurve(counts);
    expect(curve.map((point) => point.k)).toEqual([1, 2, 3]);
    expect(curve[2]?.value).toBeCloseTo(2 / 3, 12);
    expect(passAtKCurve([])).toEqual([]);
  });
});
