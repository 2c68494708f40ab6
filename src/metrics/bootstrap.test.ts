import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { bootstrapInterval, bootstrapIntervals, mean, quantile, sum } from './bootstrap.ts';

/** Pass rates of n tasks: a fixed, mixed pattern so intervals have width. */
function passRates(n: number): number[] {
  return Array.from({ length: n }, (_, i) => [1, 0, 0, 1 / 3, 1, 2 / 3, 0][i % 7] as number);
}

describe('bootstrapInterval', () => {
  it('contains the point estimate', () => {
    const values = passRates(35);
    const interval = bootstrapInterval(values, mean, { seed: 7 });
    expect(interval?.estimate).toBeCloseTo(mean(values), 12);
    expect(interval?.low).toBeLessThan(interval?.estimate as number);
    expect(interval?.high).toBeGreaterThan(interval?.estimate as number);
  });

  it('is deterministic for a seed and moves with another seed', () => {
    // Many distinct values, so two different sets of draws cannot land on the same quantiles.
    const values = Array.from({ length: 30 }, (_, i) => ((i * 7919) % 101) / 101);
    const a = bootstrapInterval(values, mean, { seed: 123 });
    const b = bootstrapInterval(values, mean, { seed: 123 });
    const c = bootstrapInterval(values, mean, { seed: 124 });
    expect(b).toEqual(a);
    expect([c?.low, c?.high]).not.toEqual([a?.low, a?.high]);
  });

  it('narrows for a mean as the number of tasks grows', () => {
    const width = (n: number) => {
      const interval = bootstrapInterval(passRates(n), mean, { seed: 5 });
      return (interval?.high ?? 0) - (interval?.low ?? 0);
    };
    const small = width(14);
    const medium = width(140);
    const large = width(1400);
    expect(medium).toBeLessThan(small);
    expect(large).toBeLessThan(medium);
    // The standard error falls like 1/√n: ten times the tasks, about a third of the width.
    expect(large / medium).toBeGreaterThan(0.2);
    expect(large / medium).toBeLessThan(0.5);
  });

  it('has zero width when every task scores the same', () => {
    const interval = bootstrapInterval([1, 1, 1, 1], mean);
    expect(interval).toEqual({ estimate: 1, low: 1, high: 1 });
  });

  it('is null without tasks and rejects bad options', () => {
    expect(bootstrapInterval([], sum)).toBeNull();
    expect(() => bootstrapInterval([1], sum, { resamples: 0 })).toThrow(InputError);
    expect(() => bootstrapInterval([1], sum, { confidence: 1.5 })).toThrow(/between 0 and 1/);
  });
});

describe('bootstrapIntervals', () => {
  it('computes several statistics on the same draws', () => {
    const tasks = passRates(21).map((rate, i) => ({
      earned: rate * (i + 1) * 100,
      price: (i + 1) * 100,
    }));
    const result = bootstrapIntervals(tasks, {
      earned: (sample) => sum(sample.map((t) => t.earned)),
      rate: (sample) => sum(sample.map((t) => t.earned)) / sum(sample.map((t) => t.price)),
    });
    expect(result.earned?.estimate).toBeCloseTo(sum(tasks.map((t) => t.earned)), 9);
    expect(result.rate?.low).toBeLessThanOrEqual(result.rate?.estimate as number);
    expect(result.rate?.high).toBeGreaterThanOrEqual(result.rate?.estimate as number);
  });
});

describe('quantile', () => {
  it('interpolates between order statistics', () => {
    expect(quantile([0, 10, 20, 30], 0.5)).toBe(15);
    expect(quantile([0, 10, 20, 30], 0)).toBe(0);
    expect(quantile([0, 10, 20, 30], 1)).toBe(30);
  });
});
