/**
 * The pages of `swelancer view` around the reports: the list of runs, and the small script
 * that reloads a page once its run changes (it polls `live.json`, a change token).
 */
import { escapeHtml } from '../report/html-escape.ts';
import { formatUsd } from '../runner/summary.ts';
import type { RunSummary } from './runs.ts';

/** How often pages ask whether their run changed: well within the promised 5 s. */
export const POLL_MS = 2000;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}.note{color:#656d76}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid #d0d7de;padding:.25rem .6rem;text-align:left}th{background:#f6f8fa}td.r{text-align:right}
.status{font-weight:600}.running{color:#0969da}.finished{color:#1a7f37}.stale,.unreadable{color:#cf222e}.interrupted{color:#9a6700}
`;

/** The list of runs: each links to its report. */
export function runListPage(root: string, runs: readonly RunSummary[], token: string): string {
  const rows = runs.map((run) => {
    const progress = run.total > 0 ? `${run.done}/${run.total}` : '';
    const earned =
      run.status === 'unreadable'
        ? ''
        : `${formatUsd(run.earnedUsd)} of ${formatUsd(run.attemptedUsd)}`;
    const flying = run.inFlight > 0 ? String(run.inFlight) : '';
    const status = run.problem ? `${run.status}: ${run.problem}` : run.status;
    return (
      `<tr><td><a href="runs/${encodeURIComponent(run.name)}/">${escapeHtml(run.name)}</a></td>` +
      `<td class="status ${run.status}">${escapeHtml(status)}</td>` +
      `<td class="r">${progress}</td><td class="r">${flying}</td><td class="r">${earned}</td></tr>`
    );
  });
  const table =
    runs.length === 0
      ? `<p>No run directory here yet: runs appear once <code>swelancer run … --run-dir ${escapeHtml(root)}/&lt;name&gt;</code> creates them.</p>`
      : '<table><thead><tr><th>run</th><th>status</th><th>attempts</th><th>in flight</th><th>earned</th></tr></thead>' +
        `<tbody>\n${rows.join('\n')}\n</tbody></table>`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>swelancer runs · ${escapeHtml(root)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    '<h1>swelancer runs</h1>',
    `<p class="note">${escapeHtml(root)} · stale: no runner holds the run but attempts are noted in flight (it was killed); <code>swelancer run --resume</code> runs them again.</p>`,
    table,
    liveScript(token),
    '</body></html>',
    '',
  ].join('\n');
}

/** A report page with the reload script added at the end of its body. */
export function withLiveReload(html: string, token: string): string {
  const script = liveScript(token);
  const end = html.lastIndexOf('</body>');
  return end < 0 ? `${html}${script}\n` : `${html.slice(0, end)}${script}\n${html.slice(end)}`;
}

/**
 * Reloads the page when `live.json` (beside it) gives another token. Hand-written, no
 * network but the page's own server; the page reads the same without it.
 */
function liveScript(token: string): string {
  return `<script>(()=>{const seen=${JSON.stringify(token)};setInterval(async()=>{try{const r=await fetch('live.json',{cache:'no-store'});const {token}=await r.json();if(token!==seen)location.reload();}catch{}},${POLL_MS});})();</script>`;
}
