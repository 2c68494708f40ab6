import { sha256 } from './hash.ts';

/** A 32-bit seed from any strings: equal inputs, equal seed, on every machine. */
export function seedFrom(...parts: readonly (string | number)[]): number {
  return Number.parseInt(sha256(parts.join('\u0000')).slice(0, 8), 16);
}

/**
 * mulberry32: a tiny, fast PRNG with a 32-bit state. Good enough for picking and shuffling
 * (not for cryptography); chosen because `Math.random` cannot be seeded.
 */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniformly random integer in [0, n). */
export function pickIndex(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/** Fisher–Yates shuffle into a new array. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = pickIndex(random, i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}
