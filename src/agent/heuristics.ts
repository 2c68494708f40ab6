/**
 * Heuristic baselines for manager tasks: agents that pick a proposal from its surface alone
 * (length, position, how much code it quotes), never from the issue or the codebase. A model's
 * manager score means something only above what these earn on the same tasks; suite
 * validation runs them to catch proposal sets whose surface gives the answer away.
 */
import type { Agent, PresentedProposal } from './types.ts';

/** Picks the index of one proposal, in the order shown, or undefined when there is none. */
type Picker = (proposals: readonly PresentedProposal[]) => number | undefined;

export const HEURISTICS = {
  /** The proposal with the most characters. */
  longest: (proposals) => indexOfMax(proposals, (p) => p.text.trim().length),
  /** The proposal shown first. */
  first: (proposals) => (proposals.length > 0 ? 0 : undefined),
  /** The proposal shown last. */
  last: (proposals) => (proposals.length > 0 ? proposals.length - 1 : undefined),
  /** The proposal that quotes the most code: code spans, fenced code lines, file paths. */
  'most-code': (proposals) => indexOfMax(proposals, (p) => codeMarks(p.text)),
} satisfies Record<string, Picker>;

export type HeuristicName = keyof typeof HEURISTICS;

export const HEURISTIC_NAMES = Object.keys(HEURISTICS) as HeuristicName[];

export function createHeuristicAgent(name: HeuristicName): Agent {
  const pick: Picker = HEURISTICS[name];
  return {
    label: name,
    config: { agent: name },
    needsWorkspace: false,
    kinds: ['swe_manager'],
    async run(input) {
      if (input.kind !== 'swe_manager') return { status: 'completed', selectedProposalId: null };
      const index = pick(input.proposals);
      return {
        status: 'completed',
        selectedProposalId: index === undefined ? null : (input.proposals[index]?.id ?? null),
      };
    },
  };
}

/** The first index with the highest score (ties go to the proposal shown earlier). */
function indexOfMax(
  proposals: readonly PresentedProposal[],
  score: (proposal: PresentedProposal) => number,
): number | undefined {
  let best: number | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  proposals.forEach((proposal, index) => {
    const value = score(proposal);
    if (value > bestScore) {
      best = index;
      bestScore = value;
    }
  });
  return best;
}

const FENCE = /^\s*(```|~~~)/;
const CODE_SPAN = /`[^`\n]+`/g;
// `server/services/expense-query.ts`, src/App.tsx:12, README.md: a word with a slash or a
// file extension.
const FILE_PATH =
  /(?:^|[\s(])(?:[\w.-]+\/)+[\w.-]+|\b[\w-]+\.(?:[jt]sx?|py|css|json|sql|md|html)\b/g;

/** How much code a proposal quotes: lines inside fences, code spans and file paths outside. */
export function codeMarks(text: string): number {
  let marks = 0;
  let fenced = false;
  for (const line of text.split('\n')) {
    if (FENCE.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      marks += 1;
      continue;
    }
    const prose = line.replace(CODE_SPAN, ' ');
    marks += (line.match(CODE_SPAN)?.length ?? 0) + (prose.match(FILE_PATH)?.length ?? 0);
  }
  return marks;
}
