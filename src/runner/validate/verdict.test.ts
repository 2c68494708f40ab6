import { describe, expect, it } from 'vitest';
import { ZERO_USAGE } from '../../model/usage.ts';
import type { AttemptResult, AttemptStatus } from '../../store/types.ts';
import type { IcTask, ManagerTask } from '../../task/types.ts';
import type { Check } from './checks.ts';
import { judgeCheck, judgeTask, median } from './verdict.ts';

function result(
  agentLabel: string,
  attemptIndex: number,
  status: AttemptStatus,
  testRuntimeMs = 1000,
): AttemptResult {
  return {
    key: `${agentLabel}-${attemptIndex}`,
    taskId: 't',
    agentLabel,
    attemptIndex,
    status,
    priceUsd: 100,
    earnedUsd: status === 'passed' ? 100 : 0,
    partialCredit: undefined,
    costUsd: 0,
    usage: ZERO_USAGE,
    model: undefined,
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:00:01Z',
    durationMs: 2000,
    infraRetries: 0,
    explanation: status === 'passed' ? 'all 2 hidden tests passed' : '0/2 hidden tests passed',
    details: { durations: { testRuntimeMs } },
    artifacts: {},
  };
}

const gold: Check = {
  taskId: 't',
  role: 'gold',
  agentLabel: 'gold',
  expect: 'pass',
  proposalId: undefined,
};
const noop: Check = { ...gold, role: 'noop', agentLabel: 'noop', expect: 'fail' };

const statuses = (label: string, list: AttemptStatus[]) =>
  list.map((status, i) => result(label, i, status));

describe('judgeCheck', () => {
  it('is valid when every attempt does what the check expects', () => {
    expect(judgeCheck(gold, statuses('gold', ['passed', 'passed', 'passed']), 3)).toMatchObject({
      verdict: 'valid',
      passed: 3,
      graded: 3,
    });
    expect(judgeCheck(noop, statuses('noop', ['failed', 'agent_error', 'failed']), 3).verdict).toBe(
      'valid',
    );
  });

  it('is invalid when no attempt does, and keeps the first explanation', () => {
    const outcome = judgeCheck(gold, statuses('gold', ['failed', 'failed', 'failed']), 3);
    expect(outcome).toMatchObject({ verdict: 'invalid', passed: 0 });
    expect(outcome.firstMiss).toBe('0/2 hidden tests passed');
    expect(judgeCheck(noop, statuses('noop', ['passed']), 1).verdict).toBe('invalid');
  });

  it('is flaky when attempts disagree, in either direction', () => {
    expect(judgeCheck(gold, statuses('gold', ['passed', 'failed', 'passed']), 3).verdict).toBe(
      'flaky',
    );
    expect(judgeCheck(noop, statuses('noop', ['failed', 'failed', 'passed']), 3).verdict).toBe(
      'flaky',
    );
  });

  it('keeps infrastructure errors and missing attempts apart from the task', () => {
    const infra = judgeCheck(gold, statuses('gold', ['passed', 'infra_error', 'passed']), 3);
    expect(infra).toMatchObject({ verdict: 'error', passed: 2, graded: 2, infraErrors: 1 });
    expect(judgeCheck(gold, statuses('gold', ['passed']), 3).verdict).toBe('incomplete');
    // A disagreement among the graded attempts is still flaky.
    expect(judgeCheck(gold, statuses('gold', ['passed', 'failed', 'infra_error']), 3).verdict).toBe(
      'flaky',
    );
  });
});

describe('judgeTask', () => {
  const ic = { id: 't', kind: 'ic_swe', price: 100, contentHash: 'h' } as IcTask;

  it('takes the worst check: invalid over flaky', () => {
    const results = [
      ...statuses('gold', ['passed', 'failed', 'passed']),
      ...statuses('noop', ['passed', 'passed', 'passed']),
    ];
    const task = judgeTask(ic, [gold, noop], results, 3);
    expect(task.verdict).toBe('invalid');
    expect(task.problems).toEqual([
      'gold passed 2 of 3 (expected to pass), attempts disagree: passed, failed, passed',
      'noop passed 3 of 3 (expected to fail): all 2 hidden tests passed',
    ]);
  });

  it('reports the median hidden-test run time and the summed attempt time', () => {
    const results = [
      result('gold', 0, 'passed', 1000),
      result('gold', 1, 'passed', 3000),
      result('noop', 0, 'failed', 1500),
      result('noop', 1, 'failed', 500),
    ];
    const task = judgeTask(ic, [gold, noop], results, 2);
    expect(task).toMatchObject({ verdict: 'valid', testRuntimeMedianMs: 1250, timeMs: 8000 });
  });

  it('shows the correct proposal of a manager task as its gold', () => {
    const manager = { ...ic, kind: 'swe_manager', correctProposalId: 2 } as unknown as ManagerTask;
    const proposal = (id: number, expect: 'pass' | 'fail'): Check => ({
      taskId: 't',
      role: `proposal ${id}`,
      agentLabel: `proposal:t/${id}`,
      expect,
      proposalId: id,
    });
    const checks = [noop, proposal(1, 'fail'), proposal(2, 'pass')];
    const results = [
      ...statuses('noop', ['failed']),
      ...statuses('proposal:t/1', ['passed']),
      ...statuses('proposal:t/2', ['passed']),
    ];
    const task = judgeTask(manager, checks, results, 1);
    expect(task.gold?.role).toBe('proposal 2');
    expect(task.proposals.map((p) => p.verdict)).toEqual(['invalid', 'valid']);
    expect(task.verdict).toBe('invalid');
  });
});

describe('median', () => {
  it('handles odd, even and empty lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});
