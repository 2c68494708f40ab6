/**
 * IC grading evidence: each hidden test's verdict with the start of its assertion error, the
 * failure screenshots as images, and links to the trace, the error context and the whole
 * grading output. Playwright names its files by where the tests ran (inside the sandbox);
 * the grader copied them to `grade/<test folder>/…`, which is what the page links.
 */
import { parsePlaywrightReport, type TestOutcome } from '../../grader/ic/playwright-report.ts';
import { escapeHtml } from '../html-escape.ts';
import { type AttemptView, commandPathOf, hrefOf, readArtifact } from './attempt-view.ts';
import { firstLines } from './cut-text.ts';

/** Lines of an assertion error shown per test; the rest is in grade-output.txt. */
export const ERROR_LINES = 20;

/** Playwright's output folder inside the sandbox, before a test's own folder. */
const RESULTS_FOLDER = '/test-results/';

export function icEvidenceSection(view: AttemptView): string {
  const reportText = readArtifact(view, 'test-report.json');
  const links = fileLinks(view, ['grade-output.txt', 'test-report.json']);
  if (reportText === undefined) {
    if (links === '') return '';
    return section('<p class="note">No test report was recorded for this attempt.</p>', links);
  }
  const parsed = parsePlaywrightReport(reportText);
  if (!parsed.ok) {
    return section(`<p class="note">${escapeHtml(parsed.reason)}</p>`, links);
  }
  const { report } = parsed;
  // Playwright's own output names files where the tests ran, and its show-trace hint fails
  // on the host: the links and commands here name the run directory's copies.
  const kept = report.tests.some((test) => test.attachments.length > 0);
  const sandboxNote = kept
    ? '<p class="muted">Paths printed in grade-output.txt are inside the grading sandbox; the links and trace commands below name the copies in the run directory.</p>'
    : '';
  const summary = `${report.passed} of ${report.total} hidden test(s) passed`;
  const errors = report.errors.map((error) => errorBlock(error)).join('');
  const tests = report.tests.map((test) => testBlock(view, test)).join('\n');
  return section(
    `${sandboxNote}<p><strong>${escapeHtml(summary)}</strong></p>${errors}<ol class="tests">${tests}</ol>`,
    links,
  );
}

function section(body: string, links: string): string {
  return `<section id="grading"><h2>Hidden tests</h2>${links}${body}</section>`;
}

function testBlock(view: AttemptView, test: TestOutcome): string {
  const passed = test.status === 'expected';
  const verdict = passed ? 'passed' : test.status === 'skipped' ? 'skipped' : 'failed';
  const head =
    `<span class="badge ${verdict}">${verdict}</span> ` +
    `<span class="test-name">${escapeHtml(test.id)}</span> ` +
    `<span class="muted">${(test.durationMs / 1000).toFixed(1)} s</span>`;
  const parts = [`<div class="test-head">${head}</div>`];
  if (test.error !== undefined) parts.push(errorBlock(test.error));
  parts.push(attachmentsBlock(view, test));
  return `<li class="test ${verdict}">${parts.join('')}</li>`;
}

function errorBlock(error: string): string {
  const { lines, omitted } = firstLines(error, ERROR_LINES);
  const more =
    omitted > 0 ? `<p class="muted">${omitted} more line(s) in grade-output.txt</p>` : '';
  return `<pre class="error">${escapeHtml(lines.join('\n'))}</pre>${more}`;
}

function attachmentsBlock(view: AttemptView, test: TestOutcome): string {
  const images: string[] = [];
  const links: string[] = [];
  for (const attachment of test.attachments) {
    const name = artifactNameOf(attachment.path);
    const href = name === undefined ? undefined : hrefOf(view, name);
    if (name === undefined || href === undefined) continue;
    if (attachment.contentType.startsWith('image/')) {
      images.push(
        `<a href="${escapeHtml(href)}"><img class="shot" src="${escapeHtml(href)}" loading="lazy" alt="${escapeHtml(`${attachment.name} of ${test.id}`)}"></a>`,
      );
    } else if (attachment.name === 'trace') {
      const command = traceCommand(view, name);
      links.push(
        `<a href="${escapeHtml(href)}">trace.zip</a>` +
          (command ? ` <code class="command">${escapeHtml(command)}</code>` : ''),
      );
    } else {
      links.push(`<a href="${escapeHtml(href)}">${escapeHtml(lastSegment(name))}</a>`);
    }
  }
  const list =
    links.length > 0
      ? `<ul class="evidence">${links.map((l) => `<li>${l}</li>`).join('')}</ul>`
      : '';
  return `${list}${images.join('')}`;
}

/**
 * The shell command that opens a trace in Playwright's viewer, run from where the report
 * was made (the repository root, usually): its path names the copy in the run directory,
 * not the sandbox path Playwright printed.
 */
export function traceCommand(view: AttemptView, name: string): string | undefined {
  const path = commandPathOf(view, name);
  return path === undefined ? undefined : `npx playwright show-trace ${shellQuote(path)}`;
}

/** `grade/<test folder>/<file>` for a file Playwright wrote under its test-results folder. */
export function artifactNameOf(sandboxPath: string): string | undefined {
  const at = sandboxPath.lastIndexOf(RESULTS_FOLDER);
  if (at < 0) return undefined;
  return `grade/${sandboxPath.slice(at + RESULTS_FOLDER.length)}`;
}

function fileLinks(view: AttemptView, names: string[]): string {
  const items = names.flatMap((name) => {
    const href = hrefOf(view, name);
    return href === undefined ? [] : [`<a href="${escapeHtml(href)}">${escapeHtml(name)}</a>`];
  });
  return items.length === 0 ? '' : `<p class="files">${items.join(' · ')}</p>`;
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function shellQuote(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
