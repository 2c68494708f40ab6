import { describe, expect, it } from 'vitest';
import { PRICE_BUCKETS, priceBucket } from './price-bucket.ts';

describe('priceBucket', () => {
  it('puts each bound in the bucket it starts', () => {
    const key = (price: number) => priceBucket(price).key;
    expect([key(50), key(499.99), key(500), key(999), key(1000)]).toEqual([
      'lt500',
      'lt500',
      '500-999',
      '500-999',
      '1000-1999',
    ]);
    expect([key(3999), key(4000), key(15_999), key(16_000), key(32_000)]).toEqual([
      '2000-3999',
      '4000-7999',
      '8000-15999',
      'gte16000',
      'gte16000',
    ]);
  });

  it('has labels people read', () => {
    expect(PRICE_BUCKETS.map((bucket) => bucket.label)).toEqual([
      '<$500',
      '$500–999',
      '$1k–1,999',
      '$2k–3,999',
      '$4k–7,999',
      '$8k–15,999',
      '≥$16k',
    ]);
  });
});
