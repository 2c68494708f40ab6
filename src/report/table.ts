/** Plain-text tables with aligned columns (terminal output). */

export interface Column {
  header: string;
  /** Numbers read best right-aligned. @default 'left' */
  align?: 'left' | 'right';
}

const GAP = 2;
/** Text columns are never cut below this many characters. */
const MIN_TEXT = 10;

/**
 * Pads every cell to its column's width; widths come from the text itself (no colour codes).
 * With `maxWidth`, text columns (left-aligned: titles, labels) are cut with `…`, the widest
 * first, until the table fits; numbers are never cut.
 */
export function textTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  options: { maxWidth?: number } = {},
): string[] {
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const total = () => widths.reduce((sum, width) => sum + width, 0) + GAP * (widths.length - 1);
  const maxWidth = options.maxWidth ?? Number.POSITIVE_INFINITY;
  while (total() > maxWidth) {
    let widest = -1;
    columns.forEach((column, i) => {
      const width = widths[i] ?? 0;
      if (column.align !== 'right' && width > MIN_TEXT && width > (widths[widest] ?? 0)) {
        widest = i;
      }
    });
    if (widest < 0) break;
    const width = widths[widest] ?? 0;
    widths[widest] = Math.max(MIN_TEXT, width - (total() - maxWidth));
  }
  const line = (cells: readonly string[]) =>
    columns
      .map((column, i) => {
        const width = widths[i] ?? 0;
        const cell = cut(cells[i] ?? '', width);
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)];
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
