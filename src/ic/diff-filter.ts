import path from 'node:path';
import { HARNESS_DIR_PREFIX } from './layout.ts';

/** One file's section of a `git diff --binary` patch. */
export interface DiffFile {
  path: string;
  change: 'added' | 'modified' | 'deleted';
  /** The file's mode after the change (e.g. `100644`, `120000` for a link), if known. */
  mode: string | undefined;
  binary: boolean;
}

export interface DroppedChange {
  path: string;
  reason: string;
}

export interface FilteredDiff {
  /** The kept sections, byte for byte. Empty when nothing is left. */
  patch: Uint8Array;
  kept: DiffFile[];
  dropped: DroppedChange[];
}

/** What a filtered diff holds, for an attempt's details: its size, kept files and drops. */
export function diffSummary(filtered: FilteredDiff): {
  bytes: number;
  files: string[];
  dropped: { path: string; reason: string }[];
} {
  return {
    bytes: filtered.patch.length,
    files: filtered.kept.map((f) => f.path),
    dropped: filtered.dropped.map((d) => ({ path: d.path, reason: d.reason })),
  };
}

export interface DiffPolicy {
  /**
   * Files whose changes are dropped because the grader installs dependencies from the
   * original lockfiles (e.g. `package-lock.json`).
   */
  lockfiles: readonly string[];
}

/**
 * Splits the agent's patch per file and keeps only changes the grader accepts. Runs on the
 * host, on bytes (latin1 is a lossless byte↔string mapping), so binary patches survive.
 *
 * Dropped, with the reason recorded: anything under `.git/` or the harness's `.swelancer*`
 * folders, `node_modules/` (mounted by the harness), the codebase's lockfiles, nested
 * repositories (gitlinks), paths that climb out of the workspace, and links whose target
 * leaves the workspace.
 */
export function filterDiff(patch: Uint8Array, policy: DiffPolicy): FilteredDiff {
  const text = Buffer.from(patch).toString('latin1');
  const sections = splitSections(text);
  const kept: DiffFile[] = [];
  const dropped: DroppedChange[] = [];
  const keptText: string[] = [];
  for (const section of sections) {
    const file = describeSection(section);
    if (!file) {
      dropped.push({ path: '(unparseable)', reason: 'a patch section without a file header' });
      continue;
    }
    const reason = rejection(file, section, policy);
    if (reason) {
      dropped.push({ path: file.path, reason });
    } else {
      kept.push(file);
      keptText.push(section);
    }
  }
  return { patch: Buffer.from(keptText.join(''), 'latin1'), kept, dropped };
}

function splitSections(text: string): string[] {
  const sections: string[] = [];
  let start = -1;
  let index = 0;
  while (index < text.length) {
    if (text.startsWith('diff --git ', index)) {
      if (start >= 0) sections.push(text.slice(start, index));
      start = index;
    }
    const next = text.indexOf('\n', index);
    if (next < 0) break;
    index = next + 1;
  }
  if (start >= 0) sections.push(text.slice(start));
  return sections;
}

function describeSection(section: string): DiffFile | undefined {
  const lines = section.split('\n');
  const header = lines[0] ?? '';
  let minus: string | undefined;
  let plus: string | undefined;
  let change: DiffFile['change'] = 'modified';
  let mode: string | undefined;
  let binary = false;
  for (const line of lines.slice(1)) {
    if (line.startsWith('@@') || line.startsWith('GIT binary patch')) {
      binary ||= line.startsWith('GIT binary patch');
      break;
    }
    if (line.startsWith('new file mode ')) {
      change = 'added';
      mode = line.slice('new file mode '.length).trim();
    } else if (line.startsWith('deleted file mode ')) {
      change = 'deleted';
      mode = line.slice('deleted file mode '.length).trim();
    } else if (line.startsWith('new mode ')) {
      mode = line.slice('new mode '.length).trim();
    } else if (line.startsWith('index ')) {
      const parts = line.split(' ');
      if (parts.length === 3 && mode === undefined) mode = parts[2];
    } else if (line.startsWith('--- ')) {
      minus = stripPrefix(unquote(line.slice(4)), 'a/');
    } else if (line.startsWith('+++ ')) {
      plus = stripPrefix(unquote(line.slice(4)), 'b/');
    } else if (line.startsWith('Binary files ')) {
      binary = true;
    }
  }
  const fromHeader = headerPath(header.slice('diff --git '.length));
  const raw =
    (plus && plus !== '/dev/null' ? plus : undefined) ??
    (minus && minus !== '/dev/null' ? minus : undefined) ??
    fromHeader;
  if (raw === undefined) return undefined;
  const decoded = Buffer.from(raw, 'latin1').toString('utf8');
  return { path: decoded, change, mode, binary };
}

function rejection(file: DiffFile, section: string, policy: DiffPolicy): string | undefined {
  const normalized = path.posix.normalize(file.path);
  if (path.posix.isAbsolute(normalized) || normalized === '..' || normalized.startsWith('../')) {
    return 'the path leaves the workspace';
  }
  const first = normalized.split('/')[0] ?? '';
  if (first === '.git' || normalized.split('/').includes('.git')) {
    return 'git metadata is not part of the work';
  }
  if (first.startsWith(HARNESS_DIR_PREFIX)) return 'the harness owns this folder';
  if (normalized.split('/').includes('node_modules')) {
    return 'dependencies come from the harness cache, not the workspace';
  }
  if (policy.lockfiles.includes(normalized)) {
    return 'dependencies are installed from the original lockfiles; changes to them are not graded';
  }
  if (file.mode === '160000') return 'nested git repositories (submodules) are not accepted';
  if (file.mode === '120000' && file.change !== 'deleted') {
    const target = linkTarget(section);
    if (target === undefined) return 'a link whose target cannot be read from the patch';
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(normalized), target));
    if (path.posix.isAbsolute(target) || resolved === '..' || resolved.startsWith('../')) {
      return `a link pointing outside the workspace (${target})`;
    }
  }
  return undefined;
}

/** The target of a link added or changed by this section: the `+` line of its hunk. */
function linkTarget(section: string): string | undefined {
  const lines = section.split('\n');
  const hunk = lines.findIndex((line) => line.startsWith('@@'));
  if (hunk < 0) return undefined;
  const added = lines.slice(hunk + 1).find((line) => line.startsWith('+'));
  return added === undefined ? undefined : Buffer.from(added.slice(1), 'latin1').toString('utf8');
}

function stripPrefix(value: string, prefix: string): string {
  return value.startsWith(prefix) ? value.slice(prefix.length) : value;
}

/** `a/x b/x` (no renames, so both halves are equal) or the C-quoted form git uses. */
function headerPath(rest: string): string | undefined {
  if (rest.startsWith('"')) {
    const end = closingQuote(rest);
    return end < 0 ? undefined : stripPrefix(unquote(rest.slice(0, end + 1)), 'a/');
  }
  if ((rest.length - 1) % 2 !== 0) return undefined;
  const half = rest.slice(0, (rest.length - 1) / 2);
  return stripPrefix(half, 'a/');
}

function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  '"': '"',
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  r: '\r',
  v: '\v',
};

/** Undoes git's C-style quoting of paths (octal escapes are bytes, kept as latin1). */
export function unquote(value: string): string {
  const trimmed = value.replace(/\t$/, '');
  if (!trimmed.startsWith('"') || !trimmed.endsWith('"')) return trimmed;
  const body = trimmed.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      out += ESCAPES[next] ?? next;
      i += 1;
    }
  }
  return out;
}
