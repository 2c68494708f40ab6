import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  /** Where uploaded receipts are stored. */
  receiptsDir: string;
}
