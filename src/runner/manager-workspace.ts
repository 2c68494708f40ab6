/**
 * The workspace of a manager attempt whose task has a codebase: the task's broken state
 * (built and cached exactly as for IC attempts) in a sandbox of its own, without network.
 * Agents read the code there; CLI agents write `manager_decisions.json` there.
 */

import type { Sandbox, SandboxProvider } from '../sandbox/types.ts';
import type { IcTask, ManagerTask } from '../task/types.ts';
import type { Logger } from '../util/logger.ts';
import { agentWorkspaceSpec } from './agent-sandbox.ts';
import type { ManagerAttemptInput } from './types.ts';

const providers = new Map<string, Promise<SandboxProvider>>();

/** Undefined when the task has no codebase. Dispose the sandbox when the agent is done. */
export async function openManagerWorkspace(
  input: ManagerAttemptInput,
): Promise<Sandbox | undefined> {
  const { task } = input;
  if (!task.codebase) return undefined;
  // The IC pipeline is loaded only for the (few) manager tasks that have a codebase.
  const [{ prepareBrokenState }, { defaultIcCacheDir }, { DEFAULT_LIMITS }] = await Promise.all([
    import('../grader/ic/prepare.ts'),
    import('./execute-ic.ts'),
    import('../sandbox/types.ts'),
  ]);
  const sourceDir = task.breakPatch
    ? (await prepareBrokenState(asBrokenState(task), input.options.cacheDir ?? defaultIcCacheDir()))
        .dir
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
