/**
 * Run progress for people. On a terminal: one line rewritten in place. Elsewhere (CI logs,
 * pipes): a plain line every few seconds or every 10% of the run, whichever comes first.
 */
import type { Writable } from 'node:stream';
import { formatUsd } from './summary.ts';

export interface RunProgress {
  total: number;
  /** Attempts with a final result, including those finished before a resume. */
  done: number;
  passed: number;
  /** Σ earned over finished attempts (all agents and attempt indexes). */
  earnedUsd: number;
  /** Σ of the prices of finished attempts that were scored (not infra errors). */
  attemptedUsd: number;
  /** Attempts finished in this session (drives the ETA). */
  doneThisSession: number;
  /** Attempts this session has to run. */
  todoThisSession: number;
  /** Milliseconds since this session started. */
  elapsedMs: number;
}

export interface ProgressReporter {
  update(progress: RunProgress): void;
  /** Ends the updating line (TTY) or prints the last line. */
  finish(progress: RunProgress): void;
  /** Erases the updating line (TTY) so a log line can be written; redrawn on next update. */
  clear(): void;
}

export interface ProgressOptions {
  stream: Writable;
  isTTY: boolean;
  /** Plain mode: at most one line per this interval (unless another 10% is done). @default 5000 */
  intervalMs?: number;
  /** TTY mode: redraw at most this often. @default 100 */
  redrawMs?: number;
  /** @default Date.now */
  now?: () => number;
}

export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const interval = options.isTTY ? (options.redrawMs ?? 100) : (options.intervalMs ?? 5000);
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastDecile = -1;
  let lastLine: string | undefined;
  let onScreen = false;

  const write = (progress: RunProgress) => {
    const line = formatProgress(progress);
    if (options.isTTY) options.stream.write(`\r\x1b[2K${line}`);
    else if (line !== lastLine) options.stream.write(`${line}\n`);
    lastLine = line;
    onScreen = options.isTTY;
  };

  return {
    update(progress) {
      const at = now();
      const decile = progress.total > 0 ? Math.floor((progress.done / progress.total) * 10) : 0;
      const newDecile = !options.isTTY && decile > lastDecile;
      if (at - lastAt < interval && !newDecile) return;
      lastAt = at;
      lastDecile = decile;
      write(progress);
    },
    finish(progress) {
      write(progress);
      if (options.isTTY) options.stream.write('\n');
      onScreen = false;
    },
    clear() {
      if (!onScreen) return;
      options.stream.write('\r\x1b[2K');
      onScreen = false;
      lastAt = Number.NEGATIVE_INFINITY;
    },
  };
}

export function formatProgress(p: RunProgress): string {
  const width = String(p.total).length;
  const percent = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
  const parts = [
    `[${String(p.done).padStart(width)}/${p.total}] ${String(percent).padStart(3)}%`,
    `passed ${p.passed}`,
    `earned ${formatUsd(p.earnedUsd)} of ${formatUsd(p.attemptedUsd)}`,
  ];
  const left = p.todoThisSession - p.doneThisSession;
  if (left > 0 && p.doneThisSession > 0) {
    parts.push(`ETA ${formatDuration((p.elapsedMs / p.doneThisSession) * left)}`);
  }
  return parts.join('  ');
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
