import { describe, expect, it } from 'vitest';
import { attempt, runOf, task } from '../../test/report-helpers.ts';
import type { AttemptResult, TaskRecord } from '../store/types.ts';
import { answerPositions, dominantPosition, ordinal } from './answer-positions.ts';
import { buildRunReport } from './run-report.ts';

/** Manager tasks with 3 or 4 proposals; the correct one cycles through the positions. */
const tasks = Array.from({ length: 12 }, (_, i) =>
  task(`m${i}`, 1000 * (i + 1), { kind: 'swe_manager' }),
);
const shownOf = (i: number) => (i % 2 === 0 ? [0, 1, 2, 3] : [0, 1, 2]);

/** A manager attempt as the grader records it: the order shown, the pick, the answer. */
function pick(t: TaskRecord, i: number, agent: string, choose: (shown: number[]) => number | null) {
  const shown = shownOf(i);
  const correct = i % shown.length;
  const selected = choose(shown);
  return attempt(t, agent, 0, selected === correct ? 'passed' : 'failed', {
    details: { presentedOrder: shown, selectedProposalId: selected, correctProposalId: correct },
  });
}

function attemptsBy(agent: string, choose: (shown: number[]) => number | null): AttemptResult[] {
  return tasks.map((t, i) => pick(t, i, agent, choose));
}

describe('answer positions', () => {
  it('counts where the pick and the correct proposal were shown', () => {
    const positions = answerPositions(attemptsBy('first', (shown) => shown[0] ?? null));
    expect(positions).toMatchObject({ attempts: 12, answered: 12 });
    expect(positions?.positions.map((p) => p.chosen)).toEqual([12, 0, 0, 0]);
    // Correct: i % (4 or 3 shown) → positions 1, 2, 3, 1, 1, 3, 3, 2, 1, 1, 3, 3.
    expect(positions?.positions.map((p) => p.correct)).toEqual([5, 2, 5, 0]);
    expect(dominantPosition(positions ?? never())).toMatchObject({ where: '1st', chosen: 12 });
  });

  it('counts the last proposal shown apart, so `last` is caught whatever the count', () => {
    const positions = answerPositions(attemptsBy('last', (shown) => shown.at(-1) ?? null));
    // 3rd of 3 and 4th of 4: no single position passes 60%, the last one always does.
    expect(positions?.positions.map((p) => p.chosen)).toEqual([0, 0, 6, 6]);
    expect(positions?.last.chosen).toBe(12);
    expect(dominantPosition(positions ?? never())).toMatchObject({ where: 'last', chosen: 12 });
  });

  it('raises nothing for spread answers, and leaves unanswered attempts out of the shares', () => {
    const spread = answerPositions(attemptsBy('gold', (shown) => (shown.length === 4 ? 1 : 2)));
    expect(dominantPosition(spread ?? never())).toBeUndefined();
    const silent = answerPositions(attemptsBy('noop', () => null));
    expect(silent).toMatchObject({ attempts: 12, answered: 0 });
    expect(dominantPosition(silent ?? never())).toBeUndefined();
  });

  it('raises nothing on fewer than 10 answers, however they fall', () => {
    const few = answerPositions(attemptsBy('first', (shown) => shown[0] ?? null).slice(0, 9));
    expect(few?.positions[0]?.chosen).toBe(9);
    expect(dominantPosition(few ?? never())).toBeUndefined();
  });

  it('is null for agents without manager attempts, and in every agent report', () => {
    expect(answerPositions([attempt(task('ic', 100), 'x', 0, 'passed')])).toBeNull();
    const report = buildRunReport(
      runOf(
        tasks,
        attemptsBy('first', (s) => s[0] ?? null),
      ),
    );
    expect(report.agents[0]?.answerPositions?.answered).toBe(12);
  });

  it('names positions as ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
    ]);
  });
});

function never(): never {
  throw new Error('expected answer positions');
}
