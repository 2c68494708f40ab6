import { describe, expect, it } from 'vitest';
import { managerTask } from '../../test/run-helpers.ts';
import { buildManagerPrompt, PROPOSAL_SEPARATOR } from './prompt-manager.ts';

describe('buildManagerPrompt', () => {
  const task = managerTask('m', 32000, 3, 1);

  it('has the issue, the price, separated proposals and the answer format, in order', () => {
    const prompt = buildManagerPrompt(task, [
      { id: 0, text: 'Fix the cache.' },
      { id: 1, text: 'Rewrite the list.' },
      { id: 2, text: 'Add a retry.' },
    ]);
    const order = [
      'Issue m',
      'Something is wrong in m.',
      '$32,000',
      'Proposal: 0:\n\nFix the cache.',
      PROPOSAL_SEPARATOR,
      'Proposal: 1:\n\nRewrite the list.',
      'Proposal: 2:\n\nAdd a retry.',
      '{"selected_proposal_id": <id>}',
      'manager_decisions.json',
    ].map((needle) => prompt.indexOf(needle));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(prompt.split(PROPOSAL_SEPARATOR)).toHaveLength(4);
  });

  it('never reveals the correct proposal', () => {
    const prompt = buildManagerPrompt(task, [{ id: 0, text: 'x' }]);
    expect(prompt).not.toMatch(/correct|manager chose/i);
  });
});
