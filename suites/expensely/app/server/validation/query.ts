import { isIsoDate } from '../../shared/dates.ts';
import { badRequest } from '../http/errors.ts';

/** Helpers for query-string parameters, with errors that name the parameter. */

export function queryInt(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min = 1,
  max = 1000,
): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw badRequest(`${name} must be a whole number`);
  const value = Number(raw);
  if (value < min || value > max) throw badRequest(`${name} must be between ${min} and ${max}`);
  return value;
}

export function queryDate(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!isIsoDate(raw)) throw badRequest(`${name} must be a date in YYYY-MM-DD format`);
  return raw;
}

export function queryText(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name)?.trim();
  return raw ? raw : undefined;
}

export function queryList(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** Parses a decimal amount filter ("12.50") into minor units of a two-decimal currency. */
export function queryAmount(
  query: URLSearchParams,
  name: string,
  decimals: number,
): number | undefined {
  const raw = query.get(name)?.trim();
  if (!raw) return undefined;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw badRequest(`${name} must be an amount like 12.50`);
  const [whole = '0', fraction = ''] = raw.split('.');
  return (
    Number(whole) * 10 ** decimals +
    Number(fraction.slice(0, decimals).padEnd(decimals, '0') || '0')
  );
}
