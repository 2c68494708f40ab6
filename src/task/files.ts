/** File access for the loaders: every failure becomes a `Problem`, never a thrown error. */

import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import { hashValue, sha256 } from '../util/hash.ts';
import { type Problem, plainProblem } from './problems.ts';

export type Read<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/** Reads and parses a JSON file; `shown` is the path used in messages. */
export async function readJsonFile(file: string, shown: string): Promise<Read<unknown>> {
  const text = await readTextFile(file, shown);
  if (!text.ok) return text;
  try {
    return { ok: true, value: JSON.parse(text.value) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: plainProblem(shown, `expected valid JSON: ${detail}`) };
  }
}

export async function readTextFile(
  file: string,
  shown: string,
  field?: string,
): Promise<Read<string>> {
  try {
    return { ok: true, value: await readFile(file, 'utf8') };
  } catch (error) {
    return { ok: false, problem: plainProblem(shown, describeFsError(error, 'file'), field) };
  }
}

/** Checks that `file` is a directory; returns a problem naming `field` otherwise. */
export async function checkDirectory(
  dir: string,
  shown: string,
  field: string,
  displayDir: string,
): Promise<Problem | undefined> {
  try {
    const info = await stat(dir);
    if (info.isDirectory()) return undefined;
    return plainProblem(shown, `expected a folder, found a file at ${displayDir}`, field);
  } catch (error) {
    return plainProblem(shown, `${describeFsError(error, 'folder')} (${displayDir})`, field);
  }
}

function describeFsError(error: unknown, what: 'file' | 'folder'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `expected a ${what}, found nothing there`;
  if (code === 'EISDIR') return 'expected a file, found a folder';
  if (code === 'ENOTDIR') return `expected a ${what}, found a file where a folder should be`;
  if (code === 'EACCES') return `cannot read the ${what}: permission denied`;
  return `cannot read the ${what}: ${error instanceof Error ? error.message : String(error)}`;
}

/** Folders that are not part of a codebase's definition: installed or generated. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/**
 * A hash of a folder's files (relative paths and contents), independent of where the folder
 * is and of file times. Installed dependencies and git metadata are left out.
 */
export async function hashTree(root: string): Promise<{ hash: string; files: number }> {
  const entries: [string, string][] = [];
  async function walk(dir: string): Promise<void> {
    const children = await readdir(dir, { withFileTypes: true });
    for (const child of children) {
      const full = path.join(dir, child.name);
      if (child.isDirectory()) {
        if (!SKIPPED_DIRS.has(child.name)) await walk(full);
      } else if (child.isFile()) {
        const relative = path.relative(root, full).split(path.sep).join('/');
        entries.push([relative, sha256(await readFile(full))]);
      }
    }
  }
  await walk(root);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { hash: hashValue(entries), files: entries.length };
}

/** Resolves `relative` against `base`; undefined when it leaves `root`. */
export function resolveInside(root: string, base: string, relative: string): string | undefined {
  const resolved = path.resolve(base, relative);
  const fromRoot = path.relative(root, resolved);
  const leaves = fromRoot === '..' || fromRoot.startsWith(`..${path.sep}`);
  if (!leaves && !path.isAbsolute(fromRoot)) {
    return resolved;
  }
  return undefined;
}
