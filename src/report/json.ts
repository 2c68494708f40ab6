/** The RunReport as is: the stable, documented shape programs read (docs/reports.md). */
import type { RunReport } from '../metrics/types.ts';

export function renderJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
