/**
 * The user's prices file (`--prices prices.json`): model id → USD per million tokens.
 *
 * ```json
 * { "llama3": { "input": 0, "output": 0 },
 *   "openai:gpt-4o": { "input": 2.5, "cachedInput": 1.25, "output": 10 } }
 * ```
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { describeProblem, InputError } from '../errors.ts';
import type { ModelPrice, PriceTable } from './pricing.ts';

const usdPerMillion = z.number().finite().min(0);

const PRICE_SCHEMA = z
  .object({
    input: usdPerMillion,
    cachedInput: usdPerMillion.optional(),
    output: usdPerMillion,
    reasoning: usdPerMillion.optional(),
  })
  .strict();

const FILE_SCHEMA = z.record(z.string().min(1), PRICE_SCHEMA);

export function parsePrices(value: unknown, file: string): PriceTable {
  const parsed = FILE_SCHEMA.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String) ?? [];
    const found = path.reduce<unknown>(
      (node, key) =>
        node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
      value,
    );
    const expected =
      issue?.code === 'unrecognized_keys'
        ? `only the fields input, cachedInput, output, reasoning (not ${issue.keys.join(', ')})`
        : path.length === 0
          ? 'an object mapping model ids to { input, cachedInput?, output, reasoning? } in USD per million tokens'
          : `${issue?.message ?? 'a valid value'} (USD per million tokens, a number ≥ 0)`;
    const problem: Parameters<typeof describeProblem>[0] = { file, expected };
    if (path.length > 0) problem.field = path.join('.');
    if (issue?.code !== 'unrecognized_keys') problem.found = found;
    throw new InputError('CONFIG_INVALID', describeProblem(problem), { location: file });
  }
  const table: Record<string, ModelPrice> = {};
  for (const [model, entry] of Object.entries(parsed.data)) {
    const price: ModelPrice = { input: entry.input, output: entry.output };
    if (entry.cachedInput !== undefined) price.cachedInput = entry.cachedInput;
    if (entry.reasoning !== undefined) price.reasoning = entry.reasoning;
    table[model] = price;
  }
  return table;
}

export async function loadPricesFile(file: string): Promise<PriceTable> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(
      'CONFIG_INVALID',
      describeProblem({
        file,
        expected: 'a readable prices JSON file',
        found: (error as Error).message,
      }),
      { location: file, cause: error },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      'CONFIG_INVALID',
      describeProblem({ file, expected: 'valid JSON', found: (error as Error).message }),
      { location: file, cause: error },
    );
  }
  return parsePrices(value, file);
}
