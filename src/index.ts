// The public library API: named exports only.
export type { Agent, AgentInput, AgentOutcome, UserToolReport } from './agent/types.ts';
export {
  describeProblem,
  InfraError,
  InputError,
  SandboxUnavailableError,
  SwelancerError,
} from './errors.ts';
export type { Usage } from './model/usage.ts';
export {
  DEFAULT_LIMITS,
  type ExecOptions,
  type ExecResult,
  execWithServer,
  openSandboxProvider,
  type ReadOnlyMount,
  type Sandbox,
  type SandboxLimits,
  type SandboxName,
  type SandboxProvider,
  type SandboxProviderOptions,
  type ServerAndTests,
  sandboxNames,
  serverAndTestsScript,
  type WorkspaceSpec,
} from './sandbox/index.ts';
export type { AttemptResult, AttemptStatus, TaskRecord } from './store/types.ts';
export type { IcTask, ManagerTask, Suite, Task, TaskKind } from './task/types.ts';
