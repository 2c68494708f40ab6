import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../clock.ts';
import { type Db, openDatabase } from '../db/database.ts';
import { seedDatabase } from '../db/seed.ts';
import { SEED_USERS } from '../db/seed-data.ts';
import { createServices, type Services } from '../services/index.ts';

/** "Now" for tests: the day after the last seeded activity. */
export const TEST_NOW = '2025-03-15T12:00:00.000Z';

export interface TestEnv {
  db: Db;
  services: Services;
  receiptsDir: string;
  userId(key: string): number;
  cleanup(): void;
}

/** A fresh in-memory database with the demo data, and services on a fixed clock. */
export function seededEnv(): TestEnv {
  const dir = mkdtempSync(join(tmpdir(), 'expensely-test-'));
  const receiptsDir = join(dir, 'receipts');
  const db = openDatabase(':memory:');
  seedDatabase(db, receiptsDir);
  const services = createServices(db, fixedClock(TEST_NOW), receiptsDir);
  return {
    db,
    services,
    receiptsDir,
    userId(key) {
      const email = SEED_USERS.find((u) => u.key === key)?.email;
      const user = email ? services.users.findByEmail(email) : undefined;
      if (!user) throw new Error(`No seeded user "${key}"`);
      return user.id;
    },
    cleanup() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` expecting an HttpError-like failure and returns it for inspection. */
export function failure(fn: () => unknown): {
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string>;
} {
  try {
    fn();
  } catch (error) {
    return error as {
      status: number;
      code: string;
      message: string;
      fields?: Record<string, string>;
    };
  }
  throw new Error('Expected the call to fail, but it succeeded');
}
