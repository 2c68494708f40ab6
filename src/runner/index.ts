export {
  AGENT_BIN_DIR,
  AGENT_NETWORKS,
  type AgentNetwork,
  type AgentSandboxAccess,
  resolveAgentSandbox,
} from '../environments/agent-sandbox.ts';
export type {
  AttemptInput,
  EnvironmentContext,
  PreparedAttempt,
  TaskEnvironment,
} from '../environments/types.ts';
export { attemptSeed, backoffMs } from './attempt.ts';
export { executeAttempt } from './lifecycle.ts';
export {
  type AttemptPlanning,
  attemptKey,
  describeSkipped,
  GRADING_VERSION,
  type PlannedAttempt,
  planAttempts,
  type SkippedGroup,
} from './plan.ts';
export {
  createProgressReporter,
  type ProgressOptions,
  type ProgressReporter,
  type RunProgress,
} from './progress.ts';
export {
  type ExecuteRunOptions,
  executeRun,
  type PreparedRun,
  type PrepareRunInput,
  prepareRun,
  type RunOutcome,
} from './run.ts';
export { NO_FILTERS, selectTasks } from './select.ts';
export { type AgentSummary, formatAgentSummary, summarizeByAgent } from './summary.ts';
export type { AttemptExecution } from './types.ts';
