/** Long texts on a page: head and tail kept, the middle replaced by a visible marker. */
import { escapeHtml } from '../html-escape.ts';

/** The most of one tool result, tool argument or message shown on a page. */
export const SHOWN_CHARS = 2000;

/**
 * `text` as escaped HTML of at most `max` characters of its own, cut in the middle when
 * longer: the head says what a command did, the tail how it ended. The marker names
 * where the whole text is.
 */
export function cutHtml(text: string, max: number = SHOWN_CHARS, whole = 'the artifact'): string {
  if (text.length <= max) return escapeHtml(text);
  const head = Math.ceil(max * 0.7);
  const tail = max - head;
  const omitted = text.length - max;
  return (
    escapeHtml(text.slice(0, head)) +
    `<span class="cut">[… ${omitted.toLocaleString('en-US')} characters cut; all of it is in ${escapeHtml(whole)} …]</span>` +
    escapeHtml(text.slice(text.length - tail))
  );
}

/** The first `max` lines of `text` and how many were left out. */
export function firstLines(text: string, max: number): { lines: string[]; omitted: number } {
  const lines = text.replace(/\s+$/, '').split('\n');
  return { lines: lines.slice(0, max), omitted: Math.max(0, lines.length - max) };
}
