/**
 * How a manager task's proposals are shown to the agent. With shuffling, the agent sees ids
 * 0..n-1 in a seeded random order (a position-bias check); grading maps its answer back.
 */
import { createPrng, shuffled } from '../util/prng.ts';
import type { ManagerTask } from './types.ts';

/** A proposal as the agent sees it: its id is the presented id (after any shuffle). */
export interface PresentedProposal {
  id: number;
  text: string;
}

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
