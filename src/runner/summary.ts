/**
 * The short end-of-run summary (per agent: earned $ / available $, pass@1). The full
 * report is `swelancer report`; this is computed from the same store rows, so a resumed run
 * summarizes every finished attempt, not only this session's.
 */
import { summarize } from '../metrics/summarize.ts';
import { scoreTasks } from '../metrics/task-scores.ts';
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
  /** Σ of the model cost of finished attempts; null when one of them is unknown. */
  costUsd: number | null;
}

export function summarizeByAgent(
  tasks: readonly TaskRecord[],
  plans: readonly AttemptPlan[],
  results: readonly AttemptResult[],
): AgentSummary[] {
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  const planned = new Set(plans.map((p) => p.key));
  const byAgent = new Map<string, { summary: AgentSummary; results: AttemptResult[] }>();
  for (const plan of plans) {
    const entry = byAgent.get(plan.agentLabel) ?? {
      summary: emptySummary(plan.agentLabel),
      results: [],
    };
    entry.summary.attempts += 1;
    byAgent.set(plan.agentLabel, entry);
  }
  for (const result of results) {
    const entry = byAgent.get(result.agentLabel);
    if (!entry || !planned.has(result.key)) continue;
    entry.results.push(result);
    entry.summary.finished += 1;
    const { costUsd } = entry.summary;
    entry.summary.costUsd =
      costUsd === null || result.costUsd === null ? null : costUsd + result.costUsd;
    if (result.status === 'infra_error') entry.summary.infraErrors += 1;
  }
  // Scored exactly as the report scores them, so the two never disagree.
  return [...byAgent.values()].map(({ summary, results: agentResults }) => {
    const scores = summarize(scoreTasks(agentResults, taskById));
    return {
      ...summary,
      passed: scores.passedAttempts,
      earnedUsd: scores.earnedUsd,
      availableUsd: scores.availableUsd,
      pass1: scores.pass1,
    };
  });
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
  if (summary.costUsd === null) parts.push('cost unknown');
  else if (summary.costUsd > 0) parts.push(`cost $${summary.costUsd.toFixed(2)}`);
  return parts.join('  ');
}
