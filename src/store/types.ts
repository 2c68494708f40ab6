import type { Usage } from '../model/usage.ts';
import type { Category, Nature, OfficialSplit, PromptSource, TaskKind } from '../task/types.ts';
import type { JsonValue } from '../util/json.ts';

export const ATTEMPT_STATUSES = [
  'passed',
  'failed',
  'agent_error',
  'limit',
  'infra_error',
] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/** One planned attempt: a task × agent config × attempt index. */
export interface AttemptPlan {
  /** sha256 of (task content hash, agent config, attempt index, grading version). */
  key: string;
  taskId: string;
  agentLabel: string;
  attemptIndex: number;
}

/** The task facts reports need, stored with the run so reports never reload the suite. */
export interface TaskRecord {
  id: string;
  kind: TaskKind;
  title: string;
  price: number;
  categories: Category[];
  nature: Nature | undefined;
  tags: string[];
  contentHash: string;
}

/** What a task says, as its agents read it: for attempt pages, never for metrics. */
export interface TaskText {
  taskId: string;
  /** The issue as a job post (markdown). */
  issue: string;
  /** A manager task's proposals with their original ids; undefined for IC tasks. */
  proposals: { id: number; text: string }[] | undefined;
}

export interface AttemptResult {
  key: string;
  taskId: string;
  agentLabel: string;
  attemptIndex: number;
  status: AttemptStatus;
  /** The task's price (available dollars). */
  priceUsd: number;
  /** price when passed, else 0. */
  earnedUsd: number;
  /** Fraction of hidden tests that passed (IC); reported apart, never earned. */
  partialCredit: number | undefined;
  /**
   * Model dollars the attempt spent; null when it spent an unknown amount (a model without a
   * price, a CLI agent). Stored as 0 with `details.costKnown: false`.
   */
  costUsd: number | null;
  usage: Usage;
  model: string | undefined;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** How many times an infra error made the harness try this attempt again. */
  infraRetries: number;
  /** One sentence for people: why this status. */
  explanation: string;
  /** Structured details (selected proposal, limit reason, test counts...). */
  details: JsonValue;
  /** Artifact name → path relative to the run directory. */
  artifacts: Record<string, string>;
}

/** An attempt a runner started and has not recorded yet (`in_flight`). */
export interface InFlightAttempt {
  key: string;
  taskId: string;
  agentLabel: string;
  attemptIndex: number;
  /** What it is doing: `starting`, `prepare`, `agent`, `grade`, `retry 1 (waiting)`… */
  stage: string;
  startedAt: string;
  /** When the stage last changed. */
  updatedAt: string;
  /** The runner's process id. */
  pid: number;
  /** Model calls the agent made so far; undefined when its agent reports none. */
  steps?: number;
  /** Dollars those calls cost; null when a model has no price. */
  spendUsd?: number | null;
  /** The queue worker running it (`host:pid`); absent in a local run. */
  worker?: string;
}

/** What an agent reports as it works: its model calls so far and their dollars. */
export interface InFlightProgress {
  steps: number;
  /** null when a model has no price (spent, amount unknown). */
  spendUsd: number | null;
}

/** A task filter as given on the command line; recorded so `--resume` plans the same run. */
export interface TaskFilters {
  kinds: TaskKind[];
  /** A task matches when it has at least one of these tags (none: no tag filter). */
  tags: string[];
  ids: string[];
  minPrice: number | undefined;
  maxPrice: number | undefined;
  /** The official split (`--split`), for files with a `set` column. @default every task */
  split?: OfficialSplit;
}

/** Everything that decides which attempts a run asks for and how they behave. */
export interface RunPlanInputs {
  /** The suite source as given (a path made absolute, or a built-in suite name). */
  source: string;
  /** Agent names as given to `--agent`, in order (e.g. `gold`, `openai:gpt-4o`). */
  agents: string[];
  /** Attempts per task and agent (k). */
  attempts: number;
  filters: TaskFilters;
  /** Present proposals of manager tasks in a seeded random order per attempt. */
  shuffleProposals: boolean;
  /** Mixed into every attempt's seed (random agent, proposal order). */
  seed: number;
  /**
   * The agent phase's network (`--agent-network`): `host` gives the agent's sandbox the
   * host's network and is part of every attempt key. @default 'none' (own loopback only)
   */
  agentNetwork?: 'none' | 'host';
  /** Names, never values, of host variables passed into the agent's sandbox (`--agent-env`). */
  agentEnv?: string[];
  /** Host folder mounted read-only and put first on PATH in the agent's sandbox (`--agent-path`). */
  agentPath?: string;
  /**
   * Which official image an official IC task runs in (`--official-image`,
   * `--official-image-prefix`, `--official-image-tag`). @default per-task,
   * swelancer/swelancer_x86, releasev1
   */
  officialImage?: { choice: 'per-task' | 'monolith'; prefix: string; tag: string };
  /**
   * Whose prompt the agent reads (`--prompt`); `dataset` is part of every attempt key.
   * @default 'swelancer'
   */
  prompt?: PromptSource;
  /**
   * Codebases by name (`--codebase expensify=<clone>`): absolute paths. Official manager
   * tasks then read Expensify/App at their commit's parent; part of their attempt keys.
   * @default none: manager tasks of official CSVs run on text alone
   */
  codebases?: { expensify?: string };
  /** Absolute path of a task → category mapping file (`--categories`). @default none */
  categories?: string;
}

/** The `run` table: what was asked for, by which command, under which grading version. */
export interface RunManifest {
  /** The command line that created the run (argv after `swelancer`). */
  command: string[];
  suite: {
    name: string;
    version: string;
    /** Where the suite came from (`Suite.origin`). */
    origin: string;
  };
  /** Agents in `--agent` order: the label reports show and the config in attempt keys. */
  agents: { name: string; label: string; config: JsonValue }[];
  plan: RunPlanInputs;
  /** Selected tasks that get no attempt, grouped by reason (e.g. IC tasks needing the
   * official image, or an agent that does not do a kind). */
  skipped: { kind: TaskKind; reason: string; taskIds: string[]; usd: number }[];
  /** Hash of the planned keys and plan-level options: equal plans share a run directory. */
  planId: string;
  gradingVersion: string;
  createdAt: string;
  /**
   * The official images the run's attempts use, pinned by id (their ids are in the attempt
   * keys too); absent when it uses none.
   */
  images?: { name: string; id: string; repoDigests: string[]; sizeBytes: number }[];
}
