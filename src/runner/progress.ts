/**
 * Run progress for people. On a terminal: a block redrawn in place at least once a second,
 * one line per attempt in flight (`task · agent · stage · elapsed · steps · $`) above the
 * totals line, and a permanent line for each attempt that did not pass. Elsewhere (CI
 * logs, pipes): a plain totals line every few seconds or every 10% of the run, a line per
 * attempt that did not pass, and a heartbeat naming the attempts in flight, so a long
 * attempt never looks like a hung run.
 */
import type { Writable } from 'node:stream';
import type { AgentProgress } from '../agent/types.ts';
import type { AttemptPlan, AttemptResult } from '../store/types.ts';
import {
  fitWidth,
  formatDuration,
  formatFailure,
  formatLiveAttempt,
  type LiveAttempt,
} from './live-attempts.ts';
import { formatUsd } from './summary.ts';

export { formatDuration } from './live-attempts.ts';

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
  /** An attempt entered `stage`, or (in the agent stage) its agent reported progress. */
  attempt(plan: AttemptPlan, stage: string, progress?: AgentProgress): void;
  /**
   * An attempt is no longer in flight: recorded (`result`; a line when it did not pass) or
   * interrupted (no result).
   */
  settled(key: string, result?: AttemptResult): void;
  /** Ends the updating block (TTY) or prints the last line; stops the timer. */
  finish(progress: RunProgress): void;
  /** Erases the updating block (TTY) so a log line can be written; redrawn on next update. */
  clear(): void;
}

export interface ProgressOptions {
  stream: Writable & { columns?: number };
  isTTY: boolean;
  /** Plain mode: at most one totals line per this interval (unless another 10% is done). @default 5000 */
  intervalMs?: number;
  /** Plain mode: a heartbeat naming the attempts in flight this often. @default 60000 */
  heartbeatMs?: number;
  /** TTY mode: redraw for new events at most this often. @default 100 */
  redrawMs?: number;
  /** TTY mode: redraw this often while nothing happens (elapsed times move on). @default 1000 */
  tickMs?: number;
  /** TTY mode: attempts in flight listed before `… and N more`. @default 8 */
  maxLines?: number;
  /**
   * A line for each attempt that did not pass (off for suite validation, whose checks are
   * meant to fail). @default true
   */
  failures?: boolean;
  /** @default Date.now */
  now?: () => number;
}

export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  return options.isTTY ? terminalReporter(options) : plainReporter(options);
}

/** The block redrawn in place: attempts in flight, then the totals line. */
function terminalReporter(options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const redrawMs = options.redrawMs ?? 100;
  const maxLines = options.maxLines ?? 8;
  const live = new LiveSet(now);
  const { stream } = options;
  let latest: RunProgress | undefined;
  let lastAt = Number.NEGATIVE_INFINITY;
  let onScreen = 0;
  const ticker = new Ticker(options.tickMs ?? 1000, () => draw());

  /** Moves to the block's first line, erasing it all; one write with what follows. */
  const erasing = () => {
    const sequence = onScreen === 0 ? '' : `\r\x1b[2K${'\x1b[1A\x1b[2K'.repeat(onScreen - 1)}`;
    onScreen = 0;
    return sequence;
  };
  const erase = () => {
    const sequence = erasing();
    if (sequence) stream.write(sequence);
  };
  /** Redraws the block, with `before` (permanent lines) written above it. */
  const draw = (before = '') => {
    const width = stream.columns;
    const lines = live.lines(maxLines).map((line) => fitWidth(`  ${line}`, width));
    if (latest) lines.push(fitWidth(formatProgress(latest), width));
    const text = `${erasing()}${before}${lines.join('\n')}`;
    if (text) stream.write(text);
    onScreen = lines.length;
    lastAt = now();
  };
  const soon = () => {
    ticker.start();
    if (now() - lastAt >= redrawMs) draw();
  };

  return {
    update(progress) {
      latest = progress;
      soon();
    },
    attempt(plan, stage, progress) {
      live.note(plan, stage, progress);
      soon();
    },
    settled(key, result) {
      live.remove(key);
      if (shows(result, options)) draw(`${fitWidth(formatFailure(result), stream.columns)}\n`);
      else soon();
    },
    finish(progress) {
      ticker.stop();
      stream.write(`${erasing()}${formatProgress(progress)}\n`);
    },
    clear() {
      erase();
      lastAt = Number.NEGATIVE_INFINITY;
    },
  };
}

/** Lines that stay: totals every interval or 10%, failures, and the heartbeat. */
function plainReporter(options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 5000;
  const live = new LiveSet(now);
  const { stream } = options;
  let latest: RunProgress | undefined;
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastDecile = -1;
  let lastLine: string | undefined;
  const ticker = new Ticker(options.heartbeatMs ?? 60_000, () => heartbeat());

  const heartbeat = () => {
    const attempts = live.lines(Number.POSITIVE_INFINITY);
    const totals = latest ? `${formatProgress(latest)}  ` : '';
    stream.write(`${totals}${attempts.length} in flight\n`);
    for (const line of attempts) stream.write(`  ${line}\n`);
  };
  const write = (progress: RunProgress) => {
    const line = formatProgress(progress);
    if (line !== lastLine) stream.write(`${line}\n`);
    lastLine = line;
  };

  return {
    update(progress) {
      latest = progress;
      ticker.start();
      const at = now();
      const decile = progress.total > 0 ? Math.floor((progress.done / progress.total) * 10) : 0;
      if (at - lastAt < interval && decile <= lastDecile) return;
      lastAt = at;
      lastDecile = decile;
      write(progress);
    },
    attempt(plan, stage, progress) {
      live.note(plan, stage, progress);
      ticker.start();
    },
    settled(key, result) {
      live.remove(key);
      if (shows(result, options)) stream.write(`${formatFailure(result)}\n`);
    },
    finish(progress) {
      ticker.stop();
      write(progress);
    },
    clear() {},
  };
}

function shows(
  result: AttemptResult | undefined,
  options: ProgressOptions,
): result is AttemptResult {
  return result !== undefined && result.status !== 'passed' && options.failures !== false;
}

/** The attempts in flight, oldest first. */
class LiveSet {
  readonly #attempts = new Map<string, LiveAttempt>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  note(plan: AttemptPlan, stage: string, progress: AgentProgress | undefined): void {
    const known = this.#attempts.get(plan.key);
    const attempt: LiveAttempt = known ?? {
      key: plan.key,
      taskId: plan.taskId,
      agentLabel: plan.agentLabel,
      attemptIndex: plan.attemptIndex,
      stage,
      startedAt: this.#now(),
    };
    attempt.stage = stage;
    if (progress) attempt.progress = progress;
    this.#attempts.set(plan.key, attempt);
  }

  remove(key: string): void {
    this.#attempts.delete(key);
  }

  lines(max: number): string[] {
    const now = this.#now();
    const all = [...this.#attempts.values()];
    const shown = all.slice(0, max).map((attempt) => formatLiveAttempt(attempt, now));
    if (all.length > max) shown.push(`… and ${all.length - max} more in flight`);
    return shown;
  }
}

/** Calls `tick` every `ms` from `start` to `stop`; never keeps the process alive. */
class Ticker {
  #timer: NodeJS.Timeout | undefined;
  readonly #ms: number;
  readonly #tick: () => void;

  constructor(ms: number, tick: () => void) {
    this.#ms = ms;
    this.#tick = tick;
  }

  start(): void {
    if (this.#timer || !(this.#ms > 0 && Number.isFinite(this.#ms))) return;
    this.#timer = setInterval(this.#tick, this.#ms);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
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
