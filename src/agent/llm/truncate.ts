/**
 * Keeps tool output within what a model can usefully read: the head and the tail, with a
 * note of how much was cut from the middle (errors usually sit at the end of a log, the
 * command's context at the start).
 */
export function truncateMiddle(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const keep = Math.max(0, maxChars - 60);
  const head = Math.ceil(keep / 2);
  const tail = keep - head;
  const omitted = text.length - head - tail;
  return `${text.slice(0, head)}\n[... ${omitted} characters omitted ...]\n${tail > 0 ? text.slice(-tail) : ''}`;
}
