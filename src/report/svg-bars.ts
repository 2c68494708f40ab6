/**
 * Horizontal bar charts as inline SVG: earned over available per group. Hand-written because
 * the chart is a handful of rectangles; a charting library would add megabytes to draw them.
 */
import type { GroupSummary } from '../metrics/types.ts';
import { pct, usd } from './format.ts';
import { escapeHtml } from './html-escape.ts';

const LABEL_WIDTH = 230;
const BAR_WIDTH = 360;
const VALUE_WIDTH = 210;
const ROW = 26;

/**
 * One row per group: a grey bar for available dollars, a filled bar for earned dollars.
 * `scaleUsd` is the dollar amount of a full-width bar: pass the same value to every chart
 * of a report so agents compare at a glance. @default the largest group's available dollars
 */
export function earningsBars(
  groups: readonly GroupSummary[],
  title: string,
  scaleUsd?: number,
): string {
  const max = Math.max(1, scaleUsd ?? 0, ...groups.map((group) => group.availableUsd));
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const height = groups.length * ROW + 8;
  const rows = groups.map((group, i) => {
    const y = i * ROW + 4;
    const available = (group.availableUsd / max) * BAR_WIDTH;
    const earned = (group.earnedUsd / max) * BAR_WIDTH;
    const value = `${usd(group.earnedUsd)} of ${usd(group.availableUsd)} (${pct(group.earnRate)})`;
    return [
      `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(group.label)}</text>`,
      `<rect class="available" x="${LABEL_WIDTH}" y="${y}" width="${round(available)}" height="18" rx="2"/>`,
      `<rect class="earned" x="${LABEL_WIDTH}" y="${y}" width="${round(earned)}" height="18" rx="2"><title>${escapeHtml(value)}</title></rect>`,
      `<text x="${LABEL_WIDTH + BAR_WIDTH + 8}" y="${y + 15}">${escapeHtml(value)}</text>`,
    ].join('');
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" ` +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${rows.join('')}</svg>`
  );
}

function round(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}
