/**
 * CSV for spreadsheets and scripts. `attempts` (default): one row per final attempt joined
 * with its task's facts. `summary`: one row per agent × breakdown group, plus an `all` row per
 * agent with its intervals. Numbers are raw (no `$`, no `%`); unknown values are empty.
 */
import { stringify } from 'csv-stringify/sync';
import type { RunReport, ScoreSummary, TaskRow } from '../metrics/types.ts';

export const CSV_MODES = ['attempts', 'summary'] as const;
export type CsvMode = (typeof CSV_MODES)[number];

export interface CsvOptions {
  /** Which rows to write. @default 'attempts' */
  mode?: CsvMode;
}

type Cell = string | number | boolean | null;

export function renderCsv(report: RunReport, options: CsvOptions = {}): string {
  return options.mode === 'summary' ? summaryCsv(report) : attemptsCsv(report);
}

const ATTEMPT_COLUMNS = [
  'run',
  'key',
  'task_id',
  'title',
  'kind',
  'price_usd',
  'price_bucket',
  'categories',
  'nature',
  'tags',
  'quarantined',
  'agent',
  'model',
  'attempt_index',
  'status',
  'earned_usd',
  'partial_credit',
  'cost_usd',
  'input_tokens',
  'output_tokens',
  'duration_ms',
  'infra_retries',
  'explanation',
];

function attemptsCsv(report: RunReport): string {
  const tasks = new Map<string, TaskRow>(report.tasks.map((task) => [task.id, task]));
  const rows: Cell[][] = report.attempts.map((a) => {
    const task = tasks.get(a.taskId);
    return [
      report.run.name,
      a.key,
      a.taskId,
      task?.title ?? '',
      task?.kind ?? '',
      task?.priceUsd ?? '',
      task?.priceBucket ?? '',
      task?.categories.join(';') ?? '',
      task?.nature ?? '',
      task?.tags.join(';') ?? '',
      task?.quarantined ?? false,
      a.agent,
      a.model,
      a.attemptIndex,
      a.status,
      a.earnedUsd,
      a.partialCredit,
      a.costUsd,
      a.inputTokens,
      a.outputTokens,
      a.durationMs,
      a.infraRetries,
      a.explanation,
    ];
  });
  return write(ATTEMPT_COLUMNS, rows);
}

const SUMMARY_COLUMNS = [
  'run',
  'agent',
  'dimension',
  'group',
  'label',
  'tasks',
  'attempts',
  'passed_attempts',
  'earned_usd',
  'available_usd',
  'earn_rate',
  'pass1',
  'earned_usd_ci_low',
  'earned_usd_ci_high',
  'pass1_ci_low',
  'pass1_ci_high',
];

function summaryCsv(report: RunReport): string {
  const numbers = (s: ScoreSummary): Cell[] => [
    s.tasks,
    s.attempts,
    s.passedAttempts,
    s.earnedUsd,
    s.availableUsd,
    s.earnRate,
    s.pass1,
  ];
  const rows: Cell[][] = [];
  for (const agent of report.agents) {
    const { earnedUsd, pass1 } = agent.intervals;
    rows.push([
      report.run.name,
      agent.agent,
      'all',
      'all',
      'All tasks',
      ...numbers(agent.summary),
      earnedUsd?.low ?? null,
      earnedUsd?.high ?? null,
      pass1?.low ?? null,
      pass1?.high ?? null,
    ]);
    for (const breakdown of agent.breakdowns) {
      for (const group of breakdown.groups) {
        rows.push([
          report.run.name,
          agent.agent,
          breakdown.dimension,
          group.key,
          group.label,
          ...numbers(group),
          null,
          null,
          null,
          null,
        ]);
      }
    }
  }
  return write(SUMMARY_COLUMNS, rows);
}

function write(columns: string[], rows: Cell[][]): string {
  return stringify(rows, {
    header: true,
    columns,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
}
