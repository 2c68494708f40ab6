/** Prose lines for a fixed-width terminal: wrapped at spaces, long words cut. */

/**
 * Wraps `text` to `width` columns; continuation lines start with `indent`. A word longer
 * than a line (a URL, a path) is split rather than allowed past the edge.
 */
export function wrapText(text: string, width: number, indent = '  '): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const room = width - (lines.length === 0 ? 0 : indent.length);
    const candidate = line === '' ? word : `${line} ${word}`;
    if (candidate.length <= room) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    let rest = word;
    const wordRoom = width - indent.length;
    while (rest.length > wordRoom) {
      lines.push(rest.slice(0, wordRoom));
      rest = rest.slice(wordRoom);
    }
    line = rest;
  }
  if (line !== '') lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${indent}${l}`));
}
