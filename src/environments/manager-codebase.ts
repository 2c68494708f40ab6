/**
 * The code an official manager task is judged against: Expensify/App at the parent of the
 * row's `manager_commit`, as the official harness resets it (`git reset --hard
 * {manager_commit}^`). It comes from a local clone (`--codebase expensify=<clone>`): each
 * commit's tree is extracted once (`git archive`) into the harness cache and shared,
 * read-only, by every attempt that needs it.
 *
 * Or it comes from the official monolith image (`--codebase expensify=monolith`), whose
 * `/app/expensify` is a full clone: reset in a container of it and copied out, once per
 * commit, into the same kind of cache folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { InfraError, InputError } from '../errors.ts';
import { git } from '../ic/git.ts';
import { monolithTreeAt } from '../official/manager-tree.ts';
import type { SandboxProvider } from '../sandbox/types.ts';
import type { ManagerTask, Task } from '../task/types.ts';
import { completeIntoPlace, isComplete } from '../util/rename-into-place.ts';

/** Codebases `--codebase <name>=<path>` accepts, and what each is. */
export const CODEBASE_NAMES = { expensify: 'a git clone of Expensify/App' } as const;
export type CodebaseName = keyof typeof CODEBASE_NAMES;

/** The value of `--codebase expensify=…` that takes the code from the monolith image. */
export const MONOLITH_CODEBASE = 'monolith';

/** A codebase for official manager tasks, as the run resolved it. */
export type ManagerCodebase =
  | {
      kind: 'clone';
      name: CodebaseName;
      /** Absolute path of the clone. */
      dir: string;
    }
  | {
      kind: 'monolith';
      name: CodebaseName;
      /** The official monolith image (`<prefix>_monolith:<tag>`), pinned by the run. */
      image: string;
    };

/** Where the tree appears in the manager's workspace (read-only). */
export const MANAGER_CODE_DIR = 'expensify';

/** Whether an attempt of this task reads the official code (the run gives a codebase). */
export function hasOfficialCode(
  task: Pick<ManagerTask, 'managerCommit'>,
  codebase: ManagerCodebase | undefined,
): boolean {
  return codebase !== undefined && task.managerCommit !== undefined;
}

/**
 * Checks, before anything runs, that `codebase` is a git repository holding the parent of
 * every selected manager task's `manager_commit`. Throws `InputError` naming the flag.
 */
export async function checkManagerCodebase(
  codebase: ManagerCodebase,
  tasks: readonly Task[],
): Promise<void> {
  // The monolith's image was pinned with the run's images; its clone holds every commit.
  if (codebase.kind === 'monolith') return;
  const flag = `--codebase ${codebase.name}=${codebase.dir}`;
  const expected = CODEBASE_NAMES[codebase.name];
  const info = await stat(codebase.dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new InputError(
      'FLAG_INVALID',
      `${flag}: expected ${expected}, found ${info ? 'a file' : 'nothing there'}`,
      { location: codebase.dir },
    );
  }
  const repo = await git(codebase.dir, ['rev-parse', '--git-dir']);
  if (repo.exitCode !== 0) {
    throw new InputError(
      'FLAG_INVALID',
      `${flag}: expected ${expected}, found a folder that is not a git repository`,
      { location: codebase.dir },
    );
  }
  const commits = tasks.flatMap((t) =>
    t.kind === 'swe_manager' && t.managerCommit ? [{ id: t.id, commit: t.managerCommit }] : [],
  );
  if (commits.length === 0) {
    throw new InputError(
      'FLAG_INVALID',
      `${flag}: no selected task has a manager_commit (the codebase is for the manager tasks of an official SWE-Lancer CSV)`,
    );
  }
  const parents = await parentCommits(
    codebase.dir,
    commits.map((c) => c.commit),
  );
  const missing = commits.filter((c) => !parents.has(c.commit));
  if (missing.length > 0) {
    const shown = missing
      .slice(0, 3)
      .map((c) => `${c.id}: ${c.commit}`)
      .join(', ');
    throw new InputError(
      'FLAG_INVALID',
      `${flag}: expected the clone to hold each manager_commit and its parent, but ` +
        `${missing.length} of ${commits.length} task(s) have none there (${shown}${missing.length > 3 ? ', …' : ''}); ` +
        `update the clone (git -C ${codebase.dir} fetch origin)`,
      { location: codebase.dir },
    );
  }
}

