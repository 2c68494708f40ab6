/**
 * The workspace of a manager attempt: the task's broken state (built and cached exactly as
 * for IC attempts), or an empty repository when the task has no codebase, in a sandbox of
 * its own, without network. An official task given the official code gets the empty
 * repository with the code at its commit's parent mounted read-only in `expensify/`. Agents
 * read the code there; CLI agents write `manager_decisions.json` there.
 */
import { chmod, mkdir, readFile as readHostFile, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { gitOrThrow } from '../ic/git.ts';
import { commitBaseline, prepareBrokenState } from '../ic/prepare.ts';
import { asFileNotFound } from '../sandbox/file-errors.ts';
import { DEFAULT_LIMITS, type Sandbox } from '../sandbox/types.ts';
import { toWorkspaceRelative } from '../sandbox/workspace-path.ts';
import { wrapSandbox } from '../sandbox/wrap.ts';
import type { ManagerTask } from '../task/types.ts';
import { renameIntoPlace } from '../util/rename-into-place.ts';
import { agentWorkspaceSpec } from './agent-sandbox.ts';
import { MANAGER_CODE_DIR, treeAt } from './manager-codebase.ts';
import type { AttemptInput } from './types.ts';

/**
 * A task without a codebase (e.g. the official CSV's manager tasks) gets an empty git
 * repository: CLI agents need somewhere to read the issue files and write their answer.
 * Dispose the sandbox when the agent is done.
 */
export async function openManagerWorkspace(input: AttemptInput<ManagerTask>): Promise<Sandbox> {
  const { task, context } = input;
  const { codebase, breakPatch } = task;
  const official = context.managerCodebase;
  const tree =
    official && task.managerCommit
      ? await treeAt(official, { id: task.id, commit: task.managerCommit }, context)
      : undefined;
  const sourceDir = !codebase
    ? await emptyRepository(context.cacheDir)
    : breakPatch
      ? (
          await prepareBrokenState(
            { contentHash: task.contentHash, codebase, breakPatch },
            context.cacheDir,
          )
        ).dir
      : codebase.dir;
  const sandboxes = await context.sandboxes();
  const sandbox = await sandboxes.create(
    agentWorkspaceSpec(
      {
        label: `manager-${task.id}`,
        sourceDir,
        ...(tree ? { mounts: [{ hostPath: tree, sandboxPath: MANAGER_CODE_DIR }] } : {}),
        network: 'none',
        limits: context.limits ?? DEFAULT_LIMITS,
      },
      context.agentSandbox,
    ),
  );
  return tree ? withCodeReads(sandbox, MANAGER_CODE_DIR, tree) : sandbox;
}

/**
 * `<cache>/empty-repository`: a git repository with one empty commit (fixed author and date,
 * as a broken state's baseline), made once and copied into each workspace.
 */
async function emptyRepository(cacheDir: string): Promise<string> {
  const final = path.join(cacheDir, 'empty-repository');
  const made = await stat(path.join(final, '.git')).then(
    () => true,
    () => false,
  );
  if (made) return final;
  const temp = `${final}.tmp-${process.pid}-${Date.now()}`;
  try {
    await mkdir(temp, { recursive: true });
    await gitOrThrow(temp, ['init', '-q', '-b', 'main']);
    await commitBaseline(temp);
    await chmod(cacheDir, 0o755);
    await chmod(temp, 0o755);
    await renameIntoPlace(temp, final);
    return final;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * The workspace with the harness's reads of `codeDir/…` served from the tree on the host:
 * the read-only mount exists only inside the sandbox, and the harness reads files from the
 * host side (an agent's file-viewing tool). Links may not lead out of the tree.
 */
function withCodeReads(sandbox: Sandbox, codeDir: string, tree: string): Sandbox {
  const readFile = async (file: string): Promise<Uint8Array> => {
    const relative = toWorkspaceRelative(file, sandbox.workdir);
    if (relative !== codeDir && !relative.startsWith(`${codeDir}/`)) return sandbox.readFile(file);
    try {
      const root = await realpath(tree);
      const target = await realpath(path.join(root, relative.slice(codeDir.length)));
      if (target !== root && !target.startsWith(`${root}${path.sep}`)) {
        throw Object.assign(new Error('a link out of the tree'), { code: 'ENOENT' });
      }
      return await readHostFile(target);
    } catch (error) {
      throw asFileNotFound(error, file);
    }
  };
  return wrapSandbox(sandbox, { readFile });
}
