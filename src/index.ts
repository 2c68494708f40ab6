// The public library API: named exports only.
export type { Agent, AgentInput, AgentOutcome, UserToolReport } from './agent/types.ts';
export {
  describeProblem,
  InfraError,
  InputError,
  SandboxUnavailableError,
  SwelancerError,
} from './errors.ts';
export {
  type AgentReport,
  bootstrapInterval,
  bootstrapIntervals,
  buildRunReport,
  type Comparison,
  compareSides,
  DIMENSIONS,
  type Dimension,
  disagreements,
  type Interval,
  type MetricsInput,
  meanPassAtK,
  PRICE_BUCKETS,
  passAtK,
  passAtKCurve,
  priceBucket,
  type RunReport,
  type RunReportOptions,
  scoreTasks,
  summarize,
  topLosses,
} from './metrics/index.ts';
export type { Usage } from './model/usage.ts';
export {
  type CsvMode,
  REPORT_FORMATS,
  type RenderOptions,
  type ReportFormat,
  type RunForReport,
  readRunForReport,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderReport,
  renderTerminal,
} from './report/index.ts';
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
