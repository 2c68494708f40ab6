/**
 * The built-in agent's trajectory (`trajectory.json`, docs/models.md), one row per model
 * call: what the assistant said, the tools it called, what came back, each cut to
 * SHOWN_CHARS; then how it ended (a `limit` attempt says which limit fired).
 */
import { z } from 'zod';
import { escapeHtml } from '../html-escape.ts';
import { type AttemptView, hrefOf, readArtifact } from './attempt-view.ts';
import { cutHtml } from './cut-text.ts';

/** The fields a page shows, checked leniently: other fields may come and go. */
const stepSchema = z.object({
  index: z.number(),
  latencyMs: z.number().optional(),
  retries: z.number().optional(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }).loose().optional(),
  costUsd: z.number().nullable().optional(),
  stopReason: z.string().optional(),
  assistant: z.object({
    text: z.string(),
    toolCalls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })),
  }),
  toolResults: z.array(
    z.object({
      toolCallId: z.string(),
      name: z.string(),
      output: z.string(),
      isError: z.boolean(),
    }),
  ),
  notes: z.array(z.string()).optional(),
});
const trajectorySchema = z.object({
  format: z.string(),
  model: z.object({ label: z.string() }).loose().optional(),
  steps: z.array(stepSchema),
  outcome: z
    .object({ status: z.string(), reason: z.string().nullable().optional() })
    .loose()
    .optional()
    .nullable(),
});
export type TrajectoryForPage = z.infer<typeof trajectorySchema>;
type Step = z.infer<typeof stepSchema>;

const WHOLE = 'trajectory.json';

export function trajectorySection(view: AttemptView): string {
  const text = readArtifact(view, WHOLE);
  if (text === undefined) return '';
  const links = [WHOLE, 'llm-prompt.md']
    .flatMap((name) => {
      const href = hrefOf(view, name);
      return href === undefined ? [] : [`<a href="${escapeHtml(href)}">${escapeHtml(name)}</a>`];
    })
    .join(' · ');
  let parsed: TrajectoryForPage;
  try {
    parsed = trajectorySchema.parse(JSON.parse(text));
  } catch (error) {
    const why = error instanceof Error ? error.message.slice(0, 500) : String(error);
    return `<section id="trajectory"><h2>Trajectory</h2><p class="files">${links}</p><p class="note">${escapeHtml(`${WHOLE}: expected a trajectory (docs/models.md), found ${why}`)}</p></section>`;
  }
  return `<section id="trajectory"><h2>Trajectory</h2><p class="files">${links}</p>${renderTrajectory(parsed)}</section>`;
}

/** The steps as table rows (one per step) and the outcome. */
export function renderTrajectory(trajectory: TrajectoryForPage): string {
  const rows = trajectory.steps.map(stepRow).join('\n');
  const outcome = trajectory.outcome;
  const end = outcome
    ? `<p class="outcome"><span class="badge ${escapeHtml(outcome.status)}">${escapeHtml(outcome.status)}</span>${outcome.reason ? ` <span class="reason">${escapeHtml(outcome.reason)}</span>` : ''}</p>`
    : '<p class="note">The trajectory has no outcome: the attempt was cut off while it ran.</p>';
  const count = `<p class="muted">${trajectory.steps.length} step(s)</p>`;
  return `${count}<table class="steps"><thead><tr><th>#</th><th>assistant</th><th>tool calls and results</th></tr></thead><tbody>\n${rows}\n</tbody></table>${end}`;
}

function stepRow(step: Step): string {
  const meta = [
    step.latencyMs === undefined ? undefined : `${(step.latencyMs / 1000).toFixed(1)} s`,
    step.usage
      ? `${step.usage.inputTokens.toLocaleString('en-US')} in / ${step.usage.outputTokens.toLocaleString('en-US')} out`
      : undefined,
    step.costUsd === undefined
      ? undefined
      : step.costUsd === null
        ? 'cost unknown'
        : `$${step.costUsd.toFixed(4)}`,
    step.retries ? `${step.retries} retr${step.retries === 1 ? 'y' : 'ies'}` : undefined,
  ].filter((part) => part !== undefined);
  const said = step.assistant.text
    ? `<pre class="said">${cutHtml(step.assistant.text, undefined, WHOLE)}</pre>`
    : '<span class="muted">(no text)</span>';
  const notes = (step.notes ?? [])
    .map((note) => `<p class="harness-note">harness: ${cutHtml(note, undefined, WHOLE)}</p>`)
    .join('');
  const calls = step.assistant.toolCalls.map((call) => {
    const result = step.toolResults.find((r) => r.toolCallId === call.id);
    const output = result
      ? `<pre class="tool-result${result.isError ? ' tool-error' : ''}">${cutHtml(result.output, undefined, WHOLE)}</pre>`
      : '<p class="muted">(no result)</p>';
    return `<div class="call"><code class="tool">${escapeHtml(call.name)}</code><pre class="args">${cutHtml(call.arguments, undefined, WHOLE)}</pre>${output}</div>`;
  });
  const acted = calls.length > 0 ? calls.join('') : '<span class="muted">(no tool call)</span>';
  return `<tr class="step"><td class="n">${step.index}<div class="muted">${escapeHtml(meta.join(' · '))}</div></td><td>${said}${notes}</td><td>${acted}</td></tr>`;
}
