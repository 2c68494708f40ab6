/**
 * One self-contained HTML file: inline CSS and SVG, no scripts, fonts or images from
 * anywhere, so it can be attached to a ticket or opened offline.
 */
import type { RunReport } from '../metrics/types.ts';
import { comparisonSections } from './comparison-sections.ts';
import { caveats, headline } from './format.ts';
import { escapeHtml } from './html-escape.ts';
import { runConditions, runTitle } from './run-title.ts';
import { reportSections, type Section } from './sections.ts';
import { earningsBars } from './svg-bars.ts';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem;margin-bottom:.2rem}.sub{color:#656d76;margin-top:0}
.headline{font-size:1.1rem;font-weight:600;margin:.3rem 0}
.note{color:#656d76;margin:.2rem 0 .5rem}.caveat{background:#fff8c5;border:1px solid #d4a72c66;padding:.4rem .7rem;border-radius:6px;margin:.3rem 0}
table{border-collapse:collapse;margin:.3rem 0 1.2rem;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid #d0d7de;padding:.25rem .6rem;text-align:left}th{background:#f6f8fa}
td.r,th.r{text-align:right}
svg text{font:12px system-ui,sans-serif;fill:#1f2328}svg rect.available{fill:#d0d7de}svg rect.earned{fill:#1a7f37}
`;

export function renderHtml(report: RunReport): string {
  const body: string[] = [
    '<h1>swelancer report</h1>',
    `<p class="sub">${escapeHtml(runTitle(report))}</p>`,
  ];
  if (report.attempts.length === 0) {
    body.push('<p>No attempt has a result yet: nothing to report.</p>');
    for (const note of caveats(report)) body.push(`<p class="caveat">${escapeHtml(note)}</p>`);
    for (const section of reportSections(report)) body.push(table(section));
  } else {
    // What was asked for first: a comparison, when there is one, comes before the details.
    for (const section of comparisonSections(report)) body.push(table(section));
    for (const agent of report.agents) {
      const line = headline(agent, report.options.confidence);
      body.push(`<p class="headline">${escapeHtml(line)}</p>`);
    }
    for (const condition of runConditions(report)) {
      body.push(`<p class="note">${escapeHtml(condition)}</p>`);
    }
    for (const note of caveats(report)) body.push(`<p class="caveat">${escapeHtml(note)}</p>`);
    body.push(...charts(report));
    for (const section of reportSections(report)) body.push(table(section));
  }
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>swelancer report · ${escapeHtml(report.run.name)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}

/** Earnings by category per agent (the paper's Table 2 as bars). */
function charts(report: RunReport): string[] {
  const byAgent = report.agents.map((agent) => ({
    agent: agent.agent,
    groups: agent.breakdowns.find((b) => b.dimension === 'category')?.groups ?? [],
  }));
  const scale = Math.max(0, ...byAgent.flatMap((entry) => entry.groups.map((g) => g.availableUsd)));
  const out: string[] = [];
  for (const { agent, groups } of byAgent) {
    if (groups.length === 0) continue;
    const title = `${agent}: earnings by category`;
    out.push(`<h2>${escapeHtml(title)}</h2>`, earningsBars(groups, title, scale));
  }
  return out;
}

function table(section: Section): string {
  if (section.line !== undefined) {
    return `<p><strong>${escapeHtml(section.title)}:</strong> ${escapeHtml(section.line)}</p>`;
  }
  if (section.rows.length === 0) return '';
  const cls = (align: string | undefined) => (align === 'right' ? ' class="r"' : '');
  const head = section.columns
    .map((column) => `<th${cls(column.align)}>${escapeHtml(column.header)}</th>`)
    .join('');
  const rows = section.rows
    .map(
      (cells) =>
        `<tr>${cells
          .map((cell, i) => `<td${cls(section.columns[i]?.align)}>${escapeHtml(cell)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const note = section.note ? `<p class="note">${escapeHtml(section.note)}</p>` : '';
  return `<h2>${escapeHtml(section.title)}</h2>${note}<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}
