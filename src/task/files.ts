/**
 * File access for the native loader: every failure becomes a `Problem`, never a thrown
 * error. A path may be written to stay inside the suite and still leave it through a
 * symlink, so each one is resolved to its real path and checked against the suite's real
 * root; only regular files are ever opened (a named pipe would block the loader forever, a
 * device would never end).
 */

import { constants, type Dirent, type Stats } from 'node:fs';
import { open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

import { hashValue, sha256 } from '../util/hash.ts';
import { type Problem, plainProblem } from './problems.ts';

export type Read<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/** Where a problem about a path is reported. */
export interface Place {
  /** The file naming the path, as shown to the user (or the file itself). */
  file: string;
  field?: string;
  /** The path as the user wrote it, added to messages in parentheses. */
  written?: string;
}

/** The real path of a suite folder: the boundary every read stays inside. */
export async function suiteRealPath(dir: string): Promise<string> {
  const absolute = path.resolve(dir);
  return realpath(absolute).catch(() => absolute);
}

/**
 * Size limits, checked before a byte is read, so a huge or endless file costs nothing.
 * Each is far above anything real: the official SWE-Lancer data's longest issue is 4.5 KB
 * and its longest proposal 17 KB; the built-in suite's largest task.json is 1.2 KB and its
 * largest patch 30 KB.
 */
export const FILE_LIMITS = {
  /** suite.json and task.json: written by hand, a few KB. */
  manifest: 256 * 1024,
  /** quarantine.json: written by `swelancer suite validate`, a few hundred bytes a task. */
  quarantine: 4 * 1024 * 1024,
  /** An issue, a proposal, a rationale: shown to agents and people. */
  text: 1024 * 1024,
  /** A patch or a user-flow script: a patch may carry binary files in git's encoding. */
  patch: 32 * 1024 * 1024,
} as const;

/** Reads and parses a JSON file; `shown` is the path used in messages. */
export async function readJsonFile(
  realRoot: string,
  file: string,
  shown: string,
  limit: number,
): Promise<Read<unknown>> {
  const text = await readTextFile(realRoot, file, { file: shown }, limit);
  if (!text.ok) return text;
  try {
    return { ok: true, value: JSON.parse(text.value) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: plainProblem(shown, `expected valid JSON: ${detail}`) };
  }
}

/**
 * Reads a UTF-8 text file. A byte order mark at its start is dropped (some editors write
 * one; it carries nothing); any byte that is not UTF-8 is refused rather than replaced.
 */
export async function readTextFile(
  realRoot: string,
  file: string,
  place: Place,
  limit: number,
): Promise<Read<string>> {
  const bytes = await readFileBytes(realRoot, file, place, limit);
  if (!bytes.ok) return bytes;
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes.value) };
  } catch {
    const at = firstInvalidUtf8(bytes.value);
    return fail(place, `expected UTF-8 text, found a byte that is not UTF-8 at byte offset ${at}`);
  }
}

