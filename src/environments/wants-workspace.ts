import type { Agent } from '../agent/types.ts';
import type { ManagerTask } from '../task/types.ts';
import { hasOfficialCode, type ManagerCodebase } from './manager-codebase.ts';

/**
 * Whether the agent of a manager attempt gets a workspace (see `Agent.needsWorkspace`): its
 * own rule decides, and the runner asks it too, to open the sandbox provider only for plans
 * that need one. A task has code to read when its suite has a codebase, or when it comes
 * from an official CSV and the run gives the official code (`codebase`).
 */
export function wantsWorkspace(
  task: Pick<ManagerTask, 'codebase' | 'managerCommit'>,
  agent: Agent,
  codebase: ManagerCodebase | undefined = undefined,
): boolean {
  const hasCode = task.codebase !== undefined || hasOfficialCode(task, codebase);
  return agent.needsWorkspace === 'always' || (hasCode && agent.needsWorkspace !== false);
}
