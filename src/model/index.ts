export { ModelCallError, type ModelCallErrorKind } from './call-error.ts';
export { Model, type ModelCallResult, type ModelOptions } from './model.ts';
export {
  type AttemptLimitParams,
  type ModelSpec,
  PROVIDER_NAMES,
  type ProviderName,
  parseModelString,
} from './model-spec.ts';
export { loadPricesFile, parsePrices } from './prices-file.ts';
export {
  BUILTIN_PRICES,
  costOf,
  findPrice,
  type ModelPrice,
  mergePrices,
  type PriceTable,
} from './pricing.ts';
export {
  modelSecrets,
  PROVIDER_ENV,
  providerConfig,
  type ResolveModelOptions,
  resolveModel,
} from './resolve.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
export { SpendMeter } from './spend.ts';
export type {
  ChatMessage,
  ModelAPI,
  ModelParams,
  ModelReply,
  ModelRequest,
  ToolCall,
  ToolSpec,
} from './types.ts';
export { addUsage, type Usage, ZERO_USAGE } from './usage.ts';
