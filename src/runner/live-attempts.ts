/**
 * The attempts a run has in flight, as the progress lines show them: one line each,
 * `task · agent · stage · elapsed · steps · $ spent`, and one permanent line per attempt
 * that did not pass.
 */
import type { AgentProgress } from '../agent/types.ts';
import type { AttemptResult } from '../store/types.ts';

/** One attempt in flight, as the runner last heard of it. */
export interface LiveAttempt {
  key: string;
  taskId: string;
  agentLabel: string;
  attemptIndex: number;
  stage: string;
  /** Epoch ms of its first stage. */
  startedAt: number;
  /** The agent's model calls and their dollars so far, when its agent reports them. */
  progress?: AgentProgress;
}

/** `ic-42 · gold · agent · 1:23 · 12 steps · $0.42` */
export function formatLiveAttempt(attempt: LiveAttempt, now: number): string {
  const parts = [
    attempt.attemptIndex > 0 ? `${attempt.taskId} #${attempt.attemptIndex}` : attempt.taskId,
    attempt.agentLabel,
    attempt.stage,
    formatDuration(now - attempt.startedAt),
  ];
  if (attempt.progress) {
    const { steps, spendUsd } = attempt.progress;
    parts.push(`${steps} step${steps === 1 ? '' : 's'}`, formatSpend(spendUsd));
  }
  return parts.join(' · ');
}

/** `✗ ic-42 · gold: failed — 2 of 3 hidden tests failed` (one line, cut to `width`). */
export function formatFailure(result: AttemptResult): string {
  const who = result.attemptIndex > 0 ? `${result.taskId} #${result.attemptIndex}` : result.taskId;
  const why = result.explanation.replace(/\s+/g, ' ').trim();
  return `✗ ${who} · ${result.agentLabel}: ${result.status}${why ? ` — ${why}` : ''}`;
}

/** Model dollars to the cent (fractions of a cent shown as such); `$?` when unknown. */
export function formatSpend(usd: number | null): string {
  if (usd === null) return '$?';
  if (usd > 0 && usd < 0.01) return '<$0.01';
  return `$${usd.toFixed(2)}`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Cuts a line to `width` columns (a wrapped line would break redrawing in place). */
export function fitWidth(line: string, width: number | undefined): string {
  if (width === undefined || width <= 1 || line.length <= width) return line;
  return `${line.slice(0, width - 2)}…`;
}
