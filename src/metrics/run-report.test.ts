import { describe, expect, it } from 'vitest';
import { attempt, planOf, runOf, task } from '../../test/report-helpers.ts';
import { InputError } from '../errors.ts';
import type { AttemptResult } from '../store/types.ts';
import { buildRunReport } from './run-report.ts';
import type { AgentReport, MetricsInput } from './types.ts';

const A = task('A', 1000, { tags: ['diamond'] });
const B = task('B', 500, { kind: 'swe_manager', categories: ['ui_ux'], nature: 'new_feature' });
const C = task('C', 2000, {
  categories: ['server_side_logic'],
  nature: 'maintenance',
  tags: ['diamond'],
});
const D = task('D', 300, { categories: ['ui_ux'], tags: ['quarantined'] });
const E = task('E', 4000, { categories: ['system_quality'] });

const x = (t: typeof A, i: number, status: AttemptResult['status'], credit?: number) =>
  attempt(t, 'x', i, status, { costUsd: 0.5, model: 'gpt-x', partialCredit: credit });

/**
 * Agent x, three attempts per task: A passes 1 of 3, B passes 2 and hits 1 infra error,
 * C never passes, D is quarantined (passes 3), E is lost to infra errors.
 * Agent y, one attempt per task: only C passes. One of y's planned attempts has no result.
 */
function fixture(): MetricsInput {
  const results = [
    x(A, 0, 'passed', 1),
    x(A, 1, 'failed', 0.5),
    x(A, 2, 'failed', 0),
    x(B, 0, 'passed'),
    x(B, 1, 'passed'),
    x(B, 2, 'infra_error'),
    x(C, 0, 'failed', 0.25),
    x(C, 1, 'agent_error'),
    x(C, 2, 'limit'),
    x(D, 0, 'passed'),
    x(D, 1, 'passed'),
    x(D, 2, 'passed'),
    x(E, 0, 'infra_error'),
    x(E, 1, 'infra_error'),
    x(E, 2, 'infra_error'),
    ...[A, B, D, E].map((t) => attempt(t, 'y', 0, 'failed')),
    attempt(C, 'y', 0, 'passed'),
  ];
  const run = runOf([A, B, C, D, E], results);
  run.plans.push(planOf(attempt(A, 'y', 1, 'failed')));
  return run;
}

function agent(report: ReturnType<typeof buildRunReport>, label: string): AgentReport {
  const found = report.agents.find((entry) => entry.agent === label);
  if (!found) throw new Error(`no agent ${label}`);
  return found;
}

