/**
 * One self-contained HTML file: the headline, charts drawn at report time, a task table that
 * filters, sorts and expands to every attempt, then the report's tables. Inline CSS, SVG and
 * one small script; no fonts, images or scripts from anywhere, so it can be attached to a
 * ticket or opened offline. Each attempt row links to its attempt page
 * (`attempts/<key>.html` beside the file, see attempt-links.ts).
 */
import type { RunReport } from '../metrics/types.ts';
import { comparisonSections } from './comparison-sections.ts';
import { caveats, headline } from './format.ts';
import { reportCharts } from './html/charts.ts';
import { sideBySideHtml } from './html/compare-side-by-side.ts';
import { pageAssets } from './html/page-assets.ts';
import { sectionHtml } from './html/section-table.ts';
import { tableData, taskTableHtml } from './html/task-table.ts';
import { escapeHtml } from './html-escape.ts';
import { runConditions, runTitle } from './run-title.ts';
import { reportSections } from './sections.ts';

export async function renderHtml(report: RunReport): Promise<string> {
  const body: string[] = [
    '<h1>swelancer report</h1>',
    `<p class="sub">${escapeHtml(runTitle(report))}</p>`,
  ];
  const caveatLines = caveats(report).map((note) => `<p class="caveat">! ${escapeHtml(note)}</p>`);
  let script = '';
  if (report.attempts.length === 0) {
    body.push('<p>No attempt has a result yet: nothing to report.</p>', ...caveatLines);
    for (const section of reportSections(report)) body.push(sectionHtml(section));
  } else {
    // What was asked for first: a comparison, when there is one, comes before the details.
    const comparisons = comparisonSections(report);
    if (comparisons.length > 0) {
      body.push('<section id="comparison"><h2>Comparison</h2>');
      for (const section of comparisons) body.push(sectionHtml(section));
      body.push(sideBySideHtml(report), '</section>');
    }
    body.push('<section id="headline">');
    for (const agent of report.agents) {
      body.push(
        `<p class="headline">${escapeHtml(headline(agent, report.options.confidence))}</p>`,
      );
    }
    for (const condition of runConditions(report)) {
      body.push(`<p class="note">${escapeHtml(condition)}</p>`);
    }
    body.push(...caveatLines, '</section>');
    body.push(
      '<nav><a href="#charts">Charts</a><a href="#task-list">Tasks and attempts</a><a href="#tables">Tables</a></nav>',
    );
    body.push('<section id="charts"><h2>Charts</h2><div class="charts">');
    for (const chart of await reportCharts(report)) {
      body.push(
        `<figure><figcaption>${escapeHtml(chart.title)}</figcaption>`,
        `<div role="img" aria-label="${escapeHtml(chart.title)}">${chart.svg}</div>`,
        chart.caveat ? `<p class="caveat">! ${escapeHtml(chart.caveat)}</p>` : '',
        '</figure>',
      );
    }
    body.push('</div></section>');
    body.push(
      '<section id="task-list"><h2>Tasks and attempts</h2>',
      taskTableHtml(report),
      '</section>',
    );
    body.push('<section id="tables"><h2>Tables</h2>');
    for (const section of reportSections(report)) body.push(sectionHtml(section));
    body.push('</section>');
    script =
      `<script type="application/json" id="report-data">${jsonForScript(tableData(report))}</script>\n` +
      `<script>${pageAssets().script}</script>`;
  }
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>swelancer report · ${escapeHtml(report.run.name)}</title>`,
    `<style>${pageAssets().style}</style></head><body>`,
    ...body,
    script,
    '</body></html>',
    '',
  ].join('\n');
}

/** JSON inside `<script>`: a `</script>` in a task title must not end the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
