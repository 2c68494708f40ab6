import { describe, expect, it } from 'vitest';
import { chanceTail } from './chance-tail.ts';

describe('chanceTail', () => {
  it('gives the exact tails of tasks and dollars won by chance', () => {
    // Two coin flips worth $100 and $300.
    const tail = chanceTail([
      { price: 100, proposals: 2 },
      { price: 300, proposals: 2 },
    ]);
    expect(tail.expectedTasks).toBe(1);
    expect(tail.expectedUsd).toBe(200);
    expect([0, 1, 2, 3].map((k) => tail.tasksPValue(k))).toEqual([1, 0.75, 0.25, 0]);
    expect([0, 100, 200, 300, 400, 500].map((usd) => tail.usdPValue(usd))).toEqual([
      1, 0.75, 0.5, 0.5, 0.25, 0,
    ]);
  });

  it('sets the limit at the most chance reaches with probability above alpha', () => {
    const tail = chanceTail([
      { price: 100, proposals: 2 },
      { price: 300, proposals: 2 },
    ]);
    expect(tail.tasksLimit(0.3)).toBe(1);
    expect(tail.tasksLimit(0.2)).toBe(2);
    // $200 is never won by chance: the limit is a sum that can be reached.
    expect(tail.usdLimit(0.3)).toBe(300);
    expect(tail.usdLimit(0.1)).toBe(400);
  });

  it('judges an expensive task by what it alone can do by luck', () => {
    const tasks = [
      { price: 20_000, proposals: 4 },
      ...Array.from({ length: 20 }, () => ({ price: 100, proposals: 4 })),
    ];
    // Winning the $20,000 task happens one time in four: never significant on its own
    // (a normal approximation, mean $5,500 and sd $8,660, would put it at 5%).
    expect(chanceTail(tasks).usdPValue(20_000)).toBeCloseTo(0.25, 12);
    expect(chanceTail(tasks).tasksPValue(13)).toBeLessThan(0.001);
  });
});
