/**
 * `gold`: the reference solution, used to validate a suite (gold must pass every task).
 * Manager tasks: picks the proposal the real manager chose. IC tasks: applies the reference
 * fix (the task's fix patch, or the reverse of its breaking patch) in the agent workspace.
 */
import { readFile } from 'node:fs/promises';
import type { IcRunnable } from '../task/types.ts';
import { applyPatchText } from './patch.ts';
import type { Agent, AgentOutcome, IcAgentInput, ManagerAgentInput } from './types.ts';

export function createGoldAgent(): Agent {
  return {
    label: 'gold',
    config: { agent: 'gold' },
    needsWorkspace: false,
    kinds: ['ic_swe', 'swe_manager'],
    async run(input) {
      return input.kind === 'swe_manager' ? pickCorrect(input) : applyReferenceFix(input);
    },
  };
}

function pickCorrect(input: ManagerAgentInput): AgentOutcome {
  const correct = input.task.proposals.find((p) => p.id === input.task.correctProposalId);
  // The agent sees presented ids only; the proposal text identifies the original (the
  // official sets have no two proposals with the same text in one task).
  const presented = input.proposals.find((p) => p.text === correct?.text);
  if (!presented) {
    return {
      status: 'agent_error',
      selectedProposalId: null,
      reason: `the correct proposal ${input.task.correctProposalId} is not among the presented proposals`,
    };
  }
  return { status: 'completed', selectedProposalId: presented.id };
}

async function applyReferenceFix(input: IcAgentInput): Promise<AgentOutcome> {
  const ic = input.task.ic;
  if (!ic.runnable) {
    return { status: 'agent_error', reason: `task is not runnable: ${ic.reason}` };
  }
  const fix = referenceFix(ic);
  if (!fix)
    return { status: 'agent_error', reason: 'the task has neither a fix nor a break patch' };
  const text = await readFile(fix.patch, 'utf8');
  const applied = await applyPatchText(input.sandbox, text, { reverse: fix.reverse });
  if (!applied.ok) {
    return { status: 'agent_error', reason: `the reference fix did not apply (${applied.reason})` };
  }
  return { status: 'completed' };
}

/**
 * The fix patch when the task has one, else the breaking patch applied in reverse. Undefined
 * only for a task with neither, which the native format refuses.
 */
export function referenceFix(ic: IcRunnable): { patch: string; reverse: boolean } | undefined {
  if (ic.fixPatch) return { patch: ic.fixPatch, reverse: false };
  return ic.breakPatch ? { patch: ic.breakPatch, reverse: true } : undefined;
}
