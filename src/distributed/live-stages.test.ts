/** Stages of attempts on workers: sent debounced, noted once per change, never after the result. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttemptPlan } from '../store/types.ts';
import { STAGE_DEBOUNCE_MS, stageNotes, stageReporter } from './live-stages.ts';
import type { StageProgress } from './protocol.ts';

describe('stageReporter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the latest stage once per debounce window, and nothing for an attempt already over', async () => {
    const sent: StageProgress[] = [];
    const send = async (progress: StageProgress) => sent.push(progress);
    const slow = stageReporter('host-a:7', send);
    slow.note('starting');
    slow.note('prepare');
    await vi.advanceTimersByTimeAsync(STAGE_DEBOUNCE_MS);
    slow.note('agent');
    slow.note('agent', { steps: 2, spendUsd: null });
    await vi.advanceTimersByTimeAsync(STAGE_DEBOUNCE_MS);
    slow.stop();
    expect(sent).toEqual([
      { stage: 'prepare', worker: 'host-a:7' },
      { stage: 'agent', worker: 'host-a:7', steps: 2, spendUsd: null },
    ]);
    const fast = stageReporter('host-a:7', send);
    fast.note('starting');
    fast.note('grade');
    fast.stop();
    await vi.advanceTimersByTimeAsync(STAGE_DEBOUNCE_MS * 2);
    expect(sent).toHaveLength(2);
  });
});

describe('stageNotes', () => {
  it('notes a stage when it changes, skips recorded attempts and progress that is not a stage', () => {
    const plan = { key: 'k1' } as AttemptPlan;
    const marked: unknown[][] = [];
    const finished = new Set<string>();
    const note = stageNotes(
      new Map([
        ['k1', { plan }],
        ['k2', { plan: { key: 'k2' } as AttemptPlan }],
      ]),
      finished,
      (p, stage, progress, worker) => marked.push([p.key, stage, worker, progress]),
    );
    const agent = { stage: 'agent', worker: 'h:1' };
    note([
      { id: 'a-k1', progress: agent },
      { id: 'a-k2', progress: 0 },
    ]);
    note([{ id: 'a-k1', progress: agent }]);
    note([{ id: 'a-k1', progress: { ...agent, steps: 3, spendUsd: 0.25 } }]);
    note([{ id: 'a-k1', progress: JSON.stringify({ stage: 'grade', worker: 'h:1' }) }]);
    finished.add('k1');
    note([{ id: 'a-k1', progress: { stage: 'grade', worker: 'h:2' } }]);
    expect(marked).toEqual([
      ['k1', 'agent', 'h:1', undefined],
      ['k1', 'agent', 'h:1', { steps: 3, spendUsd: 0.25 }],
      ['k1', 'grade', 'h:1', undefined],
    ]);
  });
});
