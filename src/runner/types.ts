/**
 * What the runner hands a per-kind executor and what it gets back. The runner owns keys,
 * timing, retries, money and the store; an executor owns one attempt of one task kind:
 * prepare, let the agent work, grade. `ic_swe` is `executeIcAttempt` in `execute-ic.ts`,
 * `swe_manager` is `executeManagerAttempt` in `execute-manager.ts`.
 */
import type { Agent, ArtifactSink } from '../agent/types.ts';
import type { AgentSandboxAccess } from '../environments/agent-sandbox.ts';
import type { Usage } from '../model/usage.ts';
import type { SandboxProvider } from '../sandbox/types.ts';
import type { AttemptPlan, AttemptStatus } from '../store/types.ts';
import type { IcTask, ManagerTask, Task } from '../task/types.ts';
import type { JsonValue } from '../util/json.ts';
import type { Logger } from '../util/logger.ts';

/** Per-attempt behaviour chosen for the whole run. */
export interface AttemptOptions {
  /** Present manager proposals in a seeded random order (ids 0..n-1) and map answers back. */
  shuffleProposals: boolean;
  /** IC tasks: the sandbox provider name, used when `sandboxes` is not given. @default 'local' */
  sandbox?: string;
  /** IC tasks: an opened provider (with its facade) for every sandbox of the attempt. */
  sandboxes?: SandboxProvider;
  /** IC tasks: harness cache (dependencies, broken states). @default defaultIcCacheDir() */
  cacheDir?: string;
  /**
   * The agent's sandbox only (never grading or the user tool): host network, variables and
   * binaries the run opted into. @default none: own loopback, no extra variables
   */
  agentSandbox?: AgentSandboxAccess;
}

export interface ExecuteAttemptInput<T extends Task = Task> {
  task: T;
  agent: Agent;
  /** Key, task id, agent label and attempt index of this attempt. */
  plan: AttemptPlan;
  /** Deterministic per attempt (and per run `--seed`): pass it on as `AgentContext.seed`. */
  seed: number;
  /** Aborted on Ctrl-C: stop the agent and any sandbox work, then return or throw. */
  signal: AbortSignal;
  logger: Logger;
  /**
   * Files under `<runDir>/artifacts/<key>/`, fsynced before the result row is written. Every
   * file written here is listed in the result's `artifacts` (name → path) by the runner.
   */
  artifacts: ArtifactSink;
  options: AttemptOptions;
}

export type IcAttemptInput = ExecuteAttemptInput<IcTask>;
export type ManagerAttemptInput = ExecuteAttemptInput<ManagerTask>;

/** Every status except `infra_error`: infrastructure trouble is thrown, never returned. */
export type ExecutionStatus = Exclude<AttemptStatus, 'infra_error'>;

/**
 * The outcome of one attempt as the executor saw it. The runner adds the key, the price,
 * earned dollars (price when `passed`, else 0: one rule, in one place), timings, retries and
 * artifacts. Throw `InfraError` (or let an infrastructure exception escape) when the
 * environment broke: the runner retries with backoff and records `infra_error` at the end.
 */
export interface AttemptExecution {
  status: ExecutionStatus;
  /** One sentence for people: why this status. */
  explanation: string;
  /** Fraction of hidden tests that passed (IC); reported apart, never earned. */
  partialCredit?: number;
  /** Model dollars; null when spent but unknown (see `AgentOutcome.costUsd`). */
  costUsd: number | null;
  usage: Usage;
  /** Model label for per-model reports, e.g. `openai:gpt-4o`. */
  model?: string;
  /** Structured details (selected proposal, test counts, limit reason...). */
  details: JsonValue;
}

export type AttemptExecutor<T extends Task> = (
  input: ExecuteAttemptInput<T>,
) => Promise<AttemptExecution>;
