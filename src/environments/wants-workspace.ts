import type { Agent } from '../agent/types.ts';
import type { ManagerTask } from '../task/types.ts';

/**
 * Whether the agent of a manager attempt gets a workspace (see `Agent.needsWorkspace`): its
 * own rule decides, and the runner asks it too, to open the sandbox provider only for plans
 * that need one.
 */
export function wantsWorkspace(task: Pick<ManagerTask, 'codebase'>, agent: Agent): boolean {
  return (
    agent.needsWorkspace === 'always' ||
    (task.codebase !== undefined && agent.needsWorkspace !== false)
  );
}
