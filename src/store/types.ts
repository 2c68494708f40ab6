import type { Usage } from '../model/usage.ts';
import type { Category, Nature, TaskKind } from '../task/types.ts';
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
  costUsd: number;
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
