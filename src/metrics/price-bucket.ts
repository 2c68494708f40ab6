/**
 * Price buckets: SWE-Lancer prices run from $50 to $32,000, so equal-width bins would put
 * almost every task in the first one. These roughly double, like the prices themselves.
 */
export interface PriceBucket {
  key: string;
  label: string;
  /** Inclusive lower bound in USD. */
  min: number;
  /** Exclusive upper bound in USD. */
  max: number;
}

export const PRICE_BUCKETS: readonly PriceBucket[] = [
  { key: 'lt500', label: '<$500', min: Number.NEGATIVE_INFINITY, max: 500 },
  { key: '500-999', label: '$500–999', min: 500, max: 1000 },
  { key: '1000-1999', label: '$1k–1,999', min: 1000, max: 2000 },
  { key: '2000-3999', label: '$2k–3,999', min: 2000, max: 4000 },
  { key: '4000-7999', label: '$4k–7,999', min: 4000, max: 8000 },
  { key: '8000-15999', label: '$8k–15,999', min: 8000, max: 16000 },
  { key: 'gte16000', label: '≥$16k', min: 16000, max: Number.POSITIVE_INFINITY },
];

export function priceBucket(priceUsd: number): PriceBucket {
  const found = PRICE_BUCKETS.find((bucket) => priceUsd >= bucket.min && priceUsd < bucket.max);
  // Only NaN falls through; validation upstream rejects it, so this is the last bucket's twin.
  return found ?? (PRICE_BUCKETS[0] as PriceBucket);
}