/**
 * Where UTF-8 decoding first fails. The lenient decoder puts U+FFFD at the start of each bad
 * sequence, and every character before it was decoded from exactly its own UTF-8 bytes, so
 * counting their bytes gives the offset (a real U+FFFD in the file is told apart by its bytes).
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let offset = 0;
  for (const char of new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)) {
    const written =
      bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd;
    if (char === '\uFFFD' && !written) return offset;
    offset += Buffer.byteLength(char);
  }
  return offset;
}

/** The bytes of a regular file inside the suite, refused when larger than `limit`. */
export async function readFileBytes(
  realRoot: string,
  file: string,
  place: Place,
  limit: number,
): Promise<Read<Uint8Array>> {
  const real = await realInside(realRoot, file, place, 'file');
  if (!real.ok) return real;
  try {
    const info = await stat(real.value);
    if (!info.isFile()) return fail(place, `expected a file, found ${kindOf(info)}`);
    if (info.size > limit) {
      return fail(place, `expected at most ${limit} bytes, found ${info.size} bytes`);
    }
    const handle = await open(real.value, OPEN_FLAGS);
    try {
      // No more than the size checked: the limit holds even if the file grows meanwhile.
      const buffer = new Uint8Array(info.size);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      return { ok: true, value: buffer.subarray(0, length) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return fail(place, describeFsError(error, 'file'));
  }
}

/** Checks that `file` is a regular file inside the suite; gives its real path. */
export function checkFile(realRoot: string, file: string, place: Place): Promise<Read<string>> {
  return checkKind(realRoot, file, place, 'file');
}

/** Checks that `dir` is a folder inside the suite; gives its real path. */
export function checkDirectory(realRoot: string, dir: string, place: Place): Promise<Read<string>> {
  return checkKind(realRoot, dir, place, 'folder');
}

async function checkKind(
  realRoot: string,
  target: string,
  place: Place,
  what: 'file' | 'folder',
): Promise<Read<string>> {
  const real = await realInside(realRoot, target, place, what);
  if (!real.ok) return real;
  try {
    const kind = kindOf(await stat(real.value));
    return kind === `a ${what}` ? real : fail(place, `expected a ${what}, found ${kind}`);
  } catch (error) {
    return fail(place, describeFsError(error, what));
  }
}

/** Folders that are not part of a codebase's definition: installed or generated. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

export interface Tree {
  hash: string;
  files: number;
}

/**
 * A hash of a folder's files (relative paths and contents), independent of where the folder
 * is and of file times. Installed dependencies and git metadata are left out. The folder is
 * copied into sandboxes, so everything in it must be a file, a folder, or a symlink to a
 * file inside the suite (hashed as that file's content, which is what a copy holds); a
 * symlink to a folder could loop, and is refused.
 */
export async function hashTree(realRoot: string, dir: string, place: Place): Promise<Read<Tree>> {
  const entries: [string, string][] = [];
  const problems: Problem[] = [];
  const within = (full: string): Place => ({
    ...place,
    written: path.join(place.written ?? '', path.relative(dir, full)),
  });
  async function hashFile(at: string, real: string): Promise<void> {
    const relative = path.relative(dir, at).split(path.sep).join('/');
    entries.push([relative, sha256(await readFile(real, { flag: OPEN_FLAGS }))]);
  }
  async function walk(current: string): Promise<void> {
    const children = await readdir(current, { withFileTypes: true });
    for (const child of children) {
      const full = path.join(current, child.name);
      if (child.isDirectory()) {
        if (!SKIPPED_DIRS.has(child.name)) await walk(full);
      } else if (child.isFile()) {
        await hashFile(full, full);
      } else if (child.isSymbolicLink()) {
        const real = await realInside(realRoot, full, within(full), 'file');
        if (!real.ok) {
          problems.push(real.problem);
          continue;
        }
        const target = kindOf(await stat(real.value));
        if (target === 'a file') await hashFile(full, real.value);
        else problems.push(notInTree(within(full), `a symlink to ${target}`));
      } else {
        problems.push(notInTree(within(full), kindOf(child)));
      }
    }
  }
  try {
    await walk(dir);
  } catch (error) {
    return fail(place, describeFsError(error, 'folder'));
  }
  const [first, ...more] = problems;
  if (first) {
    const others = more.length > 0 ? `; and ${more.length} more such entries in the folder` : '';
    return { ok: false, problem: { ...first, message: `${first.message}${others}` } };
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { ok: true, value: { hash: hashValue(entries), files: entries.length } };
}

function notInTree(place: Place, found: string): Problem {
  const text = `expected a file or a folder (a symlink may point only at a file), found ${found}`;
  return fail(place, text).problem;
}

/** Resolves `relative` against `base`; undefined when it leaves `root`. */
export function resolveInside(root: string, base: string, relative: string): string | undefined {
  const resolved = path.resolve(base, relative);
  return isInside(root, resolved) ? resolved : undefined;
}

function isInside(root: string, target: string): boolean {
  const fromRoot = path.relative(root, target);
  const leaves = fromRoot === '..' || fromRoot.startsWith(`..${path.sep}`);
  return !leaves && !path.isAbsolute(fromRoot);
}

/** The real path of `file`, when it stays inside the suite's real root. */
async function realInside(
  realRoot: string,
  file: string,
  place: Place,
  what: 'file' | 'folder',
): Promise<Read<string>> {
  let real: string;
  try {
    real = await realpath(file);
  } catch (error) {
    return fail(place, describeFsError(error, what));
  }
  if (isInside(realRoot, real)) return { ok: true, value: real };
  return fail(place, `expected a path inside the suite folder, found a symlink leading to ${real}`);
}

/**
 * How a file already checked to be a regular file is opened: should a named pipe have been
 * put in its place since, reading it ends at once instead of waiting for a writer; should a
 * symlink have been, opening fails.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;

function fail(place: Place, text: string): { ok: false; problem: Problem } {
  const message = place.written === undefined ? text : `${text} (${place.written})`;
  return { ok: false, problem: plainProblem(place.file, message, place.field) };
}

/** What an entry is, for messages: "a file", "a folder", "a named pipe"... */
export function kindOf(info: Stats | Dirent): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSymbolicLink()) return 'a symlink';
  return 'a file';
}

function describeFsError(error: unknown, what: 'file' | 'folder'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `expected a ${what}, found nothing there`;
  if (code === 'EISDIR') return 'expected a file, found a folder';
  if (code === 'ENOTDIR') return `expected a ${what}, found a file where a folder should be`;
  if (code === 'EACCES') return `cannot read the ${what}: permission denied`;
  if (code === 'ELOOP') return `expected a ${what}, found a symlink that loops`;
  return `cannot read the ${what}: ${error instanceof Error ? error.message : String(error)}`;
}
