/**
 * Currencies the product accepts. `decimals` is the number of minor-unit digits (JPY has none),
 * and `unitsPerUsd` is a fixed reference rate in millionths so that conversions are exact integer
 * arithmetic and identical on every machine.
 */
export interface CurrencyInfo {
  code: string;
  name: string;
  symbol: string;
  decimals: number;
  unitsPerUsdMicros: bigint;
}

export const CURRENCIES: readonly CurrencyInfo[] = [
  { code: 'USD', name: 'US Dollar', symbol: '$', decimals: 2, unitsPerUsdMicros: 1_000_000n },
  { code: 'EUR', name: 'Euro', symbol: '€', decimals: 2, unitsPerUsdMicros: 920_000n },
  { code: 'GBP', name: 'British Pound', symbol: '£', decimals: 2, unitsPerUsdMicros: 790_000n },
  {
    code: 'CAD',
    name: 'Canadian Dollar',
    symbol: 'CA$',
    decimals: 2,
    unitsPerUsdMicros: 1_360_000n,
  },
  {
    code: 'AUD',
    name: 'Australian Dollar',
    symbol: 'A$',
    decimals: 2,
    unitsPerUsdMicros: 1_520_000n,
  },
  { code: 'CHF', name: 'Swiss Franc', symbol: 'CHF', decimals: 2, unitsPerUsdMicros: 880_000n },
  { code: 'INR', name: 'Indian Rupee', symbol: '₹', decimals: 2, unitsPerUsdMicros: 83_200_000n },
  { code: 'JPY', name: 'Japanese Yen', symbol: '¥', decimals: 0, unitsPerUsdMicros: 149_500_000n },
];

const BY_CODE = new Map(CURRENCIES.map((c) => [c.code, c]));

export function isCurrencyCode(code: string): boolean {
  return BY_CODE.has(code);
}

export function getCurrency(code: string): CurrencyInfo {
  const info = BY_CODE.get(code);
  if (!info) throw new Error(`Unknown currency: ${code}`);
  return info;
}

export function currencyCodes(): string[] {
  return CURRENCIES.map((c) => c.code);
}
