/**
 * Percentile bootstrap over TASKS: tasks are the unit that was sampled from the world of
 * freelance jobs, so resampling them (with replacement) shows how much the headline would
 * move with a different draw of jobs. Attempts of one task stay together.
 */
import { InputError } from '../errors.ts';
import { createPrng, pickIndex } from '../util/prng.ts';
import type { Interval } from './types.ts';

export interface BootstrapOptions {
  /** Number of resamples. @default 1000 */
  resamples?: number;
  /** PRNG seed; the same seed gives the same interval. @default 1 */
  seed?: number;
  /** Coverage of the interval. @default 0.95 */
  confidence?: number;
}

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_SEED = 1;
export const DEFAULT_CONFIDENCE = 0.95;

/** A statistic of a sample of items (e.g. Σ earned, mean pass rate). */
export type Statistic<T> = (sample: readonly T[]) => number;

/**
 * Intervals for several statistics of the same items, all computed on the same resamples
 * (so e.g. earned $ and pass@1 intervals come from one coherent set of draws). Returns null
 * for every statistic when there are no items.
 */
export function bootstrapIntervals<T, K extends string>(
  items: readonly T[],
  statistics: Record<K, Statistic<T>>,
  options: BootstrapOptions = {},
): Record<K, Interval | null> {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  checkOptions(resamples, confidence);
  const names = Object.keys(statistics) as K[];
  const out = {} as Record<K, Interval | null>;
  if (items.length === 0) {
    for (const name of names) out[name] = null;
    return out;
  }
  const random = createPrng(options.seed ?? DEFAULT_SEED);
  const draws = new Map<K, Float64Array>(names.map((name) => [name, new Float64Array(resamples)]));
  const sample: T[] = new Array(items.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < items.length; i++) {
      sample[i] = items[pickIndex(random, items.length)] as T;
    }
    for (const name of names) (draws.get(name) as Float64Array)[r] = statistics[name](sample);
  }
  const alpha = (1 - confidence) / 2;
  for (const name of names) {
    const sorted = (draws.get(name) as Float64Array).sort();
    out[name] = {
      estimate: statistics[name](items),
      low: quantile(sorted, alpha),
      high: quantile(sorted, 1 - alpha),
    };
  }
  return out;
}

/** One statistic: a convenience over `bootstrapIntervals`. */
export function bootstrapInterval<T>(
  items: readonly T[],
  statistic: Statistic<T>,
  options: BootstrapOptions = {},
): Interval | null {
  return bootstrapIntervals(items, { value: statistic }, options).value;
}

/** Linear interpolation between order statistics (the usual "type 7" quantile). */
export function quantile(sorted: Float64Array | readonly number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  // Interpolation leaves float dust (5024.999999999977 for 5025); nine decimals are plenty
  // for dollars and rates and keep the JSON readable.
  return Math.round((low + (high - low) * (position - below)) * 1e9) / 1e9;
}

export const sum = (values: readonly number[]): number => {
  let total = 0;
  for (const value of values) total += value;
  return total;
};

export const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : sum(values) / values.length;

/**
 * Σ f(item) without an intermediate array: statistics run once per resample, and the
 * allocations of `map` were most of a report's time on a full-size run.
 */
export function sumBy<T>(items: readonly T[], f: (item: T) => number): number {
  let total = 0;
  for (let i = 0; i < items.length; i++) total += f(items[i] as T);
  return total;
}

export function meanBy<T>(items: readonly T[], f: (item: T) => number): number {
  return items.length === 0 ? 0 : sumBy(items, f) / items.length;
}

function checkOptions(resamples: number, confidence: number): void {
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new InputError(
      'FLAG_INVALID',
      `bootstrap resamples: expected a positive integer, found ${resamples}`,
    );
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new InputError(
      'FLAG_INVALID',
      `bootstrap confidence: expected a number between 0 and 1, found ${confidence}`,
    );
  }
}
