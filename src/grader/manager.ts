/**
 * SWE Manager grading: the agent earns the price only when the proposal it picked is the
 * one the real manager chose. With shuffling, the agent sees ids 0..n-1 in a seeded random
 * order (a position-bias check) and its answer is mapped back to the original id here.
 */
import type { PresentedProposal } from '../agent/types.ts';
import type { ManagerTask } from '../task/types.ts';
import type { JsonValue } from '../util/json.ts';
import { createPrng, shuffled } from '../util/prng.ts';

export interface ProposalPresentation {
  /** What the agent sees, in order, with presented ids. */
  proposals: PresentedProposal[];
  /** Original proposal id at each presented position. */
  originalIds: number[];
  shuffled: boolean;
}

/**
 * Without shuffling, proposals keep their order and original ids (as the official prompt).
 * With shuffling, the order comes from `seed` and the presented ids are 0..n-1.
 */
export function presentProposals(
  task: ManagerTask,
  options: { shuffle: boolean; seed: number },
): ProposalPresentation {
  if (!options.shuffle) {
    return {
      proposals: task.proposals.map((p) => ({ id: p.id, text: p.text })),
      originalIds: task.proposals.map((p) => p.id),
      shuffled: false,
    };
  }
  const order = shuffled(task.proposals, createPrng(options.seed));
  return {
    proposals: order.map((p, index) => ({ id: index, text: p.text })),
    originalIds: order.map((p) => p.id),
    shuffled: true,
  };
}

/** The presented id under which the original proposal `originalId` is shown. */
export function presentedIdOf(
  presentation: ProposalPresentation,
  originalId: number,
): number | undefined {
  const index = presentation.originalIds.indexOf(originalId);
  return index < 0 ? undefined : presentation.proposals[index]?.id;
}

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
