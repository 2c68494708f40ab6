/**
 * What tokens cost, in USD per million tokens, and the cost of a call from its usage.
 * The built-in table covers common OpenAI and Anthropic models; a prices file
 * (prices-file.ts) adds or overrides entries. A model with no entry has an unknown cost.
 */
import type { Usage } from './usage.ts';

export interface ModelPrice {
  /** Uncached input tokens. */
  input: number;
  /** Input tokens read from the provider's prompt cache. @default input */
  cachedInput?: number;
  output: number;
  /**
   * Reasoning tokens, only when billed apart from output. @default output (OpenAI bills
   * reasoning tokens as output tokens)
   */
  reasoning?: number;
}

/**
 * List prices (USD per 1M tokens) as published by the providers. Keys are model ids; a
 * dated id (`gpt-4o-2024-08-06`, `claude-sonnet-4-5-20250929`) falls back to its undated
 * name when it has no entry of its own.
 */
export const BUILTIN_PRICES: Readonly<Record<string, ModelPrice>> = {
  // OpenAI
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-4o-2024-05-13': { input: 5, output: 15 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gpt-4.5-preview': { input: 75, cachedInput: 37.5, output: 150 },
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  o1: { input: 15, cachedInput: 7.5, output: 60 },
  'o1-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  'o3-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
  'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
  // Anthropic (cache reads at 10% of input)
  'claude-3-5-sonnet': { input: 3, cachedInput: 0.3, output: 15 },
  'claude-3-5-sonnet-20240620': { input: 3, cachedInput: 0.3, output: 15 },
  'claude-3-7-sonnet': { input: 3, cachedInput: 0.3, output: 15 },
  'claude-3-5-haiku': { input: 0.8, cachedInput: 0.08, output: 4 },
  'claude-sonnet-4': { input: 3, cachedInput: 0.3, output: 15 },
  'claude-sonnet-4-0': { input: 3, cachedInput: 0.3, output: 15 },
  'claude-sonnet-4-5': { input: 3, cachedInput: 0.3, output: 15 },
  'claude-opus-4': { input: 15, cachedInput: 1.5, output: 75 },
  'claude-opus-4-0': { input: 15, cachedInput: 1.5, output: 75 },
  'claude-opus-4-1': { input: 15, cachedInput: 1.5, output: 75 },
  'claude-opus-4-5': { input: 5, cachedInput: 0.5, output: 25 },
  'claude-haiku-4-5': { input: 1, cachedInput: 0.1, output: 5 },
};

export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * Finds the price of a model. Lookup order: `<provider>:<model>` (lets a prices file price
 * one endpoint's model apart), then `<model>`, then `<model>` without a date suffix.
 */
export function findPrice(
  table: PriceTable,
  provider: string,
  modelId: string,
): ModelPrice | undefined {
  return (
    table[`${provider}:${modelId}`] ??
    table[modelId] ??
    table[modelId.replace(/-(\d{8}|\d{4}-\d{2}-\d{2})$/, '')]
  );
}

/**
 * USD for a usage. `usage.inputTokens` includes cached tokens and `usage.outputTokens`
 * includes reasoning tokens (see usage.ts), so each part is billed once.
 */
export function costOf(usage: Usage, price: ModelPrice): number {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const reasoning = Math.min(usage.reasoningTokens, usage.outputTokens);
  const micros =
    (usage.inputTokens - cached) * price.input +
    cached * (price.cachedInput ?? price.input) +
    (usage.outputTokens - reasoning) * price.output +
    reasoning * (price.reasoning ?? price.output);
  return micros / 1_000_000;
}

/** The built-in table with user entries on top. */
export function mergePrices(overrides: PriceTable | undefined): PriceTable {
  return overrides ? { ...BUILTIN_PRICES, ...overrides } : BUILTIN_PRICES;
}
