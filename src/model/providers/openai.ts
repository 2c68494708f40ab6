/**
 * OpenAI chat completions with tools, through the official SDK. Also serves any
 * OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp...) given its base URL.
 */
import OpenAI from 'openai';
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { classifySdkError, ModelCallError } from '../call-error.ts';
import type { ChatMessage, ModelAPI, ModelParams, ModelReply, ModelRequest } from '../types.ts';
import { ZERO_USAGE } from '../usage.ts';

export interface OpenAIProviderOptions {
  provider: 'openai' | 'openai-compatible';
  modelId: string;
  apiKey: string;
  baseURL: string | undefined;
  params: ModelParams;
  /** Per-request timeout. @default 600000 */
  timeoutMs?: number;
}

const SDK_CLASSES = {
  isAbort: (e: unknown) => e instanceof OpenAI.APIUserAbortError,
  isConnection: (e: unknown) => e instanceof OpenAI.APIConnectionError,
  isApi: (e: unknown) => e instanceof OpenAI.APIError,
};

export class OpenAIChatAPI implements ModelAPI {
  readonly provider: 'openai' | 'openai-compatible';
  readonly modelId: string;
  readonly #client: OpenAI;
  readonly #params: ModelParams;

  constructor(options: OpenAIProviderOptions) {
    this.provider = options.provider;
    this.modelId = options.modelId;
    this.#params = options.params;
    // Retries belong to the Model facade, so that every provider backs off the same way.
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? null,
      maxRetries: 0,
      timeout: options.timeoutMs ?? 600_000,
    });
  }

  async generate(request: ModelRequest): Promise<ModelReply> {
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: this.modelId,
      messages: request.messages.map(toOpenAIMessage),
    };
    if (request.tools.length > 0) {
      body.tools = request.tools.map((tool) => ({
        type: 'function',
        function: { name: tool.name, description: tool.description, parameters: tool.parameters },
      }));
    }
    const p = this.#params;
    if (p.temperature !== undefined) body.temperature = p.temperature;
    if (p.topP !== undefined) body.top_p = p.topP;
    if (p.maxTokens !== undefined) {
      // OpenAI deprecated max_tokens (reasoning models reject it); most compatible
      // servers only know max_tokens.
      if (this.provider === 'openai') body.max_completion_tokens = p.maxTokens;
      else body.max_tokens = p.maxTokens;
    }
    if (p.reasoningEffort !== undefined) body.reasoning_effort = p.reasoningEffort;

    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.#client.chat.completions.create(
        body,
        request.signal ? { signal: request.signal } : undefined,
      );
    } catch (error) {
      throw classifySdkError(error, SDK_CLASSES);
    }
    const choice = completion.choices?.[0];
    if (!choice) {
      throw new ModelCallError('server', 'the reply has no choices');
    }
    const toolCalls = (choice.message.tool_calls ?? []).map((call) =>
      call.type === 'function'
        ? { id: call.id, name: call.function.name, arguments: call.function.arguments }
        : { id: call.id, name: call.custom.name, arguments: call.custom.input },
    );
    const usage = completion.usage;
    return {
      text: choice.message.content ?? '',
      toolCalls,
      stopReason: choice.finish_reason ?? 'unknown',
      usage: usage
        ? {
            inputTokens: usage.prompt_tokens ?? 0,
            cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
            outputTokens: usage.completion_tokens ?? 0,
            reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
          }
        : { ...ZERO_USAGE },
    };
  }
}

function toOpenAIMessage(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant':
      return message.toolCalls.length === 0
        ? { role: 'assistant', content: message.content }
        : {
            role: 'assistant',
            content: message.content === '' ? null : message.content,
            tool_calls: message.toolCalls.map((call) => ({
              id: call.id,
              type: 'function',
              function: { name: call.name, arguments: call.arguments },
            })),
          };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}
