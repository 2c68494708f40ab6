/**
 * The short end-of-run summary (per agent: earned $ / available $, pass@1). The full
 * report is `swelancer report`; this is computed from the same store rows, so a resumed run
 * summarizes every finished attempt, not only this session's.
 */
import type { AttemptPlan, AttemptResult, TaskRecord } from '../store/types.ts';

export interface AgentSummary {
  agent: string;
  /** Planned attempts. */
  attempts: number;
  /** Attempts with a final result. */
  finished: number;
  passed: number;
  /** Final `infra_error`s: not scored, shown apart. */
  infraErrors: number;
  /** Expected earnings of one attempt per task: Σ over tasks of mean earned per attempt. */
  earnedUsd: number;
  /** Σ of the prices of the tasks with at least one scored attempt. */
  availableUsd: number;
  /** Mean over scored tasks of passed / scored attempts; null when nothing is scored. */
  pass1: number | null;
  costUsd: number;
}

export function summarizeByAgent(
  tasks: readonly TaskRecord[],
  plans: readonly AttemptPlan[],
  results: readonly AttemptResult[],
): AgentSummary[] {
  const price = new Map(tasks.map((t) => [t.id, t.price]));
  const planned = new Set(plans.map((p) => p.key));
  const byAgent = new Map<string, AgentSummary>();
  const perTask = new Map<string, Map<string, { scored: number; passed: number }>>();

  for (const plan of plans) {
    const summary = byAgent.get(plan.agentLabel) ?? emptySummary(plan.agentLabel);
    summary.attempts += 1;
    byAgent.set(plan.agentLabel, summary);
  }
  for (const result of results) {
    const summary = byAgent.get(result.agentLabel);
    if (!summary || !planned.has(result.key)) continue;
    summary.finished += 1;
    summary.costUsd += result.costUsd;
    if (result.status === 'infra_error') {
      summary.infraErrors += 1;
      continue;
    }
    const tasksOfAgent = perTask.get(result.agentLabel) ?? new Map();
    perTask.set(result.agentLabel, tasksOfAgent);
    const counts = tasksOfAgent.get(result.taskId) ?? { scored: 0, passed: 0 };
    counts.scored += 1;
    if (result.status === 'passed') {
      counts.passed += 1;
      summary.passed += 1;
    }
    tasksOfAgent.set(result.taskId, counts);
  }
  for (const [agent, tasksOfAgent] of perTask) {
    const summary = byAgent.get(agent);
    if (!summary) continue;
    let rateSum = 0;
    for (const [taskId, counts] of tasksOfAgent) {
      const usd = price.get(taskId) ?? 0;
      const rate = counts.passed / counts.scored;
      summary.availableUsd += usd;
      summary.earnedUsd += usd * rate;
      rateSum += rate;
    }
    summary.pass1 = tasksOfAgent.size > 0 ? rateSum / tasksOfAgent.size : null;
  }
  return [...byAgent.values()];
}

function emptySummary(agent: string): AgentSummary {
  return {
    agent,
    attempts: 0,
    finished: 0,
    passed: 0,
    infraErrors: 0,
    earnedUsd: 0,
    availableUsd: 0,
    pass1: null,
    costUsd: 0,
  };
}

export function formatUsd(amount: number): string {
  return `$${Math.round(amount).toLocaleString('en-US')}`;
}

export function formatPercent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** "gold    earned $202,000 / $202,000 (100.0%)  pass@1 100.0%  113/113 attempts" */
export function formatAgentSummary(summary: AgentSummary, labelWidth: number): string {
  const rate = summary.availableUsd > 0 ? summary.earnedUsd / summary.availableUsd : null;
  const parts = [
    summary.agent.padEnd(labelWidth),
    `earned ${formatUsd(summary.earnedUsd)} / ${formatUsd(summary.availableUsd)} (${formatPercent(rate)})`,
    `pass@1 ${formatPercent(summary.pass1)}`,
    `${summary.finished}/${summary.attempts} attempts`,
  ];
  if (summary.infraErrors > 0) parts.push(`${summary.infraErrors} infra errors (not scored)`);
  if (summary.costUsd > 0) parts.push(`cost $${summary.costUsd.toFixed(2)}`);
  return parts.join('  ');
}
