import { describe, expect, it } from 'vitest';
import { ZERO_USAGE } from '../model/usage.ts';
import type { AttemptResult, AttemptStatus, TaskRecord } from '../store/types.ts';
import { formatAgentSummary, summarizeByAgent } from './summary.ts';

const task = (id: string, price: number): TaskRecord => ({
  id,
  kind: 'swe_manager',
  title: id,
  price,
  categories: [],
  nature: undefined,
  tags: [],
  contentHash: id,
});

function result(key: string, taskId: string, status: AttemptStatus, price: number): AttemptResult {
  return {
    key,
    taskId,
    agentLabel: 'a',
    attemptIndex: 0,
    status,
    priceUsd: price,
    earnedUsd: status === 'passed' ? price : 0,
    partialCredit: undefined,
    costUsd: 0.5,
    usage: ZERO_USAGE,
    model: undefined,
    startedAt: '',
    finishedAt: '',
    durationMs: 1,
    infraRetries: 0,
    explanation: '',
    details: null,
    artifacts: {},
  };
}

describe('summarizeByAgent', () => {
  it('earns the mean over attempts per task and leaves infra errors unscored', () => {
    const tasks = [task('t1', 1000), task('t2', 3000), task('t3', 500)];
    const plans = ['k1', 'k2', 'k3', 'k4', 'k5'].map((key, i) => ({
      key,
      taskId: ['t1', 't1', 't2', 't2', 't3'][i] ?? '',
      agentLabel: 'a',
      attemptIndex: i % 2,
    }));
    const results = [
      result('k1', 't1', 'passed', 1000),
      result('k2', 't1', 'failed', 1000),
      result('k3', 't2', 'passed', 3000),
      result('k4', 't2', 'limit', 3000),
      result('k5', 't3', 'infra_error', 500),
    ];
    const [summary] = summarizeByAgent(tasks, plans, results);
    expect(summary).toEqual({
      agent: 'a',
      attempts: 5,
      finished: 5,
      passed: 2,
      infraErrors: 1,
      earnedUsd: 2000,
      availableUsd: 4000,
      pass1: 0.5,
      costUsd: 2.5,
    });
    expect(formatAgentSummary(summary ?? ({} as never), 3)).toBe(
      'a    earned $2,000 / $4,000 (50.0%)  pass@1 50.0%  5/5 attempts  1 infra errors (not scored)  cost $2.50',
    );
  });

  it('says nothing is scored yet when no result is in', () => {
    const [summary] = summarizeByAgent(
      [task('t', 1)],
      [{ key: 'k', taskId: 't', agentLabel: 'a', attemptIndex: 0 }],
      [],
    );
    expect(summary).toMatchObject({ finished: 0, pass1: null, availableUsd: 0 });
  });
});
