import { getCurrency } from './currencies.ts';

/**
 * Money is always an integer number of minor units (cents for USD, yen for JPY). These helpers
 * are shared by the browser and the server so both sides agree on every rounding.
 */

export interface ParseResult {
  ok: boolean;
  minor: number;
  error: string;
}

const AMOUNT_PATTERN = /^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$/;

/** Parses user input such as "1,234.50" into minor units of `currency`. */
export function parseAmount(input: string, currency: string): ParseResult {
  const text = input.trim().replace(/^\$/, '');
  if (text === '') return { ok: false, minor: 0, error: 'Enter an amount' };
  if (!AMOUNT_PATTERN.test(text)) {
    return { ok: false, minor: 0, error: 'Enter a number like 12.34' };
  }
  const { decimals } = getCurrency(currency);
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace('-', '').replaceAll(',', '').split('.');
  if (fraction.length > decimals) {
    return {
      ok: false,
      minor: 0,
      error:
        decimals === 0
          ? `${currency} amounts cannot have decimals`
          : `Use at most ${decimals} decimal places`,
    };
  }
  const minor = Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { ok: false, minor: 0, error: 'Amount is too large' };
  return { ok: true, minor: negative ? -minor : minor, error: '' };
}

/** Renders minor units as a plain decimal string ("1234.50"), the form used in inputs and CSV. */
export function toDecimalString(minor: number, currency: string): string {
  const { decimals } = getCurrency(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (decimals === 0) return `${sign}${abs}`;
  const factor = 10 ** decimals;
  const whole = Math.floor(abs / factor);
  const fraction = String(abs % factor).padStart(decimals, '0');
  return `${sign}${whole}.${fraction}`;
}

/** Formats minor units for display, e.g. "$1,234.50" or "¥1,200". */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  const { decimals } = getCurrency(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(minor / 10 ** decimals);
}

/** Divides with rounding half away from zero, on bigints. */
function divRound(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/**
 * Converts an amount between currencies through the fixed USD reference rates. Bigint keeps the
 * intermediate product exact for large amounts.
 */
export function convertMinor(minor: number, from: string, to: string): number {
  if (from === to) return minor;
  const source = getCurrency(from);
  const target = getCurrency(to);
  const numerator = BigInt(minor) * target.unitsPerUsdMicros * 10n ** BigInt(target.decimals);
  const denominator = source.unitsPerUsdMicros * 10n ** BigInt(source.decimals);
  return Number(divRound(numerator, denominator));
}

/** The rate applied by `convertMinor`, as a human-readable decimal with six digits. */
export function exchangeRate(from: string, to: string): string {
  const source = getCurrency(from);
  const target = getCurrency(to);
  const micros = divRound(target.unitsPerUsdMicros * 1_000_000n, source.unitsPerUsdMicros);
  const whole = micros / 1_000_000n;
  const fraction = (micros % 1_000_000n).toString().padStart(6, '0');
  return `${whole}.${fraction}`;
}

export function sumMinor(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
