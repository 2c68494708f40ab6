/** Markdown for a PR comment or a README: the same tables as the terminal, in GFM. */
import type { RunReport } from '../metrics/types.ts';
import { caveats, headline } from './format.ts';
import { runConditions, runTitle } from './run-title.ts';
import { reportSections } from './sections.ts';

export function renderMarkdown(report: RunReport): string {
  const out: string[] = ['## swelancer report', '', `_${escapeMd(runTitle(report))}_`, ''];
  if (report.attempts.length === 0) {
    out.push('No attempt has a result yet: nothing to report.', '');
    return out.join('\n');
  }
  for (const agent of report.agents) {
    out.push(`- **${escapeMd(headline(agent, report.options.confidence))}**`);
  }
  const conditions = runConditions(report);
  if (conditions.length > 0) out.push('', ...conditions.map((c) => `_${escapeMd(c)}_  `));
  const notes = caveats(report);
  if (notes.length > 0) out.push('', ...notes.map((note) => `> ⚠️ ${escapeMd(note)}`));
  for (const section of reportSections(report)) {
    if (section.rows.length === 0) continue;
    out.push('', `### ${section.title}`, '');
    if (section.note) out.push(escapeMd(section.note), '');
    out.push(row(section.columns.map((column) => column.header)));
    out.push(row(section.columns.map((column) => (column.align === 'right' ? '---:' : '---'))));
    for (const cells of section.rows) out.push(row(cells));
  }
  out.push('');
  return out.join('\n');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(escapeMd).join(' | ')} |`;
}

/** Pipes end a table cell and a few characters start markup; task titles contain both. */
function escapeMd(text: string): string {
  return text.replace(/[\\|*_`<>[\]]/g, (char) => `\\${char}`).replace(/\n/g, ' ');
}
