import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { seededEnv } from '../testing/fixtures.ts';
import { one } from './database.ts';
import { SEED_PASSWORD, SEED_USERS } from './seed-data.ts';

describe('seed data', () => {
  it('is the same on every start', () => {
    const a = seededEnv();
    const b = seededEnv();
    try {
      const snapshot = (env: typeof a) =>
        JSON.stringify([
          one(env.db, 'SELECT COUNT(*) AS n, SUM(converted_minor) AS total FROM expenses'),
          one(env.db, "SELECT group_concat(id || ':' || status, ',') AS s FROM reports"),
          one(env.db, 'SELECT COUNT(*) AS n FROM audit_log'),
          one(env.db, "SELECT password_hash FROM users WHERE email = 'carol@expensely.test'"),
        ]);
      assert.equal(snapshot(a), snapshot(b));
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });

  it('covers every report status for the demo', () => {
    const env = seededEnv();
    try {
      const statuses = (
        env.db.prepare('SELECT DISTINCT status FROM reports ORDER BY status').all() as Array<{
          status: string;
        }>
      ).map((r) => r.status);
      assert.deepEqual(statuses, ['approved', 'draft', 'reimbursed', 'rejected', 'submitted']);
    } finally {
      env.cleanup();
    }
  });
});

describe('seed passwords', () => {
  it('match SEED_PASSWORD for every seeded user', () => {
    for (const user of SEED_USERS) {
      assert.equal(verifyPassword(SEED_PASSWORD, user.passwordHash), true, user.email);
      const salt = createHash('sha256').update(user.email).digest().subarray(0, 16);
      assert.equal(hashPassword(SEED_PASSWORD, salt), user.passwordHash, user.email);
    }
  });
});