describe('buildRunReport', () => {
  const report = buildRunReport(fixture(), { name: 'fixture', seed: 3 });
  const ax = agent(report, 'x');

  it('earns the mean over attempts per task and excludes infra errors and quarantine', () => {
    expect(ax.summary.tasks).toBe(3);
    expect(ax.summary.attempts).toBe(8);
    expect(ax.summary.passedAttempts).toBe(3);
    expect(ax.summary.earnedUsd).toBeCloseTo(1000 / 3 + 500, 9);
    expect(ax.summary.availableUsd).toBe(3500);
    expect(ax.summary.earnRate).toBeCloseTo((1000 / 3 + 500) / 3500, 12);
    expect(ax.summary.pass1).toBeCloseTo(4 / 9, 12);
  });

  it('computes pass@k up to the fewest scored attempts', () => {
    expect(ax.passAtK.map((point) => point.k)).toEqual([1, 2]);
    expect(ax.passAtK[0]?.value).toBeCloseTo(4 / 9, 12);
    expect(ax.passAtK[1]?.value).toBeCloseTo(5 / 9, 12);
  });

  it('keeps infra dollars and quarantined dollars apart', () => {
    expect(ax.statuses).toEqual({ passed: 3, failed: 3, agent_error: 1, limit: 1, infra_error: 4 });
    expect(ax.infra.attempts).toBe(4);
    expect(ax.infra.usd).toBeCloseTo(500 / 3 + 4000, 9);
    expect(ax.infra.tasksAffected).toBe(2);
    expect(ax.infra.tasksUnscored).toBe(1);
    expect(ax.quarantine).toEqual({ tasks: 1, usd: 300, attempts: 3 });
    expect(report.quarantined).toEqual([{ taskId: 'D', title: 'Task D', priceUsd: 300 }]);
  });

  it('reports cost, margin and partial credit on the one-attempt-per-task scale', () => {
    expect(ax.cost.spentUsd).toBeCloseTo(7.5, 12);
    expect(ax.cost.costUsd).toBeCloseTo(1.5, 12);
    expect(ax.cost.netMarginUsd).toBeCloseTo(1000 / 3 + 500 - 1.5, 9);
    expect(ax.cost.costPerEarnedUsd).toBeCloseTo(1.5 / (1000 / 3 + 500), 12);
    expect(ax.partialCredit).toBeCloseTo(0.375, 12);
    // Partial credit never leaks into earnings.
    expect(agent(report, 'y').partialCredit).toBeNull();
  });

  it('puts intervals around the point estimates', () => {
    const { earnedUsd, pass1 } = ax.intervals;
    expect(earnedUsd?.estimate).toBeCloseTo(ax.summary.earnedUsd, 9);
    expect(earnedUsd?.low).toBeLessThanOrEqual(ax.summary.earnedUsd);
    expect(earnedUsd?.high).toBeGreaterThanOrEqual(ax.summary.earnedUsd);
    // Dollars are the earn-rate interval over the fixed pot: never past what was available.
    const rate = ax.intervals.earnRate;
    expect(earnedUsd?.low).toBeCloseTo((rate?.low ?? 0) * 3500, 2);
    expect(earnedUsd?.high).toBeCloseTo((rate?.high ?? 0) * 3500, 2);
    expect(earnedUsd?.high).toBeLessThanOrEqual(ax.summary.availableUsd);
    expect(pass1?.low).toBeGreaterThanOrEqual(0);
    expect(pass1?.high).toBeLessThanOrEqual(1);
    expect(buildRunReport(fixture(), { seed: 3 }).agents[0]?.intervals).toEqual(ax.intervals);
  });

  it('breaks results down by kind, category, price, tag and model', () => {
    const dims = Object.fromEntries(ax.breakdowns.map((b) => [b.dimension, b.groups]));
    expect(Object.keys(dims)).toEqual(['kind', 'category', 'nature', 'price', 'tag', 'model']);
    const kind = Object.fromEntries((dims.kind ?? []).map((g) => [g.key, g]));
    expect(kind.ic_swe?.earnedUsd).toBeCloseTo(1000 / 3, 9);
    expect(kind.ic_swe?.availableUsd).toBe(3000);
    expect(kind.ic_swe?.pass1).toBeCloseTo(1 / 6, 12);
    expect(kind.swe_manager?.earnRate).toBe(1);
    // E only had infra errors: its category measured nothing and does not appear.
    expect((dims.category ?? []).map((g) => g.key)).toEqual([
      'application_logic',
      'ui_ux',
      'server_side_logic',
    ]);
    expect((dims.price ?? []).map((g) => g.label)).toEqual(['$500–999', '$1k–1,999', '$2k–3,999']);
    const diamond = dims.tag?.find((g) => g.key === 'diamond');
    expect(diamond?.availableUsd).toBe(3000);
    expect((dims.tag ?? []).map((g) => g.key)).not.toContain('quarantined');
    expect(dims.model?.map((g) => g.key)).toEqual(['gpt-x']);
    expect(ax.models).toEqual(['gpt-x']);
  });

  it('lists the costliest misses and the tasks agents disagree on', () => {
    expect(ax.topLosses.map((loss) => [loss.taskId, Math.round(loss.lostUsd)])).toEqual([
      ['C', 2000],
      ['A', 667],
    ]);
    expect(report.disagreements.map((d) => d.taskId)).toEqual(['C', 'A', 'B']);
    expect(report.disagreements[1]?.pass1ByAgent).toEqual({ x: 1 / 3, y: 0 });
  });

  it('counts planned attempts without a result as pending', () => {
    expect(report.complete).toBe(false);
    expect(report.pendingAttempts).toBe(1);
    expect(agent(report, 'y').pendingAttempts).toBe(1);
    expect(report.agents.map((a) => a.agent)).toEqual(['x', 'y']);
  });

  it('flattens tasks and attempts for CSV and programs', () => {
    expect(report.tasks).toHaveLength(5);
    expect(report.tasks.find((t) => t.id === 'D')?.quarantined).toBe(true);
    expect(report.attempts).toHaveLength(20);
    expect(report.attempts[0]).toMatchObject({ agent: 'x', taskId: 'A', attemptIndex: 0 });
  });
});

