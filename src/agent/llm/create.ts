/**
 * Builds the LLM agent for a model string, checking before any run starts what can be
 * checked: the string, the key, the parameters, and that a dollar limit has a price to
 * count against.
 */
import { describeProblem, InputError } from '../../errors.ts';
import { parseModelString } from '../../model/model-spec.ts';
import type { PriceTable } from '../../model/pricing.ts';
import { modelSecrets, resolveModel } from '../../model/resolve.ts';
import type { RetryPolicy } from '../../model/retry.ts';
import type { SpendMeter } from '../../model/spend.ts';
import type { Logger } from '../../util/logger.ts';
import { LlmAgent } from './agent.ts';
import type { AgentLimits } from './limits.ts';

export interface CreateLlmAgentOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** User prices (`--prices`) on top of the built-in table. */
  prices?: PriceTable;
  limits?: Partial<AgentLimits>;
  spend?: SpendMeter;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  /** The agent only plans here; its attempts run on queue workers (`ResolveModelOptions`). */
  keyElsewhere?: boolean;
}

export async function createLlmAgent(
  modelString: string,
  options: CreateLlmAgentOptions,
): Promise<LlmAgent> {
  const spec = parseModelString(modelString);
  const resolveOptions: Parameters<typeof resolveModel>[1] = { env: options.env };
  if (options.prices) resolveOptions.prices = options.prices;
  const retry = options.retry ?? retryFromEnv(options.env);
  if (retry) resolveOptions.retry = retry;
  if (options.logger) resolveOptions.logger = options.logger;
  if (options.keyElsewhere) resolveOptions.keyElsewhere = true;
  const model = await resolveModel(spec, resolveOptions);
  // Limits written in the model string win over run-wide defaults.
  const limits: Partial<AgentLimits> = { ...options.limits, ...spec.limits };
  const dollarLimit =
    limits.maxCostUsd !== undefined
      ? 'a per-attempt cost limit'
      : options.spend?.limitUsd !== undefined
        ? '--max-spend'
        : undefined;
  if (dollarLimit && !model.price) {
    throw new InputError(
      'CONFIG_INVALID',
      describeProblem({
        file: spec.label,
        expected: `a price for model "${spec.modelId}" because ${dollarLimit} is set (add it to a --prices file)`,
        found: 'no entry in the price table',
      }),
    );
  }
  const agentOptions: ConstructorParameters<typeof LlmAgent>[0] = {
    model,
    secrets: modelSecrets(options.env),
    limits,
  };
  if (options.spend) agentOptions.spend = options.spend;
  return new LlmAgent(agentOptions);
}

/** Test hook: a short first backoff so tests of providers that stay down run in seconds. */
function retryFromEnv(env: CreateLlmAgentOptions['env']): Partial<RetryPolicy> | undefined {
  const text = env.SWELANCER_MODEL_RETRY_BASE_MS;
  if (text === undefined || text === '') return undefined;
  const baseDelayMs = Number(text);
  if (!Number.isFinite(baseDelayMs) || baseDelayMs < 0) {
    throw new InputError(
      'INPUT_INVALID',
      describeProblem({
        field: 'SWELANCER_MODEL_RETRY_BASE_MS',
        expected: 'a number ≥ 0',
        found: text,
      }),
    );
  }
  return { baseDelayMs };
}
