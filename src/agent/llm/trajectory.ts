/**
 * The record of one attempt of the built-in agent, written as the `trajectory.json`
 * artifact (format documented in docs/models.md). Long texts are cut head+tail so a
 * trajectory stays readable; secrets are redacted when it is written.
 */
import type { ChatMessage, ModelParams, ToolCall } from '../../model/types.ts';
import type { Usage } from '../../model/usage.ts';
import { truncateMiddle } from './truncate.ts';

export const TRAJECTORY_FORMAT = 'swelancer.trajectory/1';

/** Longest text kept per message, tool argument or tool output in the file. */
const MAX_RECORDED_CHARS = 20_000;

export interface TrajectoryToolResult {
  toolCallId: string;
  name: string;
  output: string;
  isError: boolean;
  durationMs: number;
}

export interface TrajectoryStep {
  /** 1-based model call number. */
  index: number;
  startedAt: string;
  latencyMs: number;
  retries: number;
  usage: Usage;
  /** null when the model has no price. */
  costUsd: number | null;
  stopReason: string;
  assistant: { text: string; toolCalls: ToolCall[] };
  toolResults: TrajectoryToolResult[];
  /** What the harness told the model besides tool results (e.g. a nudge to use a tool). */
  notes: string[];
}

export interface TrajectoryOutcome {
  status: 'completed' | 'agent_error' | 'limit' | 'infra_error' | 'interrupted';
  reason: string | undefined;
  selectedProposalId?: number | null;
  usage: Usage;
  costUsd: number | null;
  durationMs: number;
}

export interface Trajectory {
  format: typeof TRAJECTORY_FORMAT;
  agentVersion: string;
  model: { label: string; provider: string; modelId: string; params: ModelParams };
  taskId: string;
  taskKind: string;
  attemptKey: string;
  limits: Record<string, number | null>;
  tools: string[];
  /** The exact opening messages (system and task prompt). */
  prompt: ChatMessage[];
  steps: TrajectoryStep[];
  outcome: TrajectoryOutcome | undefined;
}

export function cut(text: string): string {
  return truncateMiddle(text, MAX_RECORDED_CHARS);
}

export function recordedCalls(calls: readonly ToolCall[]): ToolCall[] {
  return calls.map((c) => ({ id: c.id, name: c.name, arguments: cut(c.arguments) }));
}
