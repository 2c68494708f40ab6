/**
 * Task environments: where one kind of task is attempted. The runner owns one lifecycle for
 * every attempt (prepare → agent → collect → grade → record; `runner/lifecycle.ts`) with the
 * wall-time limit, crash handling and the mapping of outcomes to statuses. An environment
 * supplies each step for its tasks and nothing else: the native codebase IC environment
 * (`ic-native.ts`) and the manager environment (`manager.ts`) today, others beside them.
 */
import type { Agent, AgentOutcome, AgentProgress } from '../agent/types.ts';
import type { OfficialSettings } from '../official/settings.ts';
import type { SandboxLimits, SandboxProvider } from '../sandbox/types.ts';
import type { AttemptPlan } from '../store/types.ts';
import type { PromptSource, Task } from '../task/types.ts';
import type { ArtifactSink } from '../util/artifact-sink.ts';
import type { JsonObject, JsonValue } from '../util/json.ts';
import type { Logger } from '../util/logger.ts';
import type { AgentSandboxAccess } from './agent-sandbox.ts';
import type { ManagerCodebase } from './manager-codebase.ts';

export type { JsonObject } from '../util/json.ts';

/** What a run gives every environment: chosen once for the whole run. */
export interface EnvironmentContext {
  /** Present manager proposals in a seeded random order (ids 0..n-1) and map answers back. */
  shuffleProposals: boolean;
  /**
   * Every sandbox of the run (agent, grading, user tool, probe, manager workspace), opened
   * once by the runner on first need and shared by all attempts.
   */
  sandboxes(): Promise<SandboxProvider>;
  /** Harness cache: dependencies, broken states, probes, test lists. */
  cacheDir: string;
  /**
   * The agent's sandbox only (never grading or the user tool): host network, variables and
   * binaries the run opted into. @default none: own loopback, no extra variables
   */
  agentSandbox?: AgentSandboxAccess;
  /** @default DEFAULT_LIMITS of the sandbox contract */
  limits?: SandboxLimits;
  /** How official images are driven (their tasks' images are pinned already). @default DEFAULT_OFFICIAL_SETTINGS */
  official?: OfficialSettings;
  /**
   * Whose prompt the agent reads (`--prompt`): `dataset` sends the task's
   * `datasetPrompt` messages as they are. @default 'swelancer'
   */
  prompt?: PromptSource;
  /**
   * Where official manager tasks read Expensify/App at their commit's parent
   * (`--codebase expensify=...`). @default none: they run on text alone
   */
  managerCodebase?: ManagerCodebase;
}

export interface AttemptInput<T extends Task = Task> {
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
  context: EnvironmentContext;
  /** Wall time allowed to the agent phase; past it the attempt is `limit`. @default 3600000 */
  agentTimeoutMs?: number;
  /** Where collected work is saved the moment the agent phase ends. @default none kept */
  journal?: WorkJournal;
  /**
   * Told when the attempt enters a stage (`prepare`, `agent`, `grade`) and, in the agent
   * stage, with the agent's progress after each model call: for live views. Environments
   * pass it to the agent as `onProgress: (p) => input.onStage?.('agent', p)`.
   */
  onStage?: (stage: string, progress?: AgentProgress) => void;
}

/**
 * An attempt's collected work, kept durably once the agent phase is over: a later try of the
 * same attempt (after a crash of the harness, or an infrastructure error in grading) goes
 * straight to grading it, and the agent does not run, or spend, again.
 */
export interface WorkJournal {
  /** What an earlier try of this attempt collected, if any. */
  saved: SavedWork | undefined;
  save(work: SavedWork): Promise<void>;
}

export interface SavedWork {
  outcome: AgentOutcome;
  /** `Collected`, with the work as its environment saves it (`TaskEnvironment.saveWork`). */
  collected: Collected<JsonValue>;
  /** Of the try that ran the agent: set-up and agent phase. */
  durations: JsonObject;
}

/** What `prepare` makes: everything (`attempt`), or only what grading needs (`grading`). */
export type PreparedFor = 'attempt' | 'grading';

export interface TaskEnvironment<T extends Task = Task, W = unknown> {
  /**
   * Makes everything the agent phase and grading need (caches, sandboxes, the prompt). Throw
   * `InfraError` when the environment cannot be made; `InputError` when the task cannot run.
   */
  prepare(input: AttemptInput<T>, preparedFor: PreparedFor): Promise<PreparedAttempt<W>>;
  /**
   * The collected work as JSON, to save it when the agent phase ends; `loadWork` reads it
   * back. For environments whose grading takes time (a later try then only grades); one
   * whose grading is instant leaves both out and saves nothing.
   */
  saveWork?(work: W): JsonValue;
  loadWork?(saved: JsonValue): W;
  /**
   * The share of hidden tests passed is recorded for every attempt of this environment: an
   * attempt that is not graded (the agent failed, its work could not be collected) gets 0.
   */
  readonly scoresPartialCredit: boolean;
}

/** One attempt's environment, made by `TaskEnvironment.prepare`. */
export interface PreparedAttempt<W = unknown> {
  /**
   * The agent phase (not called when prepared for grading only): the agent works in what was prepared (or work fixed in advance is
   * computed). Called once by the runner, within the wall-time limit; a throw other than
   * `InfraError` is the agent's crash (`agent_error`).
   */
  work(signal: AbortSignal): Promise<AgentOutcome>;
  /** Reads the agent's work out of the environment once the agent phase is over. */
  collect(outcome: AgentOutcome): Promise<Collected<W>>;
  /**
   * The verdict on collected work of an agent that completed. Throws `InfraError` when the
   * harness cannot know the outcome (never a verdict then).
   */
  grade(work: W): Promise<Verdict>;
  /** Releases everything prepared. Called once, whatever happened before. */
  dispose(): Promise<void>;
}

/** The agent's work as read out of its environment, or why it could not be read. */
export type Collected<W> =
  | { ok: true; work: W; details: JsonObject }
  | { ok: false; reason: string; details: JsonObject };

export interface Verdict {
  passed: boolean;
  /** One sentence for people: why. */
  explanation: string;
  /** Fraction of hidden tests that passed (IC); reported apart, never earned. */
  partialCredit?: number;
  details: JsonObject;
  /** Where grading time went, merged into `details.durations`. */
  durations?: JsonObject;
}
