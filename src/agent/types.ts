import type { UserTool, UserToolReport } from '../ic/user-tool.ts';
import type { Usage } from '../model/usage.ts';
import type { Sandbox } from '../sandbox/types.ts';
import type { PresentedProposal } from '../task/presentation.ts';
import type { IcTask, ManagerTask, TaskKind } from '../task/types.ts';
import type { ArtifactSink } from '../util/artifact-sink.ts';
import type { JsonValue } from '../util/json.ts';
import type { Logger } from '../util/logger.ts';

export type { ArtifactSink, PresentedProposal, UserTool, UserToolReport };

export interface AgentContext {
  attemptKey: string;
  attemptIndex: number;
  /** Deterministic per attempt: agents that draw random numbers seed from it. */
  seed: number;
  signal: AbortSignal;
  logger: Logger;
  artifacts: ArtifactSink;
  /**
   * Told after each model call: the calls so far and their dollars, for people watching the
   * run (the store's in-flight record, the progress lines). Agents without a model ignore it.
   */
  onProgress?: (progress: AgentProgress) => void;
}

/** An agent's work so far, as live views show it. */
export interface AgentProgress {
  /** Model calls made. */
  steps: number;
  /** Their dollars; null when a model has no price (spent, amount unknown). */
  spendUsd: number | null;
}

export interface ManagerAgentInput extends AgentContext {
  kind: 'swe_manager';
  task: ManagerTask;
  /** In presented order, with presented ids; grading maps answers back. */
  proposals: PresentedProposal[];
  /** The full prompt text (issue, price, proposals, instructions). */
  prompt: string;
  /**
   * The prompt as separate user messages, when it has more than one (`--prompt dataset`):
   * agents that hold a conversation send them in order; `prompt` is them joined.
   */
  promptMessages?: readonly string[];
  /** Read access to the codebase, when the task has one. */
  workspace: Sandbox | undefined;
}

export interface IcAgentInput extends AgentContext {
  kind: 'ic_swe';
  task: IcTask;
  /** The agent's workspace: the broken state committed as a fresh git baseline. */
  sandbox: Sandbox;
  prompt: string;
  /** As for manager tasks: the prompt as separate user messages (`--prompt dataset`). */
  promptMessages?: readonly string[];
  userTool: UserTool | undefined;
}

export type AgentInput = ManagerAgentInput | IcAgentInput;

export interface AgentOutcome {
  /** `completed` means the agent finished on its own terms; grading decides the rest. */
  status: 'completed' | 'agent_error' | 'limit';
  /** Manager tasks: the presented id the agent selected, or null for no (valid) answer. */
  selectedProposalId?: number | null;
  /** Why the agent stopped early (the limit that fired, the error it hit). */
  reason?: string;
  usage?: Usage;
  /**
   * Dollars spent on models. `null`: spent, but how much is unknown (a model without a
   * price, a CLI agent's own calls); reports then show the cost as unknown, never as $0.
   * Absent: the agent used no model (cost 0).
   */
  costUsd?: number | null;
  /** Model label for per-model reports, e.g. `openai:gpt-4o`. */
  model?: string;
}

/** What `Agent.fixedDiff` gives: a patch to apply to the broken state, or why there is none. */
export type FixedDiff =
  | {
      ok: true;
      patch: Uint8Array;
      /** Apply it in reverse (the breaking patch undone). @default false */
      reverse?: boolean;
      /** Named when it does not apply, e.g. `the reference fix`. */
      name: string;
    }
  | { ok: false; reason: string };

/** Where a task's reference fix is, as its environment knows it. */
export interface ReferenceFix {
  /** Absolute host path of the patch. */
  patch: string;
  /** Apply it in reverse (the breaking patch undone). */
  reverse: boolean;
}

export interface Agent {
  /** Shown in reports, e.g. `gold`, `random`, `openai:gpt-4o`. */
  readonly label: string;
  /** Everything that changes behaviour; part of the attempt key. */
  readonly config: JsonValue;
  readonly kinds: readonly TaskKind[];
  /**
   * Manager tasks with a codebase: whether the agent reads it, so the runner prepares a
   * workspace (the broken state in a sandbox). Built-in agents that never look set false.
   * `always`: also on manager tasks without a codebase (an empty repository), for agents
   * that can only answer through a file (`manager_decisions.json`), like CLI agents.
   * @default true
   */
  readonly needsWorkspace?: boolean | 'always';
  /**
   * IC tasks: stop the hidden tests at their first failure. For suite validation's checks
   * that must fail (noop, a wrong proposal's patch), where one failure settles the verdict
   * and the remaining tests would only wait out their timeouts. Must be reflected in
   * `config` (it changes the result's partial credit). @default false
   */
  readonly stopAtFirstFailure?: boolean;
  /**
   * IC tasks whose work is a diff known before any work (the reference fix, a given patch
   * file, nothing at all): the runner makes no agent sandbox, applies the diff to the clean
   * broken state with git (index only, never a working tree) and grades the result exactly
   * as a diff read out of a workspace. When present, `run` is never called for IC tasks.
   * `reference` is the task's reference fix, where its environment found it.
   */
  readonly fixedDiff?: (task: IcTask, reference: ReferenceFix | undefined) => Promise<FixedDiff>;
  /**
   * Attempt one task. Throw `InfraError` only when the environment broke (the attempt is
   * retried); report agent trouble as an outcome.
   */
  run(input: AgentInput): Promise<AgentOutcome>;
}
