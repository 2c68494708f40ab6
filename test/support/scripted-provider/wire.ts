/** The two providers' real wire formats: replies and errors as their APIs send them. */
import type { ScriptedToolCall, ScriptedUsage, ScriptStep } from './types.ts';

type Reply = Extract<ScriptStep, { reply: unknown }>['reply'];

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${(++counter).toString(36).padStart(6, '0')}`;

function argumentsText(call: ScriptedToolCall): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
}

function argumentsObject(call: ScriptedToolCall): unknown {
  if (typeof call.arguments !== 'string') return call.arguments;
  try {
    return JSON.parse(call.arguments);
  } catch {
    return {};
  }
}

function tokens(usage: ScriptedUsage | undefined) {
  return {
    input: usage?.input ?? 100,
    cachedInput: usage?.cachedInput ?? 0,
    output: usage?.output ?? 20,
    reasoning: usage?.reasoning ?? 0,
  };
}

export function openaiCompletion(model: string, reply: Reply): unknown {
  const t = tokens(reply.usage);
  const calls = reply.toolCalls ?? [];
  return {
    id: nextId('chatcmpl'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: 'fp_scripted',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: reply.text ?? (calls.length ? null : ''),
          refusal: null,
          ...(calls.length
            ? {
                tool_calls: calls.map((call) => ({
                  id: nextId('call'),
                  type: 'function',
                  function: { name: call.name, arguments: argumentsText(call) },
                })),
              }
            : {}),
        },
        logprobs: null,
        finish_reason: calls.length ? 'tool_calls' : 'stop',
      },
    ],
    usage: {
      prompt_tokens: t.input,
      completion_tokens: t.output,
      total_tokens: t.input + t.output,
      prompt_tokens_details: { cached_tokens: t.cachedInput, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: t.reasoning, audio_tokens: 0 },
    },
  };
}

/**
 * Anthropic counts cached tokens apart from `input_tokens`; scripted `input` is the total,
 * as in our Usage, so the split is made here.
 */
export function anthropicMessage(model: string, reply: Reply): unknown {
  const t = tokens(reply.usage);
  const calls = reply.toolCalls ?? [];
  const content: unknown[] = [];
  if (reply.text) content.push({ type: 'text', text: reply.text });
  for (const call of calls) {
    content.push({
      type: 'tool_use',
      id: nextId('toolu'),
      name: call.name,
      input: argumentsObject(call),
    });
  }
  return {
    id: nextId('msg'),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: calls.length ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: t.input - t.cachedInput,
      cache_read_input_tokens: t.cachedInput,
      cache_creation_input_tokens: 0,
      output_tokens: t.output,
    },
  };
}

const OPENAI_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  404: 'invalid_request_error',
  429: 'rate_limit_exceeded',
};

const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

export function errorBody(
  protocol: 'openai' | 'anthropic',
  status: number,
  message: string,
): unknown {
  if (protocol === 'openai') {
    return {
      error: {
        message,
        type: OPENAI_ERROR_TYPES[status] ?? 'server_error',
        param: null,
        code: null,
      },
    };
  }
  return { type: 'error', error: { type: ANTHROPIC_ERROR_TYPES[status] ?? 'api_error', message } };
}
