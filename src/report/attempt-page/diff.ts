/**
 * A unified diff (`git diff` output) as HTML: the files it touches with their added and
 * removed line counts, then its lines coloured by kind. Rendered by hand: the page only
 * needs to classify each line by its first character, and it must stay self-contained.
 */
import { escapeHtml } from '../html-escape.ts';

/** Diff lines shown on a page; the whole diff stays one link away. */
export const DIFF_LINES = 3000;

export interface DiffFile {
  path: string;
  added: number;
  removed: number;
}

/** The files of a unified diff, in order, with their + and − line counts. */
export function diffFiles(patch: string): DiffFile[] {
  const files: DiffFile[] = [];
  let current: DiffFile | undefined;
  let inHunk = false;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = { path: pathOfHeader(line), added: 0, removed: 0 };
      files.push(current);
      inHunk = false;
    } else if (line.startsWith('@@')) {
      inHunk = true;
    } else if (current && inHunk && line.startsWith('+')) {
      current.added += 1;
    } else if (current && inHunk && line.startsWith('-')) {
      current.removed += 1;
    }
  }
  return files;
}

/** The diff as a list of files and a `<pre>` of classified lines (at most `maxLines`). */
export function renderDiff(patch: string, maxLines: number = DIFF_LINES): string {
  const files = diffFiles(patch);
  const list = files
    .map(
      (file) =>
        `<li><code>${escapeHtml(file.path)}</code> <span class="add">+${file.added}</span> <span class="del">−${file.removed}</span></li>`,
    )
    .join('');
  const lines = patch.replace(/\n$/, '').split('\n');
  let inHunk = false;
  const shown = lines.slice(0, maxLines).map((line) => {
    if (line.startsWith('diff --git ')) inHunk = false;
    if (line.startsWith('@@')) inHunk = true;
    const kind = lineKind(line, inHunk);
    return kind ? `<span class="${kind}">${escapeHtml(line)}</span>` : escapeHtml(line);
  });
  const more =
    lines.length > maxLines
      ? `<p class="muted">${(lines.length - maxLines).toLocaleString('en-US')} more line(s) in the whole diff</p>`
      : '';
  return `<ul class="diff-files">${list}</ul><pre class="diff">${shown.join('\n')}</pre>${more}`;
}

function lineKind(line: string, inHunk: boolean): string | undefined {
  if (line.startsWith('diff --git ')) return 'file';
  if (line.startsWith('@@')) return 'hunk';
  if (!inHunk) return 'meta';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return undefined;
}

/** `b/<path>` of a `diff --git a/<path> b/<path>` header (paths with spaces included). */
function pathOfHeader(line: string): string {
  const rest = line.slice('diff --git '.length);
  const at = rest.lastIndexOf(' b/');
  return at < 0 ? rest : rest.slice(at + 3);
}
