/**
 * One attempt's page: what was asked, what the agent did, how it was graded, and what it
 * cost, with the evidence files one click away. Self-contained (inline CSS, no script, no
 * network); every link into the run directory is relative.
 */
import { KIND_LABELS } from '../../metrics/breakdown.ts';
import type { Usage } from '../../model/usage.ts';
import { isJsonObject, type JsonValue } from '../../util/json.ts';
import { usd } from '../format.ts';
import { escapeHtml } from '../html-escape.ts';
import { agentLogSection, diffSection, userToolSection } from './agent-work.ts';
import { type AttemptView, hrefOf } from './attempt-view.ts';
import { cutHtml } from './cut-text.ts';
import { icEvidenceSection } from './ic-evidence.ts';
import { managerChoiceSection } from './manager-choice.ts';
import { officialRunsSection } from './official-runs.ts';
import { ATTEMPT_PAGE_STYLE } from './style.ts';
import { trajectorySection } from './trajectory.ts';

/** Characters of the issue shown; official issues can carry long logs. */
const ISSUE_CHARS = 30_000;

export function renderAttemptHtml(view: AttemptView): string {
  const { result, task } = view;
  const title = task?.title ?? result.taskId;
  const back =
    view.indexHref === undefined
      ? ''
      : `<p class="back"><a href="${escapeHtml(view.indexHref)}">← report</a></p>`;
  const sections = [
    header(view),
    issueSection(view),
    infraSection(view),
    managerChoiceSection(view),
    icEvidenceSection(view),
    officialRunsSection(view),
    diffSection(view),
    trajectorySection(view),
    agentLogSection(view),
    userToolSection(view),
    filesSection(view),
  ];
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${result.taskId} · ${result.agentLabel} #${result.attemptIndex}`)}</title>`,
    `<style>${ATTEMPT_PAGE_STYLE}</style></head><body>`,
    back,
    `<h1>${escapeHtml(title)}</h1>`,
    ...sections.filter((section) => section !== ''),
    '</body></html>',
    '',
  ].join('\n');
}

function header(view: AttemptView): string {
  const { result, task } = view;
  const facts: [string, string][] = [
    [
      'task',
      `<code>${escapeHtml(result.taskId)}</code>${task ? ` · ${escapeHtml(KIND_LABELS[task.kind] ?? task.kind)}` : ''}`,
    ],
    ['agent', `${escapeHtml(result.agentLabel)} · attempt ${result.attemptIndex}`],
    ['status', `<span class="badge ${result.status}">${result.status}</span>`],
    ['earned', `${usd(result.earnedUsd)} of ${usd(result.priceUsd)}`],
  ];
  if (result.partialCredit !== undefined) {
    facts.push([
      'partial credit',
      `${(result.partialCredit * 100).toFixed(0)}% of hidden tests (not earned)`,
    ]);
  }
  if (result.model !== undefined) facts.push(['model', escapeHtml(result.model)]);
  facts.push(
    ['started', escapeHtml(result.startedAt)],
    ['time', escapeHtml(timings(result.durationMs, result.details))],
    ['tokens', escapeHtml(tokens(result.usage))],
    [
      'cost',
      result.costUsd === null
        ? 'unknown (the harness cannot see what this agent spent)'
        : escapeHtml(usd4(result.costUsd)),
    ],
    ['infra retries', String(result.infraRetries)],
    ['key', `<code>${escapeHtml(result.key)}</code>`],
  );
  const list = facts.map(([name, value]) => `<dt>${name}</dt><dd>${value}</dd>`).join('');
  return `<p class="explanation">${escapeHtml(result.explanation)}</p><dl class="facts">${list}</dl>`;
}

function issueSection(view: AttemptView): string {
  const issue = view.text?.issue;
  const prompt = hrefOf(view, 'prompt.md') ?? hrefOf(view, 'llm-prompt.md');
  const promptLink = prompt
    ? `<p class="files"><a href="${escapeHtml(prompt)}">the prompt the agent read</a></p>`
    : '';
  if (issue === undefined) {
    return promptLink === '' ? '' : `<section id="issue"><h2>The issue</h2>${promptLink}</section>`;
  }
  return `<section id="issue"><h2>The issue</h2>${promptLink}<details class="issue"><summary>${escapeHtml(firstLine(issue))}</summary><pre>${cutHtml(issue, ISSUE_CHARS, 'the task')}</pre></details></section>`;
}

/** Infrastructure errors, final or retried: their causes, apart from the agent's failures. */
function infraSection(view: AttemptView): string {
  const details = view.result.details;
  const final = isJsonObject(details) && Array.isArray(details.errors) ? details.errors : [];
  const retried =
    isJsonObject(details) && Array.isArray(details.infraErrors) ? details.infraErrors : [];
  const errors = [...(view.result.status === 'infra_error' ? final : []), ...retried];
  if (errors.length === 0) return '';
  const code =
    isJsonObject(details) && typeof details.code === 'string' ? ` (${details.code})` : '';
  const items = errors
    .map((error, i) => `<li>try ${i + 1}: ${escapeHtml(String(error))}</li>`)
    .join('');
  const what =
    view.result.status === 'infra_error'
      ? `Infrastructure failed on every try${code}; this attempt is not scored.`
      : 'Infrastructure failed before the try that counted; those tries are not scored.';
  return `<section id="infra"><h2>Infrastructure errors</h2><p class="note">${escapeHtml(what)}</p><ul class="errors">${items}</ul></section>`;
}

/** Every artifact the attempt recorded, linked: what the sections above do not show. */
function filesSection(view: AttemptView): string {
  const names = Object.keys(view.result.artifacts).sort();
  if (names.length === 0) return '';
  const items = names
    .map(
      (name) =>
        `<li><a href="${escapeHtml(hrefOf(view, name) ?? '')}">${escapeHtml(name)}</a></li>`,
    )
    .join('');
  return `<section id="files"><h2>All files of this attempt</h2><ul>${items}</ul></section>`;
}

/** The issue's first line, for its folded summary: usually its title. */
function firstLine(issue: string): string {
  const line =
    issue
      .trim()
      .split('\n')[0]
      ?.replace(/^#+\s*/, '') ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line || 'issue text';
}

function timings(durationMs: number, details: JsonValue): string {
  const parts = [`${seconds(durationMs)} in all`];
  const durations =
    isJsonObject(details) && isJsonObject(details.durations) ? details.durations : {};
  for (const [name, label] of [
    ['setupMs', 'setup'],
    ['agentMs', 'agent'],
    ['gradeMs', 'grading'],
  ] as const) {
    const value = durations[name];
    if (typeof value === 'number') parts.push(`${label} ${seconds(value)}`);
  }
  return parts.join(' · ');
}

function seconds(ms: number): string {
  return ms < 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.round(ms / 1000).toLocaleString('en-US')} s`;
}

function tokens(usage: Usage): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const total = usage.inputTokens + usage.outputTokens;
  if (total === 0) return 'none';
  return `${n(usage.inputTokens)} in (${n(usage.cachedInputTokens)} cached) · ${n(usage.outputTokens)} out (${n(usage.reasoningTokens)} reasoning)`;
}

function usd4(value: number): string {
  return value === 0 || value >= 1 ? usd(value) : `$${value.toFixed(4)}`;
}
