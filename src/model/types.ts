/**
 * The provider-neutral model contract. Providers (OpenAI, Anthropic, OpenAI-compatible)
 * implement `ModelAPI`; the agent talks to the `Model` facade (model.ts), which adds
 * retries, cost and spend accounting.
 */
import type { JsonValue } from '../util/json.ts';
import type { Usage } from './usage.ts';

/** A tool call as the model sent it. */
export interface ToolCall {
  /** The provider's id for the call; tool results refer to it. */
  id: string;
  name: string;
  /**
   * The arguments as JSON text, exactly as received (OpenAI sends text that may be invalid
   * JSON; Anthropic sends an object, serialized here), so the agent can report bad JSON.
   */
  arguments: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | {
      role: 'assistant';
      content: string;
      toolCalls: ToolCall[];
      /** Anthropic extended thinking: signed blocks that must be sent back unchanged. */
      thinking?: ThinkingBlock[];
    }
  | { role: 'tool'; toolCallId: string; toolName: string; content: string; isError: boolean };

export interface ThinkingBlock {
  thinking: string;
  signature: string;
}

/** A tool offered to the model: a name, what it does, and a JSON Schema of its arguments. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: { [key: string]: JsonValue };
}

/** Per-model generation parameters; unset means the provider's default. */
export interface ModelParams {
  temperature?: number;
  topP?: number;
  /** Upper bound on output tokens per call (Anthropic needs one: @default 8192 there). */
  maxTokens?: number;
  /** OpenAI reasoning models (o-series, gpt-5): `minimal` | `low` | `medium` | `high`. */
  reasoningEffort?: 'minimal' | 'low' | 'medium' | 'high';
  /** Anthropic extended thinking budget in tokens; unset means thinking off. */
  thinkingBudget?: number;
}

export interface ModelRequest {
  messages: ChatMessage[];
  tools: ToolSpec[];
  signal?: AbortSignal;
}

export interface ModelReply {
  /** Text the model wrote besides its tool calls (may be empty). */
  text: string;
  toolCalls: ToolCall[];
  usage: Usage;
  /** Why the model stopped, as the provider says it (`tool_calls`, `end_turn`...). */
  stopReason: string;
  thinking?: ThinkingBlock[];
}

/** What a provider implements: one request, one reply, no retries. */
export interface ModelAPI {
  readonly provider: string;
  readonly modelId: string;
  generate(request: ModelRequest): Promise<ModelReply>;
}
