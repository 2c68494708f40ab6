import { randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeProblem, InputError } from '../errors.ts';
import type { Codebase, IcRunnable, IcTask } from '../task/types.ts';
import { sha256 } from '../util/hash.ts';
import { canonicalJson } from '../util/json.ts';
import { renameIntoPlace } from '../util/rename-into-place.ts';
import { git, gitOrThrow } from './git.ts';
import { GRADE_DIR, HARNESS_DIR_PREFIX, TASK_DIR } from './layout.ts';

/** Bump when the way a broken state is built changes: old cache entries are then ignored. */
const PREPARE_VERSION = 3;

/** The neutral message of the single baseline commit. */
export const BASELINE_MESSAGE = 'Initial commit';

export interface PreparedState {
  /** Host folder holding the broken state and its one-commit git history. */
  dir: string;
  /** The baseline commit id: the agent's work is `git diff` against it. */
  baseline: string;
  /** Cache key (task content + codebase fingerprint). */
  key: string;
}

/** Files never copied from the codebase into a workspace. */
const SKIPPED = new Set(['.git', 'node_modules']);

/** What a broken state is made of: a codebase and the patch that breaks it. */
export interface BrokenStateSource {
  /** The task's content hash: part of the cache key. */
  contentHash: string;
  codebase: Codebase;
  /** Host path of the breaking patch; none when the base codebase is the broken state. */
  breakPatch: string | undefined;
}

/** The broken state of an IC task (`prepareBrokenState`'s source). */
export function brokenStateOf(task: IcTask): BrokenStateSource {
  const ic = runnable(task);
  return { contentHash: task.contentHash, codebase: ic.codebase, breakPatch: ic.breakPatch };
}

/**
 * Builds (once per task content and codebase state) the clean broken state every sandbox of
 * an attempt starts from: the codebase without its history or dependencies, the break patch
 * applied, committed as one fresh commit with a fixed author and date. The fix's history is
 * never part of it. Built in a temporary folder and renamed into place.
 */
export async function prepareBrokenState(
  source: BrokenStateSource,
  cacheDir: string,
): Promise<PreparedState> {
  const { codebase, breakPatch } = source;
  const key = sha256(
    canonicalJson({
      version: PREPARE_VERSION,
      task: source.contentHash,
      breakPatch: breakPatch ? sha256(await readFile(breakPatch)) : null,
      codebase: await fingerprint(codebase.dir),
    }),
  ).slice(0, 32);
  const root = path.join(cacheDir, 'broken');
  const final = path.join(root, key);
  const recorded = await readFile(path.join(final, '.git', 'swelancer-baseline'), 'utf8').catch(
    () => undefined,
  );
  if (recorded) return { dir: final, baseline: recorded.trim(), key };

  const temp = path.join(root, `.tmp-${key}-${randomBytes(4).toString('hex')}`);
  await mkdir(root, { recursive: true });
  try {
    // A codebase folder reached through a symlink is copied, never the link itself: the
    // git init and the break patch below must not touch the suite's own files. Links inside
    // it are copied as the files they point at (the loader allows only links to files inside
    // the suite): that is what the content hash covers, and a link would not resolve in a
    // sandbox anyway.
    const from = await realpath(codebase.dir);
    await cp(from, temp, {
      recursive: true,
      dereference: true,
      filter: (entry) => !SKIPPED.has(path.basename(entry)) || entry === from,
    });
    // No template: no sample hooks, fewer files to copy into every sandbox.
    await gitOrThrow(temp, ['init', '-q', '--template=', '-b', 'main']);
    // Without a break patch the base codebase is the broken state (a feature never built).
    if (breakPatch) await applyBreakPatch(temp, breakPatch, codebase.name);
    // Dependencies are mounted at node_modules and the harness writes under .swelancer*:
    // neither may ever show up as a change of the agent.
    await mkdir(path.join(temp, '.git', 'info'));
    await writeFile(
      path.join(temp, '.git', 'info', 'exclude'),
      `/node_modules\n/${HARNESS_DIR_PREFIX}*\n/${GRADE_DIR}/\n/${TASK_DIR}/\n`,
    );
    await commitBaseline(temp);
    // One pack instead of a loose file per object: every sandbox copies this folder.
    await gitOrThrow(temp, ['repack', '-a', '-d', '-q']);
    const baseline = (await gitOrThrow(temp, ['rev-parse', 'HEAD'])).trim();
    await writeFile(path.join(temp, '.git', 'swelancer-baseline'), `${baseline}\n`);
    await renameIntoPlace(temp, final);
    return { dir: final, baseline, key };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** Commits everything in `dir` as the one baseline commit (fixed author and date, see git.ts). */
export async function commitBaseline(dir: string): Promise<void> {
  await gitOrThrow(dir, ['add', '-A']);
  await gitOrThrow(dir, ['commit', '-q', '--no-verify', '--allow-empty', '-m', BASELINE_MESSAGE]);
}

async function applyBreakPatch(dir: string, patch: string, codebase: string): Promise<void> {
  const applied = await git(dir, ['apply', '--whitespace=nowarn', patch]);
  if (applied.exitCode !== 0) {
    throw new InputError(
      'TASK_INVALID',
      describeProblem({
        file: patch,
        field: 'breakPatch',
        expected: `a patch that applies to codebase "${codebase}"`,
        found: applied.stderr.trim(),
      }),
    );
  }
}

export function runnable(task: Pick<IcTask, 'id' | 'ic'>): IcRunnable {
  if (task.ic.runnable !== true) {
    throw new InputError(
      'TASK_INVALID',
      `task ${task.id} runs in its official image, not from a codebase folder`,
    );
  }
  return task.ic;
}

/**
 * A codebase folder's content (paths and bytes, without `.git` and `node_modules`), so an
 * edited codebase gets a new broken state, and equal codebases share one wherever they are:
 * a queue worker's copy of the suite, unpacked from its bundle, finds the broken states a
 * local run of the same host built. Native codebases are small (the built-in app is under
 * 1 MB), and each attempt copies the whole folder anyway.
 */
async function fingerprint(dir: string): Promise<string> {
  const entries: string[] = [];
  async function walk(current: string): Promise<void> {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else {
        const content = await readFile(full).catch(() => undefined);
        entries.push(`${path.relative(dir, full)}:${content ? sha256(content) : 'unreadable'}`);
      }
    }
  }
  await walk(dir);
  return sha256(entries.sort().join('\n'));
}
