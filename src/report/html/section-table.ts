/** A report section (sections.ts) as an HTML table, or as one line when it says it all in one. */
import { escapeHtml } from '../html-escape.ts';
import type { Section } from '../sections.ts';

export function sectionHtml(section: Section): string {
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
  return `<h3>${escapeHtml(section.title)}</h3>${note}<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}
