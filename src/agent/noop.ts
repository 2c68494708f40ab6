/** `noop`: does nothing and answers nothing. The floor: it must fail every task. */
import type { Agent } from './types.ts';

export function createNoopAgent(): Agent {
  return {
    label: 'noop',
    config: { agent: 'noop' },
    needsWorkspace: false,
    kinds: ['ic_swe', 'swe_manager'],
    // IC tasks: the clean broken state is graded as it is, without an agent sandbox.
    fixedDiff: async () => ({ ok: true, patch: new Uint8Array(), name: 'no change' }),
    async run(input) {
      return input.kind === 'swe_manager'
        ? { status: 'completed', selectedProposalId: null }
        : { status: 'completed' };
    },
  };
}
