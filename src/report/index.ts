/**
 * Renderers: each turns one RunReport into text. Reports are always re-rendered from the
 * store's rows; nothing here runs or grades anything.
 */
import type { RunReport } from '../metrics/types.ts';
import { type CsvMode, renderCsv } from './csv.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import { renderTerminal } from './terminal.ts';

export interface RenderOptions {
  /** ANSI colours in terminal output. @default false */
  color?: boolean;
  /** CSV rows: one per attempt or one per agent × group. @default 'attempts' */
  csv?: CsvMode;
}

export const RENDERERS = {
  terminal: (report: RunReport, options: RenderOptions) =>
    renderTerminal(report, { color: options.color }),
  json: (report: RunReport) => renderJson(report),
  markdown: (report: RunReport) => renderMarkdown(report),
  csv: (report: RunReport, options: RenderOptions) => renderCsv(report, { mode: options.csv }),
  html: (report: RunReport) => renderHtml(report),
} as const;

export type ReportFormat = keyof typeof RENDERERS;
export const REPORT_FORMATS = Object.keys(RENDERERS) as ReportFormat[];

/**
 * The report as text. HTML comes as a promise (its charts are drawn by Vega, whose renderer
 * is asynchronous); every other format is a plain string.
 */
export function renderReport(
  report: RunReport,
  format: 'html',
  options?: RenderOptions,
): Promise<string>;
export function renderReport(
  report: RunReport,
  format: Exclude<ReportFormat, 'html'>,
  options?: RenderOptions,
): string;
export function renderReport(
  report: RunReport,
  format: ReportFormat,
  options?: RenderOptions,
): string | Promise<string>;
export function renderReport(
  report: RunReport,
  format: ReportFormat,
  options: RenderOptions = {},
): string | Promise<string> {
  return RENDERERS[format](report, options);
}

export {
  type AttemptPageOptions,
  renderAttemptPage,
  writeAttemptPages,
} from './attempt-page/index.ts';
export { CSV_MODES, type CsvMode, renderCsv } from './csv.ts';
export { renderHtml } from './html.ts';
export { renderJson } from './json.ts';
export { renderMarkdown } from './markdown.ts';
export { type RunForReport, readRunForReport } from './read-run.ts';
export { renderTerminal, type TerminalOptions } from './terminal.ts';
