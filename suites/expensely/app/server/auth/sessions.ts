import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { type Db, one, run } from '../db/database.ts';

export const SESSION_COOKIE = 'expensely_session';
const SESSION_DAYS = 14;

export interface SessionUser {
  id: number;
  email: string;
  name: string;
}

export interface SessionStore {
  create(userId: number): { token: string; expiresAt: string };
  resolve(token: string): SessionUser | undefined;
  destroy(token: string): void;
  destroyAllFor(userId: number, except?: string): void;
}

export function createSessionStore(db: Db, clock: Clock): SessionStore {
  return {
    create(userId) {
      const token = randomBytes(24).toString('base64url');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString();
      run(
        db,
        'INSERT INTO sessions (token, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
        token,
        userId,
        now.toISOString(),
        expiresAt,
      );
      return { token, expiresAt };
    },
    resolve(token) {
      const row = one<SessionUser & { expires_at: string }>(
        db,
        `SELECT u.id, u.email, u.name, s.expires_at FROM sessions s
         JOIN users u ON u.id = s.user_id WHERE s.token = ?`,
        token,
      );
      if (!row) return undefined;
      if (row.expires_at <= clock.iso()) {
        run(db, 'DELETE FROM sessions WHERE token = ?', token);
        return undefined;
      }
      return { id: row.id, email: row.email, name: row.name };
    },
    destroy(token) {
      run(db, 'DELETE FROM sessions WHERE token = ?', token);
    },
    destroyAllFor(userId, except) {
      run(db, 'DELETE FROM sessions WHERE user_id = ? AND token != ?', userId, except ?? '');
    },
  };
}

/**
 * Max-Age rather than Expires: the browser counts it from its own clock, so sessions also work
 * when the server runs on a pinned clock (FIXED_NOW) far from the browser's date.
 */
export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_DAYS * 86_400}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
