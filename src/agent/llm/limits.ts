/** Per-attempt limits of the built-in agent. Any of them firing ends the attempt as `limit`. */

export interface AgentLimits {
  /** Model calls per attempt (the paper's 100 tool calls). @default 100 */
  maxSteps: number;
  /** Wall time per attempt, in ms. @default 3600000 (one hour, as the official runner) */
  maxTimeMs: number;
  /** Input plus output tokens over the attempt; undefined means no limit. @default undefined */
  maxTokens: number | undefined;
  /** USD over the attempt; needs a priced model. @default undefined */
  maxCostUsd: number | undefined;
  /** Malformed replies in a row (bad JSON, unknown tool, no tool call) before `agent_error`. @default 3 */
  maxMalformedInARow: number;
}

export const DEFAULT_AGENT_LIMITS: AgentLimits = {
  maxSteps: 100,
  maxTimeMs: 3_600_000,
  maxTokens: undefined,
  maxCostUsd: undefined,
  maxMalformedInARow: 3,
};

export type LimitReason = 'steps' | 'time' | 'tokens' | 'cost';
