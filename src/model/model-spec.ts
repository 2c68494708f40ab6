/**
 * Model strings: `openai:gpt-4o`, `anthropic:claude-sonnet-4-5`,
 * `openai-compatible:llama3@http://127.0.0.1:11434/v1`, each optionally followed by
 * parameters as a query string: `openai:o3?reasoning_effort=high&max_tokens=4000`.
 */
import { z } from 'zod';
import { describeProblem, InputError } from '../errors.ts';
import type { ModelParams } from './types.ts';

export const PROVIDER_NAMES = ['openai', 'anthropic', 'openai-compatible'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export interface ModelSpec {
  provider: ProviderName;
  /** The id sent to the provider, e.g. `gpt-4o`. */
  modelId: string;
  /** `openai-compatible` only: the endpoint named in the string (never with credentials). */
  baseUrl: string | undefined;
  params: ModelParams;
  limits: AttemptLimitParams;
  /**
   * The model string without secrets and with parameters in a fixed order: the agent label
   * shown in reports, e.g. `openai:o3?max_tokens=4000&reasoning_effort=high`.
   */
  label: string;
}

/** Written names (as in the query string) → resolved fields. */
const PARAMS_SCHEMA = z
  .object({
    temperature: z.coerce.number().min(0).max(2).optional(),
    top_p: z.coerce.number().gt(0).max(1).optional(),
    max_tokens: z.coerce.number().int().positive().optional(),
    reasoning_effort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
    thinking_budget: z.coerce.number().int().min(1024).optional(),
    // Per-attempt limits of the built-in agent: in the model string so that they are part
    // of the agent's name, its label in reports and the plan a resume re-creates.
    max_steps: z.coerce.number().int().positive().optional(),
    max_time: z.coerce.number().positive().optional(),
    max_attempt_tokens: z.coerce.number().int().positive().optional(),
    max_cost: z.coerce.number().positive().optional(),
  })
  .strict();

/** Per-attempt limits given in a model string (`?max_steps=50&max_cost=2`). */
export interface AttemptLimitParams {
  maxSteps?: number;
  maxTimeMs?: number;
  maxTokens?: number;
  maxCostUsd?: number;
}

export function parseModelString(text: string, where = '--model'): ModelSpec {
  const fail = (expected: string, found: unknown, field?: string): never => {
    const problem: Parameters<typeof describeProblem>[0] = { file: where, expected, found };
    if (field !== undefined) problem.field = field;
    throw new InputError('FLAG_INVALID', `${describeProblem(problem)}`);
  };
  const colon = text.indexOf(':');
  if (colon <= 0) {
    fail(
      `a model string "<provider>:<model>" with provider one of ${PROVIDER_NAMES.join(', ')}`,
      text,
    );
  }
  const provider = text.slice(0, colon);
  if (!(PROVIDER_NAMES as readonly string[]).includes(provider)) {
    fail(`a provider among ${PROVIDER_NAMES.join(', ')}`, provider, 'provider');
  }
  const rest = text.slice(colon + 1);
  const question = rest.indexOf('?');
  const head = question === -1 ? rest : rest.slice(0, question);
  const query = question === -1 ? '' : rest.slice(question + 1);

  let modelId = head;
  let baseUrl: string | undefined;
  if (provider === 'openai-compatible') {
    const match = /^(.+?)@(https?:\/\/.+)$/.exec(head);
    if (!match?.[1] || !match[2]) {
      fail('"openai-compatible:<model>@<http(s) base URL>"', text);
    }
    modelId = match?.[1] ?? '';
    baseUrl = match?.[2];
    if (baseUrl !== undefined && !URL.canParse(baseUrl)) fail('a valid URL', baseUrl, 'base URL');
    if (baseUrl !== undefined && URL.canParse(baseUrl)) {
      const url = new URL(baseUrl);
      // Model strings are stored in the run's plan: a key in them would end up on disk.
      if (url.username !== '' || url.password !== '') {
        fail(
          'a base URL without credentials (put the key in OPENAI_COMPATIBLE_API_KEY)',
          '<url with user:password@>',
          'base URL',
        );
      }
    }
  }
  if (modelId.trim() === '' || /\s/.test(modelId)) {
    fail('a model id without spaces after the provider', modelId, 'model');
  }

  const { params, limits } = parseParams(query, fail);
  const label = makeLabel(provider as ProviderName, modelId, baseUrl, query);
  return { provider: provider as ProviderName, modelId, baseUrl, params, limits, label };
}

function parseParams(
  query: string,
  fail: (expected: string, found: unknown, field?: string) => never,
): { params: ModelParams; limits: AttemptLimitParams } {
  if (query === '') return { params: {}, limits: {} };
  const raw: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) raw[key] = value;
  const parsed = PARAMS_SCHEMA.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || undefined;
    if (issue?.code === 'unrecognized_keys') {
      return fail(
        `parameters among ${Object.keys(PARAMS_SCHEMA.shape).join(', ')}`,
        issue.keys.join(', '),
        'params',
      );
    }
    return fail(issue?.message ?? 'valid parameters', field ? raw[field] : query, field);
  }
  const p = parsed.data;
  const params: ModelParams = {};
  if (p.temperature !== undefined) params.temperature = p.temperature;
  if (p.top_p !== undefined) params.topP = p.top_p;
  if (p.max_tokens !== undefined) params.maxTokens = p.max_tokens;
  if (p.reasoning_effort !== undefined) params.reasoningEffort = p.reasoning_effort;
  if (p.thinking_budget !== undefined) params.thinkingBudget = p.thinking_budget;
  const limits: AttemptLimitParams = {};
  if (p.max_steps !== undefined) limits.maxSteps = p.max_steps;
  if (p.max_time !== undefined) limits.maxTimeMs = p.max_time * 1000;
  if (p.max_attempt_tokens !== undefined) limits.maxTokens = p.max_attempt_tokens;
  if (p.max_cost !== undefined) limits.maxCostUsd = p.max_cost;
  return { params, limits };
}

function makeLabel(
  provider: ProviderName,
  modelId: string,
  baseUrl: string | undefined,
  query: string,
): string {
  const endpoint = baseUrl === undefined ? '' : `@${baseUrl}`;
  const sorted = [...new URLSearchParams(query)].sort(([a], [b]) => (a < b ? -1 : 1));
  const params = sorted.length ? `?${new URLSearchParams(sorted).toString()}` : '';
  return `${provider}:${modelId}${endpoint}${params}`;
}
