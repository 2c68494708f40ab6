import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { attempt, task } from '../../test/report-helpers.ts';
import type { AttemptPlan, AttemptResult } from '../store/types.ts';
import {
  createProgressReporter,
  formatDuration,
  formatProgress,
  type RunProgress,
} from './progress.ts';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, chunks };
}

const at = (done: number, extra: Partial<RunProgress> = {}): RunProgress => ({
  total: 100,
  done,
  passed: Math.floor(done / 2),
  earnedUsd: done * 500,
  attemptedUsd: done * 1000,
  doneThisSession: done,
  todoThisSession: 100,
  elapsedMs: done * 100,
  ...extra,
});

describe('progress', () => {
  it('formats done/total, passed, earned of attempted dollars and an ETA', () => {
    expect(formatProgress(at(25))).toBe(
      '[ 25/100]  25%  passed 12  earned $12,500 of $25,000  ETA 0:08',
    );
    expect(formatProgress(at(100))).not.toMatch(/ETA/);
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });

  it('off a terminal: plain lines every 10% or interval, never the same line twice', () => {
    const { stream, chunks } = sink();
    let now = 0;
    const reporter = createProgressReporter({
      stream,
      isTTY: false,
      intervalMs: 5000,
      now: () => now,
    });
    for (let done = 1; done <= 100; done++) {
      now += 10;
      reporter.update(at(done));
    }
    reporter.finish(at(100));
    expect(chunks.every((c) => c.endsWith('\n') && !c.includes('\r'))).toBe(true);
    expect(chunks.map((c) => c.slice(0, 9))).toEqual([
      '[  1/100]',
      ...[10, 20, 30, 40, 50, 60, 70, 80, 90].map((n) => `[ ${n}/100]`),
      '[100/100]',
    ]);
  });

  it('on a terminal: the block is rewritten in place, ended by finish', () => {
    const { stream, chunks } = sink();
    let now = 0;
    const reporter = createProgressReporter({
      stream,
      isTTY: true,
      redrawMs: 100,
      tickMs: 0,
      now: () => now,
    });
    for (let done = 1; done <= 10; done++) {
      now += 60;
      reporter.update(at(done));
    }
    const before = chunks.length;
    reporter.clear();
    expect(chunks.slice(before)).toEqual(['\r\x1b[2K']);
    reporter.clear();
    expect(chunks).toHaveLength(before + 1);
    chunks.splice(before);
    reporter.finish(at(10));
    expect(chunks.every((c) => !c.includes('\n') || c.endsWith('\n'))).toBe(true);
    expect(chunks.length).toBeLessThan(10);
    expect(chunks.at(-1)).toBe(`${formatProgress(at(10))}\n`);
  });

  it('on a terminal: a line per attempt in flight, redrawn each tick, and a line per failure', async () => {
    const { stream, chunks } = sink();
    let now = 1_000_000;
    const reporter = createProgressReporter({
      stream,
      isTTY: true,
      tickMs: 5,
      now: () => now,
    });
    reporter.attempt(planFor('ic-1'), 'starting');
    reporter.update(at(0));
    now += 400;
    reporter.attempt(planFor('ic-2', 1), 'prepare');
    now += 83_000;
    reporter.attempt(planFor('ic-1'), 'agent', { steps: 12, spendUsd: 0.4213 });
    // Nothing new happens: the timer redraws, with the elapsed times moved on.
    now += 2000;
    const drawn = chunks.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(chunks.length).toBeGreaterThan(drawn);
    expect(screen(chunks)).toEqual([
      '  ic-1 · gold · agent · 1:25 · 12 steps · $0.42',
      '  ic-2 #1 · gold · prepare · 1:25',
      formatProgress(at(0)),
    ]);
    reporter.settled(planFor('ic-2', 1).key, {
      ...failedResult('ic-2', 1),
      explanation: 'the agent hit a limit:\nsteps',
    });
    now += 1000;
    reporter.settled(planFor('ic-1').key, undefined);
    expect(screen(chunks)).toEqual([
      '✗ ic-2 #1 · gold: limit — the agent hit a limit: steps',
      formatProgress(at(0)),
    ]);
    reporter.finish(at(1));
    const settledAt = chunks.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chunks).toHaveLength(settledAt);
  });

  it('off a terminal: a heartbeat names the attempts in flight, and failures get a line', async () => {
    const { stream, chunks } = sink();
    let now = 0;
    const reporter = createProgressReporter({
      stream,
      isTTY: false,
      heartbeatMs: 5,
      now: () => now,
    });
    reporter.update(at(0));
    reporter.attempt(planFor('ic-1'), 'agent', { steps: 2, spendUsd: null });
    now += 61_000;
    await new Promise((resolve) => setTimeout(resolve, 30));
    const text = chunks.join('');
    expect(text).toContain(
      `${formatProgress(at(0))}  1 in flight\n  ic-1 · gold · agent · 1:01 · 2 steps · $?\n`,
    );
    reporter.settled(planFor('ic-1').key, failedResult('ic-1', 0));
    expect(chunks.at(-1)).toBe('✗ ic-1 · gold: limit — out of steps\n');
    reporter.finish(at(1));
    const finished = chunks.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chunks).toHaveLength(finished);
    expect(text.includes('\r')).toBe(false);
  });
});

function planFor(taskId: string, attemptIndex = 0): AttemptPlan {
  return { key: `${taskId}-${attemptIndex}`, taskId, agentLabel: 'gold', attemptIndex };
}

function failedResult(taskId: string, attemptIndex: number): AttemptResult {
  return {
    ...attempt(task(taskId, 1000), 'gold', attemptIndex, 'limit'),
    key: `${taskId}-${attemptIndex}`,
    explanation: 'out of steps',
  };
}

/** What a terminal shows after the chunks: carriage returns, line erases and cursor-ups applied. */
function screen(chunks: string[]): string[] {
  const lines: string[] = [''];
  let row = 0;
  const text = chunks.join('');
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('\x1b[2K', i)) {
      lines[row] = '';
      i += 3;
    } else if (text.startsWith('\x1b[1A', i)) {
      row = Math.max(0, row - 1);
      i += 3;
    } else if (text[i] === '\r') {
      // Back to the start of the line; the erase that follows clears it.
    } else if (text[i] === '\n') {
      row += 1;
      lines[row] ??= '';
    } else {
      lines[row] = (lines[row] ?? '') + text[i];
    }
  }
  // Rows a shorter block left erased are blank.
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}
