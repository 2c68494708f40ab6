import { describe, expect, it } from 'vitest';
import { managerTask } from '../../test/run-helpers.ts';
import { silentLogger } from '../util/logger.ts';
import { agentNames, createAgent } from './registry.ts';
import type { ManagerAgentInput } from './types.ts';

function input(seed: number, proposals = 4): ManagerAgentInput {
  const task = managerTask('m', 1000, proposals, 2);
  return {
    kind: 'swe_manager',
    task,
    proposals: task.proposals.map((p) => ({ id: p.id, text: p.text })),
    prompt: '',
    workspace: undefined,
    attemptKey: 'k',
    attemptIndex: 0,
    seed,
    signal: new AbortController().signal,
    logger: silentLogger,
    artifacts: { write: async (name) => name },
  };
}

describe('agent registry', () => {
  it('creates the built-in agents by name', async () => {
    for (const name of ['gold', 'noop', 'random']) {
      const agent = await createAgent(name);
      expect(agent.label).toBe(name);
      expect(agent.config).toEqual({ agent: name });
    }
  });

  it('names what exists when an agent is unknown', async () => {
    await expect(createAgent('wizard')).rejects.toThrow(
      new RegExp(`unknown agent "wizard": expected one of ${agentNames().join(', ')}`),
    );
    await expect(createAgent('nosuchfamily:x')).rejects.toThrow(/unknown agent/);
  });

  it('gold picks the right proposal, noop none', async () => {
    expect((await (await createAgent('gold')).run(input(1))).selectedProposalId).toBe(2);
    expect((await (await createAgent('noop')).run(input(1))).selectedProposalId).toBe(null);
  });

  it('random picks uniformly and reproducibly from the seed', async () => {
    const random = await createAgent('random');
    const counts = [0, 0, 0, 0];
    for (let seed = 0; seed < 4000; seed++) {
      const pick = (await random.run(input(seed))).selectedProposalId ?? -1;
      counts[pick] = (counts[pick] ?? 0) + 1;
    }
    // Each of 4 ids expects 1000 picks; sd ≈ 27, so ±150 is > 5 sd.
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(150);
    const again = await random.run(input(42));
    expect(again.selectedProposalId).toBe((await random.run(input(42))).selectedProposalId);
  });
});
