import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes are "scrypt$<salt hex>$<hash hex>". Cost is kept modest so that sign-in stays
 * fast on small machines; N=2^14 is still far from brute-forceable for real passwords.
 */
const KEY_LENGTH = 32;
const COST = 16384;

export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  const hash = scryptSync(password, salt, KEY_LENGTH, { N: COST });
  return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), expected.length, { N: COST });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
