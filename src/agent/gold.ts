/**
 * `gold`: the reference solution, used to validate a suite (gold must pass every task).
 * Manager tasks: picks the proposal the real manager chose. IC tasks: its work is the
 * reference fix (the task's fix patch, or its breaking patch undone), graded without an agent
 * sandbox (`Agent.fixedDiff`).
 */
import { readFile } from 'node:fs/promises';
import type { IcRunnable, IcTask } from '../task/types.ts';
import type { Agent, AgentOutcome, FixedDiff, ManagerAgentInput, ReferenceFix } from './types.ts';

export function createGoldAgent(): Agent {
  return {
    label: 'gold',
    config: { agent: 'gold' },
    needsWorkspace: false,
    kinds: ['ic_swe', 'swe_manager'],
    fixedDiff: referenceFixDiff,
    async run(input) {
      if (input.kind === 'swe_manager') return pickCorrect(input);
      return { status: 'agent_error', reason: 'gold works on IC tasks through fixedDiff' };
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

async function referenceFixDiff(
  _task: IcTask,
  reference: ReferenceFix | undefined,
): Promise<FixedDiff> {
  if (!reference) return { ok: false, reason: 'the task has neither a fix nor a break patch' };
  const patch = new Uint8Array(await readFile(reference.patch));
  return { ok: true, patch, reverse: reference.reverse, name: 'the reference fix' };
}

/**
 * The fix patch when the task has one, else the breaking patch applied in reverse. Undefined
 * only for a task with neither, which the native format refuses.
 */
export function referenceFix(ic: IcRunnable): ReferenceFix | undefined {
  if (ic.fixPatch) return { patch: ic.fixPatch, reverse: false };
  return ic.breakPatch ? { patch: ic.breakPatch, reverse: true } : undefined;
}
