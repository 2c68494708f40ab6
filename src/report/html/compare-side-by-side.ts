/**
 * With `--compare` (or `--baseline`), the tasks that flipped, each with both sides' attempts
 * next to each other: what A and B did on the same task, most expensive first, so the reader
 * sees why the difference in dollars happened, not only that it did.
 */
import type { AttemptRow, Comparison, ComparisonSide, RunReport } from '../../metrics/types.ts';
import { attemptPageHref } from '../attempt-links.ts';
import { clip, pct, usd } from '../format.ts';
import { escapeHtml } from '../html-escape.ts';
import { STATUS_CODES } from './task-table.ts';

/** Attempts listed per side; the strip still shows every one. */
const ATTEMPTS_LISTED = 3;
const EXPLANATION_CHARS = 240;

export function sideBySideHtml(report: RunReport): string {
  return report.comparisons.map((comparison) => comparisonHtml(report, comparison)).join('\n');
}

function comparisonHtml(report: RunReport, c: Comparison): string {
  const flipped = [
    ...c.aBetterTasks.map((task) => ({ ...task, better: 'A' })),
    ...c.bBetterTasks.map((task) => ({ ...task, better: 'B' })),
  ].sort((x, y) => y.priceUsd - x.priceUsd || (x.taskId < y.taskId ? -1 : 1));
  const a = attemptsOf(report, c.a);
  const b = attemptsOf(report, c.b);
  const heading = `Flipped tasks side by side (A: ${where(report, c.a)}; B: ${where(report, c.b)})`;
  if (flipped.length === 0) {
    return `<h3>${escapeHtml(heading)}</h3><p class="note">No task flipped: both sides did equally well on every common task.</p>`;
  }
  const rows = flipped.map(
    (task) =>
      `<tr><td class="id">${escapeHtml(task.taskId)}<div class="muted">${escapeHtml(task.title)}</div></td>` +
      `<td class="r">${usd(task.priceUsd)}</td><td class="nowrap">${task.better} better</td>` +
      `<td class="side">${sideCell(a.get(task.taskId) ?? [], task.pass1A, c.a.run === report.run.name)}</td>` +
      `<td class="side">${sideCell(b.get(task.taskId) ?? [], task.pass1B, c.b.run === report.run.name)}</td></tr>`,
  );
  return (
    `<h3>${escapeHtml(heading)}</h3>` +
    `<p class="note">${flipped.length} task(s) where one side's pass@1 is higher, most expensive first; ` +
    `up to ${ATTEMPTS_LISTED} attempts listed per side.</p>` +
    '<table class="side-by-side"><thead><tr><th>task</th><th class="r">price</th><th></th><th>A</th><th>B</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function sideCell(attempts: readonly AttemptRow[], pass1: number, linked: boolean): string {
  const strip = attempts.map((row) => `<i class="${STATUS_CODES[row.status]}"></i>`).join('');
  const listed = attempts.slice(0, ATTEMPTS_LISTED).map((row) => {
    const label = `#${row.attemptIndex} ${row.status}`;
    // Attempt pages exist for this run's report only; the other run's live beside its own.
    const name = linked
      ? `<a href="${escapeHtml(attemptPageHref(row.key))}">${escapeHtml(label)}</a>`
      : escapeHtml(label);
    return `<div><span class="st ${STATUS_CODES[row.status]}">${name}</span> ${escapeHtml(clip(row.explanation, EXPLANATION_CHARS))}</div>`;
  });
  const more =
    attempts.length > ATTEMPTS_LISTED
      ? `<div class="muted">+${attempts.length - ATTEMPTS_LISTED} more</div>`
      : '';
  return `<span class="strip">${strip}</span> pass@1 ${pct(pass1)}${listed.join('')}${more}`;
}

/** A side's attempts by task: this run's, or the compared run's. */
function attemptsOf(report: RunReport, side: ComparisonSide): Map<string, AttemptRow[]> {
  const pool = side.run === report.run.name ? report.attempts : (report.compared?.attempts ?? []);
  const out = new Map<string, AttemptRow[]>();
  for (const row of pool) {
    if (row.agent !== side.agent) continue;
    const list = out.get(row.taskId) ?? [];
    list.push(row);
    out.set(row.taskId, list);
  }
  for (const list of out.values()) list.sort((x, y) => x.attemptIndex - y.attemptIndex);
  return out;
}

function where(report: RunReport, side: ComparisonSide): string {
  return side.run === report.run.name ? side.agent : `${side.agent} @ ${side.run}`;
}