/** `manager_commit` → the full id of its parent, for the commits the clone holds. */
async function parentCommits(
  dir: string,
  commits: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(commits)];
  // One git process for all of them: `<commit>^` either resolves to a commit or is missing.
  const result = await git(dir, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
    input: unique.map((c) => `${c}^{commit}^\n`).join(''),
  });
  if (result.exitCode !== 0) {
    throw new InfraError(`git cat-file failed in ${dir}: ${result.stderr.trim()}`);
  }
  const lines = result.stdout.split('\n');
  const parents = new Map<string, string>();
  unique.forEach((commit, i) => {
    const [sha, type] = (lines[i] ?? '').split(' ');
    if (type === 'commit' && sha) parents.set(commit, sha);
  });
  return parents;
}

/**
 * `<cache>/manager-trees/<name>/<parent commit>`: the tree at the parent of `commit`, made
 * once (concurrent attempts may both build it; the first copy in place is kept).
 */
export async function treeAt(
  codebase: ManagerCodebase,
  task: { id: string; commit: string },
  context: { cacheDir: string; sandboxes(): Promise<SandboxProvider> },
): Promise<string> {
  const { commit } = task;
  const { cacheDir } = context;
  if (codebase.kind === 'monolith') return monolithTree(codebase.image, task, context);
  const parent = (await parentCommits(codebase.dir, [commit])).get(commit);
  if (!parent) {
    throw new InfraError(`${codebase.dir} no longer holds the parent of ${commit}`);
  }
  const root = path.join(cacheDir, 'manager-trees', codebase.name);
  const final = path.join(root, parent);
  if (await isComplete(final)) return final;
  await mkdir(root, { recursive: true });
  await chmod(cacheDir, 0o755).catch(() => undefined);
  const temp = await mkdtemp(path.join(root, `.${parent}.tmp-`));
  try {
    await extractTree(codebase.dir, parent, temp);
    await completeIntoPlace(temp, final);
    return final;
  } catch (error) {
    throw new InfraError(`cannot extract ${parent} of ${codebase.dir}: ${String(error)}`, {
      cause: error,
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** `<cache>/manager-trees/<name>-monolith/<commit>`: the monolith's tree at `commit^`. */
async function monolithTree(
  image: string,
  task: { id: string; commit: string },
  context: { cacheDir: string; sandboxes(): Promise<SandboxProvider> },
): Promise<string> {
  const root = path.join(context.cacheDir, 'manager-trees', 'expensify-monolith');
  const final = path.join(root, task.commit);
  if (await isComplete(final)) return final;
  await mkdir(root, { recursive: true });
  await chmod(context.cacheDir, 0o755).catch(() => undefined);
  const temp = await mkdtemp(path.join(root, `.${task.commit}.tmp-`));
  try {
    const sandboxes = await context.sandboxes();
    const tree = path.join(temp, 'tree');
    await monolithTreeAt(
      sandboxes,
      { name: image, id: image },
      { taskId: task.id, commit: task.commit, into: tree },
    );
    await completeIntoPlace(tree, final);
    return final;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** `git archive <commit> | tar -x`, without holding the archive in memory. */
async function extractTree(repo: string, commit: string, into: string): Promise<void> {
  const archive = spawn('git', ['-C', repo, 'archive', '--format=tar', commit], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tar = spawn('tar', ['-x', '-C', into, '--no-same-owner'], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  archive.stdout.pipe(tar.stdin);
  const [archiveExit, tarExit] = await Promise.all([exitOf(archive), exitOf(tar)]);
  if (archiveExit.code !== 0 || tarExit.code !== 0) {
    throw new Error(
      `git archive exited ${archiveExit.code} (${archiveExit.stderr.trim()}), ` +
        `tar exited ${tarExit.code} (${tarExit.stderr.trim()})`,
    );
  }
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
