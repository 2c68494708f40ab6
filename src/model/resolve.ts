/**
 * From a model string to a ready `Model`: credentials from the environment, the provider
 * SDK loaded lazily, the price looked up. Everything that can be checked before a run
 * starts (unknown provider, missing key, bad parameters) fails here with an InputError.
 */
import { describeProblem, InputError } from '../errors.ts';
import type { Logger } from '../util/logger.ts';
import { Model } from './model.ts';
import { type ModelSpec, type ProviderName, parseModelString } from './model-spec.ts';
import { findPrice, mergePrices, type PriceTable } from './pricing.ts';
import type { RetryPolicy } from './retry.ts';
import type { ModelAPI } from './types.ts';

type Env = Readonly<Record<string, string | undefined>>;

interface ProviderConfig {
  apiKey: string;
  baseURL: string | undefined;
}

/** Literal map of lazy provider factories (the SDKs load only when a model is used). */
const PROVIDERS = {
  openai: async (spec: ModelSpec, config: ProviderConfig): Promise<ModelAPI> => {
    const { OpenAIChatAPI } = await import('./providers/openai.ts');
    return new OpenAIChatAPI({
      provider: 'openai',
      modelId: spec.modelId,
      params: spec.params,
      ...config,
    });
  },
  'openai-compatible': async (spec: ModelSpec, config: ProviderConfig): Promise<ModelAPI> => {
    const { OpenAIChatAPI } = await import('./providers/openai.ts');
    return new OpenAIChatAPI({
      provider: 'openai-compatible',
      modelId: spec.modelId,
      params: spec.params,
      ...config,
    });
  },
  anthropic: async (spec: ModelSpec, config: ProviderConfig): Promise<ModelAPI> => {
    const { AnthropicMessagesAPI } = await import('./providers/anthropic.ts');
    return new AnthropicMessagesAPI({ modelId: spec.modelId, params: spec.params, ...config });
  },
} satisfies Record<ProviderName, unknown>;

/** Which environment variables each provider reads. */
export const PROVIDER_ENV: Record<
  ProviderName,
  { key: string; keyRequired: boolean; baseUrl: string | undefined }
> = {
  openai: { key: 'OPENAI_API_KEY', keyRequired: true, baseUrl: 'OPENAI_BASE_URL' },
  anthropic: { key: 'ANTHROPIC_API_KEY', keyRequired: true, baseUrl: 'ANTHROPIC_BASE_URL' },
  'openai-compatible': { key: 'OPENAI_COMPATIBLE_API_KEY', keyRequired: false, baseUrl: undefined },
};

/** Local servers usually ignore the key, but the SDK insists on one. */
const NO_KEY = 'no-key';

/** `keyElsewhere`: this process never calls the model (see `ResolveModelOptions`). */
export function providerConfig(spec: ModelSpec, env: Env, keyElsewhere = false): ProviderConfig {
  const vars = PROVIDER_ENV[spec.provider];
  const key = env[vars.key];
  if ((key === undefined || key === '') && vars.keyRequired && !keyElsewhere) {
    throw new InputError(
      'CONFIG_INVALID',
      `${describeProblem({ file: spec.label, expected: `an API key in the environment variable ${vars.key}`, found: 'it unset' })}`,
    );
  }
  const baseURL = spec.baseUrl ?? (vars.baseUrl ? env[vars.baseUrl] || undefined : undefined);
  return { apiKey: key || NO_KEY, baseURL };
}

/** Every provider API key set in the environment, for `makeRedactor` and loggers. */
export function modelSecrets(env: Env): string[] {
  const secrets = new Set<string>();
  for (const vars of Object.values(PROVIDER_ENV)) {
    const key = env[vars.key];
    if (key) secrets.add(key);
  }
  return [...secrets];
}

export interface ResolveModelOptions {
  env: Env;
  /** User prices on top of the built-in table. */
  prices?: PriceTable;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  /** For tests: the jitter source. */
  random?: () => number;
  /**
   * The model is called by other processes only (a queue's workers, which read the key
   * from their own environment): a missing key here is not an error. @default false
   */
  keyElsewhere?: boolean;
}

export async function resolveModel(
  specOrString: ModelSpec | string,
  options: ResolveModelOptions,
): Promise<Model> {
  const spec = typeof specOrString === 'string' ? parseModelString(specOrString) : specOrString;
  const config = providerConfig(spec, options.env, options.keyElsewhere);
  const api = await PROVIDERS[spec.provider](spec, config);
  const price = findPrice(mergePrices(options.prices), spec.provider, spec.modelId);
  const modelOptions: ConstructorParameters<typeof Model>[2] = { price };
  if (options.retry) modelOptions.retry = options.retry;
  if (options.logger) modelOptions.logger = options.logger;
  if (options.random) modelOptions.random = options.random;
  return new Model(api, spec, modelOptions);
}
