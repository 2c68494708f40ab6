/**
 * Reads the issue out of an official SWE-Lancer prompt. The first user message is a fixed
 * preamble, then the GitHub issue (title line, blank line, body), then a fixed sentence with
 * the price: "The reward for the correct fix is $…" (IC) or "You will be paid $…" (manager).
 */

import type { TaskKind } from './types.ts';

const ISSUE_START = 'the following issue:\n\n';
const ISSUE_END: Record<TaskKind, string> = {
  ic_swe: '\n\nThe reward for the correct fix is $',
  swe_manager: '\n\nYou will be paid $',
};

export type IssueExtraction =
  | { ok: true; title: string; issue: string }
  | { ok: false; expected: string };

export function extractIssue(content: string, kind: TaskKind): IssueExtraction {
  const start = content.indexOf(ISSUE_START);
  if (start === -1) {
    return { ok: false, expected: `a first message that introduces "${ISSUE_START.trim()}"` };
  }
  const from = start + ISSUE_START.length;
  const end = content.indexOf(ISSUE_END[kind], from);
  if (end === -1) {
    return {
      ok: false,
      expected: `a first message where the issue ends with "${ISSUE_END[kind].trim()}<price>"`,
    };
  }
  const text = content.slice(from, end);
  const newline = text.indexOf('\n');
  const rawTitle = newline === -1 ? text : text.slice(0, newline);
  const issue = newline === -1 ? '' : text.slice(newline).replace(/^[\r\n]+/, '');
  return { ok: true, title: cleanTitle(rawTitle), issue };
}

/**
 * Drops the tracker's leading status tags, e.g. "[HOLD for payment 2023-06-01] [$1000]
 * Show avatars" → "Show avatars": the price is a field of its own and the status is noise.
 */
export function cleanTitle(title: string): string {
  const cleaned = title.replace(/^(?:\s*\[[^\]]*\])+\s*/, '').trim();
  return cleaned || title.trim();
}
