/**
 * The report people read in a terminal: headline first, then aligned tables, all within
 * `width` columns (long agent labels become letters with a legend; prose wraps; text
 * columns are cut before numbers are).
 */
import { styleText } from 'node:util';
import type { RunReport } from '../metrics/types.ts';
import { agentNames } from './agent-names.ts';
import { comparisonSections } from './comparison-sections.ts';
import { caveats, headline } from './format.ts';
import { runConditions, runTitle } from './run-title.ts';
import { reportSections, type Section } from './sections.ts';
import { textTable } from './table.ts';
import { wrapText } from './wrap.ts';

export interface TerminalOptions {
  /** Use ANSI colours; the CLI turns them on only for a TTY without NO_COLOR. @default false */
  color?: boolean;
  /** Columns every line fits in. @default 120 */
  width?: number;
}

export const TERMINAL_WIDTH = 120;

type Format = Parameters<typeof styleText>[0];

export function renderTerminal(report: RunReport, options: TerminalOptions = {}): string {
  const width = options.width ?? TERMINAL_WIDTH;
  const paint = (format: Format, text: string) =>
    options.color ? styleText(format, text, { validateStream: false }) : text;
  const lines: string[] = [];
  const prose = (format: Format, text: string, indent = '  ') => {
    for (const line of wrapText(text, width, indent)) lines.push(paint(format, line));
  };
  prose('dim', `swelancer report · ${runTitle(report)}`);
  const { name, legend } = agentNames(report);
  const section = (s: Section) => {
    if (s.line !== undefined) {
      lines.push('');
      prose('bold', `${s.title}: ${s.line}`);
      return;
    }
    if (s.rows.length === 0) return;
    lines.push('', paint('bold', s.title));
    if (s.note) prose('dim', s.note);
    const [header, ...body] = textTable(s.columns, s.rows, { maxWidth: width });
    lines.push(paint('underline', header ?? ''), ...body);
  };
  if (report.attempts.length === 0) {
    lines.push('No attempt has a result yet: nothing to report.');
    for (const note of caveats(report, name)) prose('yellow', `! ${note}`);
    for (const s of reportSections(report, { name })) section(s);
    return `${lines.join('\n')}\n`;
  }
  // What was asked for first: a comparison, when there is one, comes before the details.
  const comparisons = comparisonSections(report, { name });
  for (const s of comparisons) section(s);
  if (comparisons.length > 0) lines.push('');
  for (const agent of report.agents) {
    const rate = agent.summary.earnRate ?? 0;
    const format: Format = ['bold', rate >= 0.5 ? 'green' : rate > 0 ? 'yellow' : 'red'];
    prose(format, headline(agent, report.options.confidence, name));
  }
  for (const entry of legend) prose('dim', entry, '    ');
  // Then what the agents worked from, then what is left out.
  for (const condition of runConditions(report)) prose('dim', condition);
  for (const note of caveats(report, name)) prose('yellow', `! ${note}`);
  for (const s of reportSections(report, { name })) section(s);
  return `${lines.join('\n')}\n`;
}