describe('comparisons', () => {
  it('pairs agents of one run against a baseline on their common tasks', () => {
    const report = buildRunReport(fixture(), { baseline: 'y', seed: 9 });
    expect(report.comparisons).toHaveLength(1);
    const [comparison] = report.comparisons;
    expect(comparison?.commonTasks).toBe(3);
    expect(comparison?.a.earnedUsd).toBeCloseTo(1000 / 3 + 500, 9);
    expect(comparison?.b.earnedUsd).toBe(2000);
    expect(comparison?.earnedDiffUsd?.estimate).toBeCloseTo(1000 / 3 + 500 - 2000, 9);
    expect(comparison?.pass1Diff?.estimate).toBeCloseTo(1 / 9, 12);
    expect([comparison?.aBetter, comparison?.bBetter]).toEqual([2, 1]);
    expect(comparison?.onlyB).toBe(1); // E: scored by y, lost to infra for x
  });

  it('compares two runs agent by agent and skips changed tasks', () => {
    const before = runOf([A, C], [attempt(A, 'x', 0, 'failed'), attempt(C, 'x', 0, 'failed')]);
    const changedC = { ...C, contentHash: 'other' };
    const after = runOf(
      [A, changedC],
      [attempt(A, 'x', 0, 'passed'), attempt(changedC, 'x', 0, 'passed')],
    );
    const report = buildRunReport(after, {
      name: 'after',
      compare: { name: 'before', input: before },
    });
    const [comparison] = report.comparisons;
    expect(comparison?.commonTasks).toBe(1);
    expect(comparison?.changedTasks).toBe(1);
    expect(comparison?.earnedDiffUsd).toEqual({ estimate: 1000, low: 1000, high: 1000 });
    expect(comparison?.b.run).toBe('before');
  });

  it('says which agents exist when a comparison cannot be paired', () => {
    expect(() => buildRunReport(fixture(), { baseline: 'z' })).toThrow(/x, y.*"z"/);
    const other = runOf([A], [attempt(A, 'p', 0, 'passed'), attempt(A, 'q', 0, 'passed')]);
    expect(() => buildRunReport(fixture(), { compare: { name: 'other', input: other } })).toThrow(
      /agents x, y and other with agents p, q/,
    );
  });
});

describe('input checks', () => {
  it('rejects a result for a task the run does not have, naming the result', () => {
    const run = runOf([A], [attempt(B, 'x', 0, 'passed')]);
    const error = (() => {
      try {
        buildRunReport(run);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/result x:B:0.*taskId.*found "B"/);
  });

  it('counts a repeated attempt key once, keeping the latest result', () => {
    const first = attempt(A, 'x', 0, 'failed');
    const retried = attempt(A, 'x', 0, 'passed', { finishedAt: '2026-11-23T11:00:00.000Z' });
    const report = buildRunReport(runOf([A], [first, retried]));
    expect(report.agents[0]?.summary).toMatchObject({ attempts: 1, earnedUsd: 1000 });
  });

  it('reports an empty run without NaN', () => {
    const report = buildRunReport({ tasks: [A], plans: [], results: [] });
    expect(report.agents).toEqual([]);
    expect(report.complete).toBe(true);
    expect(JSON.stringify(report)).not.toContain('NaN');
  });
});
