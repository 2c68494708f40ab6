/**
 * `random`: picks a manager proposal uniformly at random, seeded by the attempt. Its
 * expected earnings are the chance baseline: Σ price / number of proposals.
 */
import { createPrng, pickIndex } from '../util/prng.ts';
import type { Agent } from './types.ts';

export function createRandomAgent(): Agent {
  return {
    label: 'random',
    config: { agent: 'random' },
    needsWorkspace: false,
    kinds: ['swe_manager'],
    async run(input) {
      if (input.kind !== 'swe_manager' || input.proposals.length === 0) {
        return { status: 'completed', selectedProposalId: null };
      }
      const pick = input.proposals[pickIndex(createPrng(input.seed), input.proposals.length)];
      return { status: 'completed', selectedProposalId: pick?.id ?? null };
    },
  };
}
