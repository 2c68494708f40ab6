/** How numbers read in every human-facing format (terminal, Markdown, HTML). */
import type { AgentReport, Dimension, Interval, RunReport } from '../metrics/types.ts';
import type { JsonValue } from '../util/json.ts';

const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const CENTS = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** `$202,000`, `$333.33`, `$0.42`, `−$1,166.67`: cents only when there are cents. */
export function usd(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  const abs = Math.abs(rounded);
  const body = Number.isInteger(abs) ? WHOLE.format(abs) : CENTS.format(abs);
  return `${rounded < 0 ? '−' : ''}$${body}`;
}

/** Small ratios in dollars keep two significant digits: `$0.00006` rather than `$0`. */
export function usdRatio(value: number): string {
  if (value === 0 || Math.abs(value) >= 1) return usd(value);
  return `$${Number(value.toPrecision(2))}`;
}

/** A signed dollar difference: `+$1,000`, `−$20`. */
export function usdDelta(value: number): string {
  return value > 0 ? `+${usd(value)}` : usd(value);
}

/** `44.4%`; `–` when there is nothing to measure. */
export function pct(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

/** A signed difference of rates in percentage points: `+11.1 pts`. */
export function pts(value: number): string {
  const text = (value * 100).toFixed(1);
  return `${value > 0 ? '+' : ''}${text.replace('-', '−')} pts`;
}

export function pctInterval(interval: Interval | null, confidence: number): string {
  if (!interval) return '–';
  return `[${ci(confidence)} ${(interval.low * 100).toFixed(1)}–${(interval.high * 100).toFixed(1)}%]`;
}

export function usdInterval(interval: Interval | null, confidence: number): string {
  if (!interval) return '–';
  return `[${ci(confidence)} ${usd(interval.low)} to ${usd(interval.high)}]`;
}

function ci(confidence: number): string {
  return `${Math.round(confidence * 1000) / 10}% CI`;
}

/**
 * The line people quote: "gold earned $202,000 of $202,000 (100.0%) · pass@1 100.0%
 * [95% CI 100.0–100.0%]".
 */
export function headline(agent: AgentReport, confidence: number): string {
  const { summary } = agent;
  const model = agent.models.length > 0 ? ` (${agent.models.join(', ')})` : '';
  return (
    `${agent.agent}${model} earned ${usd(summary.earnedUsd)} of ${usd(summary.availableUsd)} ` +
    `(${pct(summary.earnRate)}) · pass@1 ${pct(summary.pass1)} ` +
    pctInterval(agent.intervals.pass1, confidence)
  );
}

export const DIMENSION_TITLES: Record<Dimension, string> = {
  kind: 'By kind',
  category: 'By category',
  nature: 'By nature of work',
  price: 'By price',
  tag: 'By tag',
  model: 'By model',
};

/** pass@k curve as `pass@1 44.4% · pass@2 55.6%`. */
export function passAtKText(agent: AgentReport): string {
  if (agent.passAtK.length === 0) return '–';
  return agent.passAtK.map((point) => `pass@${point.k} ${pct(point.value)}`).join(' · ');
}

/** Notes that something is kept out of the scores; empty when there is nothing to say. */
export function caveats(report: RunReport): string[] {
  const notes: string[] = [];
  for (const skip of skippedOf(report.run.manifest)) {
    notes.push(
      `${skip.count} task(s) worth ${usd(skip.usd)} selected but not attempted: ${skip.reason}`,
    );
  }
  if (report.pendingAttempts > 0) {
    notes.push(
      `run incomplete: ${report.pendingAttempts} planned attempt(s) have no result yet; scores cover finished attempts only`,
    );
  }
  for (const agent of report.agents) {
    if (agent.infra.attempts > 0) {
      notes.push(
        `${agent.agent}: ${usd(agent.infra.usd)} in infra errors (${agent.infra.attempts} attempt(s) on ` +
          `${agent.infra.tasksAffected} task(s)) not measured and excluded from scores`,
      );
    }
  }
  if (report.quarantined.length > 0) {
    const total = report.quarantined.reduce((sum, task) => sum + task.priceUsd, 0);
    notes.push(
      `${report.quarantined.length} quarantined task(s) worth ${usd(total)} excluded from scores`,
    );
  }
  return notes;
}

/** Shortens a title to fit a table cell. */
export function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** The run's skipped tasks as its manifest records them (`skipped: [{reason, taskIds, usd}]`). */
function skippedOf(manifest: JsonValue): { reason: string; count: number; usd: number }[] {
  if (!isObject(manifest) || !Array.isArray(manifest.skipped)) return [];
  return manifest.skipped.flatMap((entry) => {
    if (!isObject(entry) || typeof entry.reason !== 'string') return [];
    const count = Array.isArray(entry.taskIds) ? entry.taskIds.length : 0;
    const usd = typeof entry.usd === 'number' ? entry.usd : 0;
    return count > 0 ? [{ reason: entry.reason, count, usd }] : [];
  });
}

export function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
