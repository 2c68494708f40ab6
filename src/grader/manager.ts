/**
 * SWE Manager grading: the agent earns the price only when the proposal it picked is the
 * one the real manager chose. With shuffling (`task/presentation.ts`), the agent's answer
 * is a presented id, mapped back to the original id here.
 */

import type { ProposalPresentation } from '../task/presentation.ts';
import type { ManagerTask } from '../task/types.ts';
import type { JsonValue } from '../util/json.ts';

export interface ManagerGrade {
  passed: boolean;
  explanation: string;
  details: { [key: string]: JsonValue };
}

/** Grades a presented-id answer (`null`/`undefined`: the agent gave no answer). */
export function gradeManagerAnswer(
  task: ManagerTask,
  presentation: ProposalPresentation,
  selectedPresentedId: number | null | undefined,
): ManagerGrade {
  const index =
    typeof selectedPresentedId === 'number'
      ? presentation.proposals.findIndex((p) => p.id === selectedPresentedId)
      : -1;
  const selectedProposalId = index < 0 ? null : (presentation.originalIds[index] ?? null);
  const details = {
    presentedOrder: presentation.originalIds,
    shuffled: presentation.shuffled,
    selectedPresentedId: selectedPresentedId ?? null,
    selectedProposalId,
    correctProposalId: task.correctProposalId,
  };
  if (selectedProposalId === null) {
    const found =
      selectedPresentedId === null || selectedPresentedId === undefined
        ? 'no answer was given'
        : `${selectedPresentedId} is not one of the presented ids`;
    return { passed: false, explanation: `no valid answer: ${found}`, details };
  }
  const passed = selectedProposalId === task.correctProposalId;
  const explanation = passed
    ? `picked proposal ${selectedProposalId}, the one the manager chose`
    : `picked proposal ${selectedProposalId}; the manager chose ${task.correctProposalId}`;
  return { passed, explanation, details };
}
