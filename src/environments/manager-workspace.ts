/**
 * The workspace of a manager attempt: the task's broken state (built and cached exactly as
 * for IC attempts), or an empty repository when the task has no codebase, in a sandbox of
 * its own, without network. Agents read the code there; CLI agents write
 * `manager_decisions.json` there.
 */
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ManagerAttemptInput } from '../runner/types.ts';
import type { Sandbox, SandboxProvider } from '../sandbox/types.ts';
import type { IcTask, ManagerTask } from '../task/types.ts';
import type { Logger } from '../util/logger.ts';
import { renameIntoPlace } from '../util/rename-into-place.ts';
import { agentWorkspaceSpec } from './agent-sandbox.ts';

const providers = new Map<string, Promise<SandboxProvider>>();

/**
 * A task without a codebase (e.g. the official CSV's manager tasks) gets an empty git
 * repository: CLI agents need somewhere to read the issue files and write their answer.
 * Dispose the sandbox when the agent is done.
 */
export async function openManagerWorkspace(input: ManagerAttemptInput): Promise<Sandbox> {
  const { task } = input;
  // The IC pipeline is loaded only for the (few) manager attempts that need a workspace.
  const [{ prepareBrokenState }, { defaultIcCacheDir }, { DEFAULT_LIMITS }] = await Promise.all([
    import('../ic/prepare.ts'),
    import('./ic-native.ts'),
    import('../sandbox/types.ts'),
  ]);
  const cacheDir = input.options.cacheDir ?? defaultIcCacheDir();
  const sourceDir = !task.codebase
    ? await emptyRepository(cacheDir)
    : task.breakPatch
      ? (await prepareBrokenState(asBrokenState(task), cacheDir)).dir
      : task.codebase.dir;
  const sandboxes =
    input.options.sandboxes ?? (await provider(input.options.sandbox ?? 'local', input.logger));
  return sandboxes.create(
    agentWorkspaceSpec(
      { label: `manager-${task.id}`, sourceDir, network: 'none', limits: DEFAULT_LIMITS },
      input.options.agentSandbox,
    ),
  );
}

function provider(name: string, logger: Logger): Promise<SandboxProvider> {
  let opened = providers.get(name);
  if (!opened) {
    opened = import('../sandbox/registry.ts').then((m) => m.openSandboxProvider(name, { logger }));
    providers.set(name, opened);
    opened.catch(() => providers.delete(name));
  }
  return opened;
}

/**
 * The broken state is defined by a codebase and a breaking patch; the IC builder takes them
 * in an IC task's shape. Tests and fixes play no part in it.
 */
function asBrokenState(task: ManagerTask): IcTask {
  const { codebase, breakPatch } = task;
  if (!codebase || !breakPatch) throw new Error(`task ${task.id} has no broken state`);
  return {
    ...task,
    kind: 'ic_swe',
    ic: {
      runnable: true,
      codebase,
      breakPatch,
      fixPatch: undefined,
      hiddenTestsDir: '',
      userFlow: undefined,
      testTimeoutMs: 0,
    },
  };
}

/**
 * `<cache>/empty-repository`: a git repository with one empty commit (fixed author and date,
 * as a broken state's baseline), made once and copied into each workspace.
 */
async function emptyRepository(cacheDir: string): Promise<string> {
  const final = path.join(cacheDir, 'empty-repository');
  if (
    await stat(path.join(final, '.git')).then(
      () => true,
      () => false,
    )
  )
    return final;
  const { gitOrThrow } = await import('../ic/git.ts');
  const temp = `${final}.tmp-${process.pid}-${Date.now()}`;
  try {
    await mkdir(temp, { recursive: true });
    await gitOrThrow(temp, ['init', '-q', '-b', 'main']);
    await gitOrThrow(temp, [
      'commit',
      '-q',
      '--no-verify',
      '--allow-empty',
      '-m',
      'Initial commit',
    ]);
    await chmod(cacheDir, 0o755);
    await chmod(temp, 0o755);
    await renameIntoPlace(temp, final);
    return final;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
