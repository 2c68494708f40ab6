/**
 * An attempt whose model cost is unknown (a model without a price, a CLI agent) makes every
 * cost figure it belongs to unknown: in the store, the metrics, the run summary and every
 * report format. Hand-checked values throughout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { attempt, runOf, task, writeRun } from '../../test/report-helpers.ts';
import { renderReport } from '../report/index.ts';
import { formatAgentSummary, summarizeByAgent } from '../runner/summary.ts';
import { openRunStore } from '../store/run-store.ts';
import { buildRunReport } from './run-report.ts';
import type { AgentReport, MetricsInput, RunReport } from './types.ts';

const A = task('A', 1000);
const B = task('B', 500);
const Q = task('Q', 300, { tags: ['quarantined'] });

/**
 * `priced`: A passes at $0.40 and fails at $0.60, B passes at $0.20.
 * `unpriced`: A passes at an unknown cost, B fails at $0.30.
 * `cli`: A passes at $0.10; its one unknown cost is on the quarantined task Q.
 */
function run(): MetricsInput {
  return runOf(
    [A, B, Q],
    [
      attempt(A, 'priced', 0, 'passed', { costUsd: 0.4 }),
      attempt(A, 'priced', 1, 'failed', { costUsd: 0.6 }),
      attempt(B, 'priced', 0, 'passed', { costUsd: 0.2 }),
      attempt(A, 'unpriced', 0, 'passed', { costUsd: null }),
      attempt(B, 'unpriced', 0, 'failed', { costUsd: 0.3 }),
      attempt(A, 'cli', 0, 'passed', { costUsd: 0.1 }),
      attempt(Q, 'cli', 0, 'passed', { costUsd: null }),
    ],
  );
}

const agent = (report: RunReport, label: string) =>
  report.agents.find((a) => a.agent === label) as AgentReport;

describe('unknown costs in metrics', () => {
  const report = buildRunReport(run(), { name: 'costs' });

  it('known costs sum as before: mean per task, summed over tasks', () => {
    expect(agent(report, 'priced').cost).toEqual({
      spentUsd: expect.closeTo(1.2, 12),
      costUsd: expect.closeTo(0.5 + 0.2, 12),
      netMarginUsd: expect.closeTo(1000 * 0.5 + 500 - 0.7, 9),
      costPerEarnedUsd: expect.closeTo(0.7 / 1000, 12),
      unknownCostAttempts: 0,
    });
  });

  it('one unknown cost makes cost, net margin and cost per earned $ unknown, not $0', () => {
    const unpriced = agent(report, 'unpriced');
    // Earnings do not depend on cost: A's $1000 is earned all the same.
    expect(unpriced.summary.earnedUsd).toBe(1000);
    expect(unpriced.cost).toEqual({
      spentUsd: null,
      costUsd: null,
      netMarginUsd: null,
      costPerEarnedUsd: null,
      unknownCostAttempts: 1,
    });
  });

  it('an unknown cost on a quarantined task leaves only the run total unknown', () => {
    expect(agent(report, 'cli').cost).toEqual({
      spentUsd: null,
      costUsd: expect.closeTo(0.1, 12),
      netMarginUsd: expect.closeTo(999.9, 9),
      costPerEarnedUsd: expect.closeTo(0.0001, 12),
      unknownCostAttempts: 1,
    });
  });

  it('every format says unknown where the cost is unknown', async () => {
    const terminal = renderReport(report, 'terminal').split('\n');
    const costRows = terminal.slice(terminal.findIndex((line) => line.includes('Cost')));
    const costRow = (label: string) =>
      costRows.find((line) => line.trimStart().startsWith(`${label} `)) ?? '';
    expect(costRow('unpriced').match(/unknown/g)).toHaveLength(4);
    expect(costRow('priced')).not.toContain('unknown');
    expect(costRow('priced')).toContain('$1.20');
    expect(costRow('cli').match(/unknown/g)).toHaveLength(1);
    expect(renderReport(report, 'markdown')).toMatch(
      /\| unpriced \| – \| unknown \| unknown \| unknown \| unknown \|/,
    );
    expect(await renderReport(report, 'html')).toContain('<td class="r">unknown</td>');

    // CSV: an empty cost cell, as for every value that is not known.
    const rows = parse(renderReport(report, 'csv'), { columns: true }) as Record<string, string>[];
    const cost = (agentLabel: string, taskId: string) =>
      rows.find((r) => r.agent === agentLabel && r.task_id === taskId)?.cost_usd;
    expect(cost('unpriced', 'A')).toBe('');
    expect(cost('unpriced', 'B')).toBe('0.3');
    const json = JSON.parse(renderReport(report, 'json')) as RunReport;
    expect(json.attempts.find((a) => a.key === 'unpriced:A:0')?.costUsd).toBeNull();
  });
});

describe('unknown costs in the store and the run summary', () => {
  it('round-trip through the run store and show as "cost unknown"', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'swl-unknown-cost-'));
    try {
      writeRun(dir, run());
      const store = openRunStore(dir, { readonly: true });
      const results = store.results();
      const plans = store.plans();
      const tasks = store.tasks();
      store.close();
      const unknown = results.find((r) => r.key === 'unpriced:A:0');
      expect(unknown?.costUsd).toBeNull();
      // Older readers see a cost of 0 with the flag that says it is not a real 0.
      expect(unknown?.details).toEqual({ details: null, costKnown: false });
      expect(results.find((r) => r.key === 'priced:A:0')?.costUsd).toBe(0.4);

      const summaries = summarizeByAgent(tasks, plans, results);
      const by = Object.fromEntries(summaries.map((s) => [s.agent, s]));
      expect(by.priced?.costUsd).toBeCloseTo(1.2, 12);
      expect(by.unpriced?.costUsd).toBeNull();
      expect(formatAgentSummary(by.unpriced as (typeof summaries)[number], 8)).toContain(
        'cost unknown',
      );
      expect(formatAgentSummary(by.priced as (typeof summaries)[number], 8)).toContain(
        'cost $1.20',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
