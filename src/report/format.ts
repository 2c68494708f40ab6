/** How numbers read in every human-facing format (terminal, Markdown, HTML). */

import { dominantPosition } from '../metrics/answer-positions.ts';
import type { AgentReport, Dimension, Interval, RunReport } from '../metrics/types.ts';
import { isJsonObject, type JsonValue } from '../util/json.ts';

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

/** `2,260`: a count with thousands separators. */
export function count(value: number): string {
  return WHOLE.format(value);
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
  return interval ? `[${ci(confidence)} ${pctRange(interval)}]` : '–';
}

/** `25.0–75.0%`: an interval's bounds, for a column whose header names the coverage. */
export function pctRange(interval: Interval | null): string {
  if (!interval) return '–';
  return `${(interval.low * 100).toFixed(1)}–${(interval.high * 100).toFixed(1)}%`;
}

export function usdInterval(interval: Interval | null, confidence: number): string {
  return interval ? `[${ci(confidence)} ${usdRange(interval)}]` : '–';
}

/**
 * `$6,936–$44,914`, `−$1,200 to +$300`: whole dollars, since a resampled bound is no more
 * precise than that; a dash reads as a minus next to negative bounds, so they get `to`.
 */
export function usdRange(interval: Interval | null): string {
  if (!interval) return '–';
  const low = Math.round(interval.low);
  const high = Math.round(interval.high);
  return low < 0 ? `${usd(low)} to ${usdDelta(high)}` : `${usd(low)}–${usd(high)}`;
}

/** `95% CI`. */
export function ci(confidence: number): string {
  return `${Math.round(confidence * 1000) / 10}% CI`;
}

/**
 * The line people quote: "random earned $22,300 of $91,100 [95% CI $6,936–$44,914] (24.5%) ·
 * pass@1 24.3% [95% CI 15.0–34.1%]": the dollars with their own interval, then the pass rate.
 */
export function headline(
  agent: AgentReport,
  confidence: number,
  name: AgentName = plainName,
): string {
  const { summary } = agent;
  const shown = name(agent.agent);
  // An alias stands for label and models alike: its legend names both.
  const model =
    agent.models.length > 0 && shown === agent.agent ? ` (${agent.models.join(', ')})` : '';
  return (
    `${shown}${model} earned ${usd(summary.earnedUsd)} of ${usd(summary.availableUsd)} ` +
    (agent.intervals.earnedUsd ? `${usdInterval(agent.intervals.earnedUsd, confidence)} ` : '') +
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

/** How an agent is named in a table: its label, or a short alias where width is scarce. */
export type AgentName = (agent: string) => string;
export const plainName: AgentName = (agent) => agent;

/**
 * The pass@k curve in three points, `pass@1 44.4% · pass@4 61.0% · pass@20 80.2%`: k = 1,
 * the geometric middle of 1 … max and the largest k (the JSON keeps every k).
 */
export function passAtKText(agent: AgentReport): string {
  const last = agent.passAtK.at(-1);
  if (!last) return '–';
  const middle = Math.round(Math.sqrt(last.k));
  const shown = agent.passAtK.filter((p) => p.k === 1 || p.k === middle || p.k === last.k);
  return shown.map((point) => `pass@${point.k} ${pct(point.value)}`).join(' · ');
}

/**
 * Notes that something is kept out of the scores, or that a score may not mean what it
 * seems (one answer position dominating); empty when there is nothing to say.
 */
export function caveats(report: RunReport, name: AgentName = plainName): string[] {
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
  const stale = report.inFlight.filter((row) => row.stale).length;
  if (stale > 0) {
    notes.push(
      `${stale} attempt(s) noted in flight are stale: no runner holds ${report.run.name} any more ` +
        `(killed?); \`swelancer run --resume ${report.run.name}\` runs them again`,
    );
  }
  for (const agent of report.agents) {
    if (agent.infra.attempts > 0) {
      notes.push(
        `${name(agent.agent)}: ${usd(agent.infra.usd)} in infra errors (${agent.infra.attempts} attempt(s) on ` +
          `${agent.infra.tasksAffected} task(s)) not measured and excluded from scores`,
      );
    }
  }
  const lost = report.lostTries;
  // Below a millionth of a dollar is float rounding, not a lost try.
  if (lost && lost.lostUsd > 1e-6) {
    notes.push(
      `the workers spent ${usdRatio(lost.workersSpentUsd)} on model calls, the results record ` +
        `${usdRatio(lost.recordedUsd)}: ${usdRatio(lost.lostUsd)} went to tries no result shows ` +
        '(a worker that died mid-attempt, an infrastructure error retried)',
    );
  }
  const pot = report.commonPot;
  if (pot) {
    const earned = pot.agents.map(
      (entry) =>
        `${name(entry.agent)} ${usd(entry.earnedUsd)} (${pct(pot.availableUsd > 0 ? entry.earnedUsd / pot.availableUsd : null)})`,
    );
    notes.push(
      `agents scored different tasks, so the pots above differ; on the ${count(pot.tasks)} task(s) ` +
        `every agent scored, worth ${usd(pot.availableUsd)}: ${earned.join(', ')}`,
    );
  }
  for (const agent of report.agents) {
    const positions = agent.answerPositions;
    const top = positions && dominantPosition(positions);
    if (positions && top) {
      notes.push(
        `${name(agent.agent)} picked the proposal shown ${top.where} in ${share(top.chosen, positions.answered)} ` +
          `of ${count(positions.answered)} answered manager attempt(s); the correct one was shown there in ` +
          `${share(top.correct, positions.answered)}: its score may reflect position, not judgment`,
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

/** `100%`, `61%`: a share in whole percent (caveats read better without decimals). */
function share(count: number, total: number): string {
  return `${Math.round((count / total) * 100)}%`;
}

/** Shortens a title to fit a table cell. */
export function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** The run's skipped tasks as its manifest records them (`skipped: [{reason, taskIds, usd}]`). */
function skippedOf(manifest: JsonValue): { reason: string; count: number; usd: number }[] {
  if (!isJsonObject(manifest) || !Array.isArray(manifest.skipped)) return [];
  return manifest.skipped.flatMap((entry) => {
    if (!isJsonObject(entry) || typeof entry.reason !== 'string') return [];
    const count = Array.isArray(entry.taskIds) ? entry.taskIds.length : 0;
    const usd = typeof entry.usd === 'number' ? entry.usd : 0;
    return count > 0 ? [{ reason: entry.reason, count, usd }] : [];
  });
}
