/** The report people read in a terminal: headline first, then aligned tables. */
import { styleText } from 'node:util';
import type { RunReport } from '../metrics/types.ts';
import { caveats, headline } from './format.ts';
import { runConditions, runTitle } from './run-title.ts';
import { reportSections } from './sections.ts';
import { textTable } from './table.ts';

export interface TerminalOptions {
  /** Use ANSI colours; the CLI turns them on only for a TTY without NO_COLOR. @default false */
  color?: boolean;
}

export function renderTerminal(report: RunReport, options: TerminalOptions = {}): string {
  const paint = (format: Parameters<typeof styleText>[0], text: string) =>
    options.color ? styleText(format, text, { validateStream: false }) : text;
  const lines: string[] = [];
  lines.push(paint('dim', `swelancer report · ${runTitle(report)}`));
  if (report.attempts.length === 0) {
    lines.push('No attempt has a result yet: nothing to report.');
    return `${lines.join('\n')}\n`;
  }
  for (const agent of report.agents) {
    const line = headline(agent, report.options.confidence);
    const rate = agent.summary.earnRate ?? 0;
    lines.push(paint(['bold', rate >= 0.5 ? 'green' : rate > 0 ? 'yellow' : 'red'], line));
  }
  // The headline first; then what the agents worked from, then what is left out.
  for (const condition of runConditions(report)) lines.push(paint('dim', condition));
  for (const note of caveats(report)) lines.push(paint('yellow', `! ${note}`));
  for (const section of reportSections(report)) {
    if (section.rows.length === 0) continue;
    lines.push('', paint('bold', section.title));
    if (section.note) lines.push(paint('dim', section.note));
    const [header, ...body] = textTable(section.columns, section.rows);
    lines.push(paint('underline', header ?? ''), ...body);
  }
  return `${lines.join('\n')}\n`;
}
