/** Markdown for a PR comment or a README: the same tables as the terminal, in GFM. */
import type { RunReport } from '../metrics/types.ts';
import { comparisonSections } from './comparison-sections.ts';
import { caveats, headline } from './format.ts';
import { runConditions, runTitle } from './run-title.ts';
import { reportSections, type Section } from './sections.ts';

export function renderMarkdown(report: RunReport): string {
  const out: string[] = ['## swelancer report', '', `_${escapeMd(runTitle(report))}_`, ''];
  const section = (s: Section) => {
    if (s.line !== undefined) {
      out.push('', `**${escapeMd(s.title)}:** ${escapeMd(s.line)}`);
      return;
    }
    if (s.rows.length === 0) return;
    out.push('', `### ${s.title}`, '');
    if (s.note) out.push(escapeMd(s.note), '');
    out.push(row(s.columns.map((column) => column.header)));
    out.push(row(s.columns.map((column) => (column.align === 'right' ? '---:' : '---'))));
    for (const cells of s.rows) out.push(row(cells));
  };
  if (report.attempts.length === 0) {
    out.push('No attempt has a result yet: nothing to report.');
    for (const note of caveats(report)) out.push('', `> ⚠️ ${escapeMd(note)}`);
    for (const s of reportSections(report)) section(s);
    out.push('');
    return out.join('\n');
  }
  const comparisons = comparisonSections(report);
  for (const s of comparisons) section(s);
  if (comparisons.length > 0) out.push('');
  for (const agent of report.agents) {
    out.push(`- **${escapeMd(headline(agent, report.options.confidence))}**`);
  }
  const conditions = runConditions(report);
  if (conditions.length > 0) out.push('', ...conditions.map((c) => `_${escapeMd(c)}_  `));
  const notes = caveats(report);
  if (notes.length > 0) out.push('', ...notes.map((note) => `> ⚠️ ${escapeMd(note)}`));
  for (const s of reportSections(report)) section(s);
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
