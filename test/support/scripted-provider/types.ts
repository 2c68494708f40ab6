/** What a test scripts: per model id, the replies the local provider server gives. */

export interface ScriptedToolCall {
  name: string;
  /**
   * An object is sent as JSON; a string is sent verbatim as the OpenAI `arguments` text
   * (so a test can send malformed JSON). Anthropic gets `{}` for a string that is not JSON.
   */
  arguments: unknown;
}

export interface ScriptedUsage {
  input?: number;
  cachedInput?: number;
  output?: number;
  reasoning?: number;
}

export type ScriptStep =
  | {
      reply: { text?: string; toolCalls?: ScriptedToolCall[]; usage?: ScriptedUsage };
      /** Wait this long before answering. */
      delayMs?: number;
    }
  | { error: { status: number; headers?: Record<string, string>; message?: string } }
  /** Never answer (the client's timeout or abort must end the call). */
  | { hang: true };

/** One request as the server received it, for assertions. */
export interface RecordedRequest {
  protocol: 'openai' | 'anthropic';
  path: string;
  model: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  /** The prompt text of every message (user, system, tool results), joined: for matching. */
  text: string;
  /** How many requests for this model came before this one. */
  index: number;
}

/** A fixed list (one step per request, in order) or a function of the request. */
export type Script = ScriptStep[] | ((request: RecordedRequest) => ScriptStep);
