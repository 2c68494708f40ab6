/** `noop`: does nothing and answers nothing. The floor: it must fail every task. */
import type { Agent } from './types.ts';

export function createNoopAgent(): Agent {
  return {
    label: 'noop',
    config: { agent: 'noop' },
    needsWorkspace: false,
    kinds: ['ic_swe', 'swe_manager'],
    async run(input) {
      return input.kind === 'swe_manager'
        ? { status: 'completed', selectedProposalId: null }
        : { status: 'completed' };
    },
  };
}
