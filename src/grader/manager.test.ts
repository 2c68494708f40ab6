import { describe, expect, it } from 'vitest';
import { managerTask } from '../../test/run-helpers.ts';
import { presentedIdOf, presentProposals } from '../task/presentation.ts';
import { gradeManagerAnswer } from './manager.ts';

describe('manager grading', () => {
  const task = managerTask('m', 1000, 6, 4);

  it('keeps original order and ids without shuffling', () => {
    const p = presentProposals(task, { shuffle: false, seed: 1 });
    expect(p.proposals.map((x) => x.id)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(p.originalIds).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('shuffles deterministically per seed, with presented ids 0..n-1', () => {
    const a = presentProposals(task, { shuffle: true, seed: 7 });
    const b = presentProposals(task, { shuffle: true, seed: 7 });
    expect(a).toEqual(b);
    expect(a.proposals.map((x) => x.id)).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...a.originalIds].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const orders = new Set(
      Array.from({ length: 20 }, (_, seed) =>
        presentProposals(task, { shuffle: true, seed }).originalIds.join(','),
      ),
    );
    expect(orders.size).toBeGreaterThan(10);
    // The text travels with its original proposal.
    a.proposals.forEach((p, i) => {
      expect(p.text).toBe(`Proposal ${a.originalIds[i]} for m`);
    });
  });

  it('maps a shuffled answer back to the original id', () => {
    const p = presentProposals(task, { shuffle: true, seed: 3 });
    const right = presentedIdOf(p, 4);
    const grade = gradeManagerAnswer(task, p, right);
    expect(grade.passed).toBe(true);
    expect(grade.details).toMatchObject({
      selectedPresentedId: right ?? -1,
      selectedProposalId: 4,
      correctProposalId: 4,
      presentedOrder: p.originalIds,
    });
    const wrong = gradeManagerAnswer(task, p, presentedIdOf(p, 2));
    expect(wrong.passed).toBe(false);
    expect(wrong.explanation).toBe('picked proposal 2; the manager chose 4');
  });

  it('fails a missing or invalid answer with "no valid answer"', () => {
    const p = presentProposals(task, { shuffle: false, seed: 0 });
    for (const answer of [null, undefined, 6, -1, 2.5]) {
      const grade = gradeManagerAnswer(task, p, answer);
      expect(grade.passed).toBe(false);
      expect(grade.explanation).toMatch(/^no valid answer/);
      expect(grade.details.selectedProposalId).toBe(null);
    }
  });
});
