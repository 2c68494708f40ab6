/**
 * Where manager answers sit among the proposals as the agent saw them. An agent that always
 * picks the first (or last) proposal shown earns whatever the suite's answer key gives that
 * position: the histogram shows it, beside where the correct proposal was shown.
 */
import type { AttemptResult } from '../store/types.ts';
import type { JsonValue } from '../util/json.ts';
import type { AnswerPositions } from './types.ts';

/** A share of answers above this at one position is worth a caveat. */
export const POSITION_BIAS_SHARE = 0.6;
/**
 * Fewer answers than this say little about a habit (one answer is 100% at its position):
 * the table still shows them, without a caveat.
 */
export const POSITION_BIAS_MIN_ANSWERS = 10;

interface Placed {
  /** 1-based position of the chosen proposal as shown; null when no shown one was picked. */
  chosen: number | null;
  correct: number | null;
  shown: number;
}

/**
 * The histogram over an agent's scored manager attempts (pass them already filtered: no
 * infra errors, no quarantined tasks); null when none recorded how proposals were shown.
 */
export function answerPositions(results: readonly AttemptResult[]): AnswerPositions | null {
  const placed = results.flatMap((result) => {
    const place = placeOf(result.details);
    return place ? [place] : [];
  });
  if (placed.length === 0) return null;
  const answered = placed.filter((p): p is Placed & { chosen: number } => p.chosen !== null);
  const most = Math.max(0, ...placed.map((p) => p.shown));
  const positions = Array.from({ length: most }, (_, index) => ({
    position: index + 1,
    chosen: answered.filter((p) => p.chosen === index + 1).length,
    correct: answered.filter((p) => p.correct === index + 1).length,
  }));
  return {
    attempts: placed.length,
    answered: answered.length,
    positions,
    last: {
      chosen: answered.filter((p) => p.chosen === p.shown).length,
      correct: answered.filter((p) => p.correct === p.shown).length,
    },
  };
}

/** The position picked most often, first or last counted apart, when it passes the share. */
export function dominantPosition(
  positions: AnswerPositions,
  share: number = POSITION_BIAS_SHARE,
): { where: string; chosen: number; correct: number } | undefined {
  if (positions.answered < POSITION_BIAS_MIN_ANSWERS) return undefined;
  const candidates = [
    ...positions.positions.map((p) => ({ where: ordinal(p.position), ...p })),
    { where: 'last', ...positions.last },
  ];
  const top = candidates.reduce((best, next) => (next.chosen > best.chosen ? next : best));
  return top.chosen / positions.answered > share ? top : undefined;
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** Reads the manager grader's details (`presentedOrder`, `selectedProposalId`, `correctProposalId`). */
function placeOf(details: JsonValue): Placed | undefined {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return undefined;
  const order = details.presentedOrder;
  if (!Array.isArray(order) || order.length === 0) return undefined;
  const at = (id: JsonValue | undefined) => {
    const index = typeof id === 'number' ? order.indexOf(id) : -1;
    return index < 0 ? null : index + 1;
  };
  return {
    chosen: at(details.selectedProposalId),
    correct: at(details.correctProposalId),
    shown: order.length,
  };
}
