/**
 * Grading in the official image: no Playwright report, but up to `test-runs` runs of the
 * image's pytest playbook (`run-<n>/`, and `control/run-<n>/` for a control grading on the
 * clean broken state), each with its playbook output, `pytest.log` and the dev server's log.
 * The end of pytest.log holds the failures and the summary line, so that is what is shown.
 */
import { escapeHtml } from '../html-escape.ts';
import { type AttemptView, hrefOf, readArtifact } from './attempt-view.ts';

/** Lines from the end of each pytest.log shown on the page. */
export const PYTEST_TAIL_LINES = 40;

const RUN_FOLDER = /^((?:control\/)?run-\d+)\/pytest\.log$/;

export function officialRunsSection(view: AttemptView): string {
  const runs = Object.keys(view.result.artifacts)
    .map((name) => RUN_FOLDER.exec(name)?.[1])
    .filter((folder): folder is string => folder !== undefined)
    .sort();
  if (runs.length === 0) return '';
  const blocks = runs.map((folder) => runBlock(view, folder)).join('');
  return `<section id="grading"><h2>Hidden tests (official image)</h2>${blocks}</section>`;
}

function runBlock(view: AttemptView, folder: string): string {
  const links = ['pytest.log', 'playbook.log', 'npm_run_dev.log']
    .flatMap((file) => {
      const href = hrefOf(view, `${folder}/${file}`);
      return href === undefined ? [] : [`<a href="${escapeHtml(href)}">${file}</a>`];
    })
    .join(' · ');
  const log = readArtifact(view, `${folder}/pytest.log`) ?? '';
  const lines = log.replace(/\s+$/, '').split('\n');
  const tail = lines.slice(-PYTEST_TAIL_LINES);
  const skipped =
    lines.length > tail.length
      ? `<p class="muted">the last ${tail.length} of ${lines.length} lines</p>`
      : '';
  const title = folder.startsWith('control/')
    ? `control grading (clean broken state), ${folder.slice('control/'.length)}`
    : folder;
  return `<h3>${escapeHtml(title)}</h3><p class="files">${links}</p>${skipped}<pre class="log">${escapeHtml(tail.join('\n'))}</pre>`;
}
