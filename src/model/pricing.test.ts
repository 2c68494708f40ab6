import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { parsePrices } from './prices-file.ts';
import { BUILTIN_PRICES, costOf, findPrice, mergePrices } from './pricing.ts';

describe('pricing', () => {
  it('bills uncached, cached, output and separately priced reasoning tokens once each', () => {
    const usage = {
      inputTokens: 1_000_000,
      cachedInputTokens: 400_000,
      outputTokens: 300_000,
      reasoningTokens: 100_000,
    };
    // 600k × $2 + 400k × $0.5 + 200k × $8 + 100k × $8 (reasoning billed as output).
    expect(costOf(usage, { input: 2, cachedInput: 0.5, output: 8 })).toBeCloseTo(
      1.2 + 0.2 + 1.6 + 0.8,
      12,
    );
    // A reasoning price of its own, and cached input at the input price when none is set.
    expect(costOf(usage, { input: 2, output: 8, reasoning: 20 })).toBeCloseTo(2 + 1.6 + 2, 12);
  });

  it('finds dated ids under their undated name, and provider-qualified user entries first', () => {
    expect(findPrice(BUILTIN_PRICES, 'openai', 'gpt-4o-2024-08-06')).toEqual(
      BUILTIN_PRICES['gpt-4o'],
    );
    expect(findPrice(BUILTIN_PRICES, 'anthropic', 'claude-opus-4-5-20251101')).toEqual(
      BUILTIN_PRICES['claude-opus-4-5'],
    );
    expect(findPrice(BUILTIN_PRICES, 'openai-compatible', 'llama3')).toBeUndefined();
    const table = mergePrices({ 'openai-compatible:gpt-4o': { input: 0, output: 0 } });
    expect(findPrice(table, 'openai-compatible', 'gpt-4o')).toEqual({ input: 0, output: 0 });
    expect(findPrice(table, 'openai', 'gpt-4o')).toEqual(BUILTIN_PRICES['gpt-4o']);
  });

  it('validates a prices file, naming the field', () => {
    expect(
      parsePrices({ llama3: { input: 0.2, output: 0.6, cachedInput: 0.1 } }, 'p.json'),
    ).toEqual({
      llama3: { input: 0.2, output: 0.6, cachedInput: 0.1 },
    });
    const bad = (value: unknown) => () => parsePrices(value, 'p.json');
    expect(bad({ llama3: { input: -1, output: 1 } })).toThrow(InputError);
    expect(bad({ llama3: { input: -1, output: 1 } })).toThrow(
      /p\.json, field "llama3\.input": expected .*≥ 0.*found -1/,
    );
    expect(bad({ llama3: { input: 1 } })).toThrow(/field "llama3\.output"/);
    expect(bad({ llama3: { input: 1, output: 1, cache: 1 } })).toThrow(
      /only the fields input, cachedInput, output, reasoning \(not cache\)/,
    );
    expect(bad([1, 2])).toThrow(/p\.json: expected an object mapping model ids/);
  });
});
