import { lstat, mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { describeProblem, InputError } from '../errors.ts';
import { SANDBOX_RUNNER_DIR } from './layout.ts';

/** True for an absolute path inside the runner's private folder (`WorkspaceSpec.runner`). */
export function isRunnerPath(given: string): boolean {
  if (!path.posix.isAbsolute(given)) return false;
  const normalized = path.posix.normalize(given);
  return normalized === SANDBOX_RUNNER_DIR || normalized.startsWith(`${SANDBOX_RUNNER_DIR}/`);
}

/**
 * Turns a path given to `readFile`/`writeFile`/`copyIn`/`copyOut` into one relative to the
 * workspace root. Absolute paths are accepted only when they point inside the sandbox's
 * `workdir`; anything that climbs out with `..` is refused.
 */
export function toWorkspaceRelative(given: string, workdir: string): string {
  let candidate = given;
  if (path.posix.isAbsolute(given)) {
    const inside = path.posix.relative(workdir, path.posix.normalize(given));
    if (inside.startsWith('..') || path.posix.isAbsolute(inside)) {
      throw new InputError(
        'INPUT_INVALID',
        describeProblem({
          field: 'path',
          expected: `a path relative to the workspace or inside ${workdir}`,
          found: given,
        }),
      );
    }
    candidate = inside;
  }
  const normalized = path.posix.normalize(candidate === '' ? '.' : candidate);
  if (normalized === '..' || normalized.startsWith('../')) {
    throw new InputError(
      'INPUT_INVALID',
      describeProblem({ field: 'path', expected: 'a path inside the workspace', found: given }),
    );
  }
  return normalized;
}

/**
 * The host path behind a workspace path, for reading. Symbolic links are resolved and the
 * target must stay inside the workspace: a command in the sandbox could otherwise plant
 * `link -> /work/suite/hidden.spec.ts` and make the harness (running as root) read it.
 */
export async function hostPathForRead(hostRoot: string, relative: string): Promise<string> {
  const root = await realpath(hostRoot);
  const target = await realpath(path.join(root, relative));
  assertInside(root, target, relative);
  return target;
}

/**
 * The host path behind a workspace path, for writing: parent folders are created, every
 * existing ancestor must resolve inside the workspace and the last component must not be a
 * symbolic link (callers also open it with O_NOFOLLOW).
 */
export async function hostPathForWrite(hostRoot: string, relative: string): Promise<string> {
  const root = await realpath(hostRoot);
  const target = path.join(root, relative);
  const parent = path.dirname(target);
  const existing = await deepestExisting(parent);
  assertInside(root, await realpath(existing), relative);
  await mkdir(parent, { recursive: true });
  assertInside(root, await realpath(parent), relative);
  // Nothing there yet is the usual case; a link that appears meanwhile is refused by the
  // caller's O_NOFOLLOW open.
  const stat = await lstat(target).catch(() => undefined);
  if (stat?.isSymbolicLink()) {
    throw new InputError(
      'INPUT_INVALID',
      describeProblem({ field: 'path', expected: 'a regular file, not a link', found: relative }),
    );
  }
  return target;
}

async function deepestExisting(start: string): Promise<string> {
  let current = start;
  for (;;) {
    if (
      await lstat(current).then(
        () => true,
        () => false,
      )
    )
      return current;
    const up = path.dirname(current);
    if (up === current) return current;
    current = up;
  }
}

function assertInside(root: string, target: string, given: string): void {
  const rel = path.relative(root, target);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) return;
  throw new InputError(
    'INPUT_INVALID',
    describeProblem({
      field: 'path',
      expected: 'a path that stays inside the workspace (links are followed)',
      found: given,
    }),
  );
}
