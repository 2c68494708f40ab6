import { describe, expect, it } from 'vitest';
import { managerTask } from '../../../test/run-helpers.ts';
import type { ManagerTask } from '../../task/types.ts';
import { checkHeuristics } from './heuristic-check.ts';

/** Twelve four-proposal tasks whose proposal texts have the given lengths, correct id 1. */
function suite(lengths: (index: number) => number[]): ManagerTask[] {
  return Array.from({ length: 12 }, (_, index) => {
    const task = managerTask(`t${index}`, 1000, 4, 1);
    return {
      ...task,
      proposals: task.proposals.map((p, i) => ({ ...p, text: 'x'.repeat(lengths(index)[i] ?? 1) })),
    };
  });
}

describe('checkHeuristics', () => {
  it('flags the right proposal always being the longest', () => {
    const check = checkHeuristics(suite(() => [100, 900, 300, 200]));
    const longest = check.heuristics.find((f) => f.heuristic === 'longest' && !f.shuffled);
    expect(longest).toMatchObject({ tasksWon: 12, usdWon: 12_000, biased: true });
    expect(longest?.won).toHaveLength(12);
    expect(check.biased).toBe(true);
  });

  it('flags the opposite bias too: the longest always a decoy, the right one second', () => {
    const check = checkHeuristics(suite(() => [100, 800, 900, 200]));
    expect(check.heuristics.find((f) => f.heuristic === 'longest')?.tasksWon).toBe(0);
    expect(check.lengthRanks[1]).toMatchObject({ position: 2, tasksWon: 12, biased: true });
    expect(check.biased).toBe(true);
  });

  it('passes when length and position say nothing about the answer', () => {
    // The right proposal (id 1, always second) is the longest in 3 tasks of 12, and 2nd, 3rd
    // and 4th longest in 3 each: rank and position each win at chance, except position 2.
    const ranks = [900, 800, 700, 600];
    const check = checkHeuristics(
      suite((index) => {
        const correct = ranks[index % 4] as number;
        const others = ranks.filter((length) => length !== correct);
        return [others[0] as number, correct, others[1] as number, others[2] as number];
      }),
    );
    expect(check.lengthRanks.map((f) => f.tasksWon)).toEqual([3, 3, 3, 3]);
    expect(check.heuristics.filter((f) => f.biased)).toEqual([]);
    // Every correct proposal second in the suite's order: that alone is a position bias.
    expect(check.positions[1]).toMatchObject({ tasksWon: 12, biased: true });
  });
});
