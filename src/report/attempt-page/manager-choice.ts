/**
 * A manager attempt's answer: the proposal the agent chose beside the one the real manager
 * chose, with where each was shown (proposals may be shuffled per attempt).
 */
import { ordinal } from '../../metrics/answer-positions.ts';
import { isJsonObject, type JsonValue } from '../../util/json.ts';
import { escapeHtml } from '../html-escape.ts';
import type { AttemptView } from './attempt-view.ts';
import { cutHtml } from './cut-text.ts';

/** Proposal text shown per side; official proposals run to a few thousand characters. */
const PROPOSAL_CHARS = 20_000;

export function managerChoiceSection(view: AttemptView): string {
  const details = objectOf(view.result.details);
  const chosen = numberOrNull(details.selectedProposalId);
  const correct = numberOrNull(details.correctProposalId);
  if (correct === null && chosen === null) return '';
  const order = Array.isArray(details.presentedOrder)
    ? details.presentedOrder.filter((id): id is number => typeof id === 'number')
    : [];
  const same = chosen !== null && chosen === correct;
  const note = same
    ? '<p class="note">The agent chose the proposal the manager chose.</p>'
    : chosen === null
      ? `<p class="note">${escapeHtml(noAnswer(details))}</p>`
      : '';
  const missing =
    view.text?.proposals === undefined
      ? '<p class="note">This run did not record proposal texts (runs made before they were stored): only the ids are shown.</p>'
      : '';
  return (
    `<section id="manager"><h2>Chosen and correct proposal</h2>${note}${missing}` +
    `<div class="side-by-side">${side(view, 'chosen', 'Chosen by the agent', chosen, order)}` +
    `${side(view, 'correct', 'Chosen by the manager', correct, order)}</div></section>`
  );
}

function side(
  view: AttemptView,
  role: string,
  title: string,
  id: number | null,
  order: number[],
): string {
  if (id === null) {
    return `<div class="proposal ${role}"><h3>${escapeHtml(title)}</h3><p class="muted">no valid answer</p></div>`;
  }
  const position = order.indexOf(id);
  const shown =
    position < 0
      ? ''
      : ` <span class="muted">shown ${ordinal(position + 1)} of ${order.length}</span>`;
  const text = view.text?.proposals?.find((proposal) => proposal.id === id)?.text;
  const body =
    text === undefined
      ? ''
      : `<pre class="proposal-text">${cutHtml(text, PROPOSAL_CHARS, 'the task')}</pre>`;
  return `<div class="proposal ${role}"><h3>${escapeHtml(title)}: proposal ${id}${shown}</h3>${body}</div>`;
}

function noAnswer(details: Record<string, JsonValue>): string {
  const presented = details.selectedPresentedId;
  return typeof presented === 'number'
    ? `The agent answered ${presented}, which is not one of the presented ids.`
    : 'The agent gave no answer.';
}

function objectOf(value: JsonValue): Record<string, JsonValue> {
  return isJsonObject(value) ? value : {};
}

function numberOrNull(value: JsonValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}
