import { createHash } from 'node:crypto';
import { canonicalJson } from './json.ts';

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A content hash of any JSON-like value, independent of key order. */
export function hashValue(value: unknown): string {
  return sha256(canonicalJson(value));
}
