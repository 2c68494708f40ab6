import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
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

  it('on a terminal: one line rewritten in place, ended by finish', () => {
    const { stream, chunks } = sink();
    let now = 0;
    const reporter = createProgressReporter({ stream, isTTY: true, redrawMs: 100, now: () => now });
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
    expect(chunks.slice(0, -1).every((c) => c.startsWith('\r\x1b[2K') && !c.includes('\n'))).toBe(
      true,
    );
    expect(chunks.length).toBeLessThan(10);
    expect(chunks.at(-1)).toBe('\n');
  });
});
