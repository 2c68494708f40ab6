/** Anthropic messages with tools, through the official SDK. */
import Anthropic from '@anthropic-ai/sdk';
import type {
  ContentBlockParam,
  MessageCreateParamsNonStreaming,
  MessageParam,
  ToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/messages';
import { classifySdkError } from '../call-error.ts';
import type {
  ChatMessage,
  ModelAPI,
  ModelParams,
  ModelReply,
  ModelRequest,
  ThinkingBlock,
  ToolCall,
} from '../types.ts';

export interface AnthropicProviderOptions {
  modelId: string;
  apiKey: string;
  baseURL: string | undefined;
  params: ModelParams;
  /** Per-request timeout. @default 600000 */
  timeoutMs?: number;
}

/** The Messages API requires max_tokens; this is what we ask for when the user did not. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 8192;

const SDK_CLASSES = {
  isAbort: (e: unknown) => e instanceof Anthropic.APIUserAbortError,
  isConnection: (e: unknown) => e instanceof Anthropic.APIConnectionError,
  isApi: (e: unknown) => e instanceof Anthropic.APIError,
};

export class AnthropicMessagesAPI implements ModelAPI {
  readonly provider = 'anthropic';
  readonly modelId: string;
  readonly #client: Anthropic;
  readonly #params: ModelParams;

  constructor(options: AnthropicProviderOptions) {
    this.modelId = options.modelId;
    this.#params = options.params;
    // Retries belong to the Model facade, so that every provider backs off the same way.
    this.#client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? null,
      maxRetries: 0,
      timeout: options.timeoutMs ?? 600_000,
    });
  }

  async generate(request: ModelRequest): Promise<ModelReply> {
    const p = this.#params;
    const thinkingBudget = p.thinkingBudget;
    const maxTokens =
      p.maxTokens ?? Math.max(ANTHROPIC_DEFAULT_MAX_TOKENS, (thinkingBudget ?? 0) + 4096);
    const system = request.messages
      .filter((m) => m.role === 'system')
      .map((m) => m.content)
      .join('\n\n');
    // Sampling parameters are gone from this SDK's types (newer models reject them) but the
    // API still takes them for the models that do; they are sent only when asked for.
    const body: MessageCreateParamsNonStreaming & { temperature?: number; top_p?: number } = {
      model: this.modelId,
      max_tokens: maxTokens,
      messages: toAnthropicMessages(request.messages),
    };
    if (system !== '') body.system = system;
    if (request.tools.length > 0) {
      body.tools = request.tools.map((tool) => ({
        name: tool.name,
        description: tool.description,
        input_schema: { ...tool.parameters, type: 'object' },
      }));
    }
    if (p.temperature !== undefined) body.temperature = Math.min(p.temperature, 1);
    if (p.topP !== undefined) body.top_p = p.topP;
    if (thinkingBudget !== undefined) {
      body.thinking = { type: 'enabled', budget_tokens: thinkingBudget };
    }

    let message: Anthropic.Message;
    try {
      message = await this.#client.messages.create(
        body,
        request.signal ? { signal: request.signal } : undefined,
      );
    } catch (error) {
      throw classifySdkError(error, SDK_CLASSES);
    }
    const texts: string[] = [];
    const toolCalls: ToolCall[] = [];
    const thinking: ThinkingBlock[] = [];
    for (const block of message.content) {
      if (block.type === 'text') texts.push(block.text);
      else if (block.type === 'tool_use') {
        toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input) });
      } else if (block.type === 'thinking') {
        thinking.push({ thinking: block.thinking, signature: block.signature });
      }
    }
    const u = message.usage;
    const cacheRead = u.cache_read_input_tokens ?? 0;
    const cacheWrite = u.cache_creation_input_tokens ?? 0;
    const reply: ModelReply = {
      text: texts.join('\n'),
      toolCalls,
      stopReason: message.stop_reason ?? 'unknown',
      // Anthropic counts cache reads and writes apart from input_tokens; our Usage counts
      // every input token in inputTokens (see usage.ts).
      usage: {
        inputTokens: u.input_tokens + cacheRead + cacheWrite,
        cachedInputTokens: cacheRead,
        outputTokens: u.output_tokens,
        reasoningTokens: u.output_tokens_details?.thinking_tokens ?? 0,
      },
    };
    if (thinking.length > 0) reply.thinking = thinking;
    return reply;
  }
}

/**
 * Anthropic wants tool results inside a user turn, and turns to alternate; consecutive
 * tool results and a following user text are merged into one user turn.
 */
function toAnthropicMessages(messages: ChatMessage[]): MessageParam[] {
  const out: MessageParam[] = [];
  const pushUser = (blocks: ContentBlockParam[]) => {
    const last = out.at(-1);
    if (last?.role === 'user' && Array.isArray(last.content)) last.content.push(...blocks);
    else out.push({ role: 'user', content: blocks });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        break;
      case 'user':
        pushUser([{ type: 'text', text: message.content }]);
        break;
      case 'tool': {
        const block: ToolResultBlockParam = {
          type: 'tool_result',
          tool_use_id: message.toolCallId,
          content: message.content === '' ? '(no output)' : message.content,
        };
        if (message.isError) block.is_error = true;
        pushUser([block]);
        break;
      }
      case 'assistant': {
        const blocks: ContentBlockParam[] = [];
        for (const t of message.thinking ?? []) {
          blocks.push({ type: 'thinking', thinking: t.thinking, signature: t.signature });
        }
        if (message.content !== '') blocks.push({ type: 'text', text: message.content });
        for (const call of message.toolCalls) {
          blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: parseInput(call) });
        }
        if (blocks.length === 0) blocks.push({ type: 'text', text: '(no reply)' });
        out.push({ role: 'assistant', content: blocks });
        break;
      }
    }
  }
  return out;
}

function parseInput(call: ToolCall): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(call.arguments);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
