/**
 * What one try of an attempt gives the runner (`lifecycle.ts`). The runner owns keys,
 * timing, retries, money and the store; task environments (`environments/`) own the steps.
 */
import type { Usage } from '../model/usage.ts';
import type { AttemptStatus } from '../store/types.ts';
import type { JsonValue } from '../util/json.ts';

/** Every status except `infra_error`: infrastructure trouble is thrown, never returned. */
export type ExecutionStatus = Exclude<AttemptStatus, 'infra_error'>;

/**
 * The outcome of one try of an attempt, as its lifecycle saw it. The runner adds the key, the price,
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
