/**
 * What the agent left besides a trajectory: a CLI agent's transcript (`agent-output.txt`)
 * and an IC attempt's diff (`agent.diff`), each shown in part and linked whole.
 */

import { isJsonObject } from '../../util/json.ts';
import { escapeHtml } from '../html-escape.ts';
import { type AttemptView, hrefOf, readArtifact } from './attempt-view.ts';
import { cutHtml } from './cut-text.ts';
import { renderDiff } from './diff.ts';

/** Characters of a CLI agent's output shown; its head and tail say the most. */
const LOG_CHARS = 20_000;

export function agentLogSection(view: AttemptView): string {
  const text = readArtifact(view, 'agent-output.txt');
  const href = hrefOf(view, 'agent-output.txt');
  if (text === undefined || href === undefined) return '';
  return `<section id="agent-log"><h2>Agent transcript</h2><p class="files"><a href="${escapeHtml(href)}">agent-output.txt</a></p><pre class="log">${cutHtml(text, LOG_CHARS, 'agent-output.txt')}</pre></section>`;
}

/** Screenshots the agent's user tool took (`user-tool/<n>/*.png`), run by run. */
export function userToolSection(view: AttemptView): string {
  const shots = Object.keys(view.result.artifacts)
    .filter((name) => /^user-tool\/\d+\/.+\.(png|jpe?g)$/.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (shots.length === 0) return '';
  const images = shots.map((name) => {
    const href = escapeHtml(hrefOf(view, name) ?? '');
    return `<figure><a href="${href}"><img class="shot" src="${href}" loading="lazy" alt="${escapeHtml(name)}"></a><figcaption class="muted">${escapeHtml(name)}</figcaption></figure>`;
  });
  return `<section id="user-tool"><h2>What the agent saw with the user tool</h2>${images.join('')}</section>`;
}

export function diffSection(view: AttemptView): string {
  const patch = readArtifact(view, 'agent.diff');
  const href = hrefOf(view, 'agent.diff');
  if (patch === undefined || href === undefined) return '';
  const link = `<p class="files"><a href="${escapeHtml(href)}">agent.diff</a></p>`;
  const dropped = droppedFiles(view);
  const droppedNote =
    dropped.length > 0
      ? `<p class="note">Left out of the graded diff: ${dropped.map((d) => `<code>${escapeHtml(d.path)}</code> (${escapeHtml(d.reason)})`).join(', ')}</p>`
      : '';
  const body =
    patch.trim() === '' ? '<p class="muted">The agent changed nothing.</p>' : renderDiff(patch);
  return `<section id="diff"><h2>The agent's diff</h2>${link}${droppedNote}${body}</section>`;
}

/** `details.diff.dropped` of an IC result: changes the diff filter removed, and why. */
function droppedFiles(view: AttemptView): { path: string; reason: string }[] {
  const details = view.result.details;
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return [];
  const diff = details.diff;
  if (!isJsonObject(diff)) return [];
  const dropped = diff.dropped;
  if (!Array.isArray(dropped)) return [];
  return dropped.flatMap((entry) =>
    isJsonObject(entry) ? [{ path: String(entry.path), reason: String(entry.reason) }] : [],
  );
}
