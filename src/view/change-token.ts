/**
 * A token that changes whenever what a page shows may have: a commit to the run's store
 * (a result, an attempt's stage or steps) or its runner coming or going. Pages poll it every
 * two seconds and reload when it changes, so a finished attempt appears within seconds.
 * Computed from file metadata only, so polling costs a few `stat` calls, not a query.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE, runLockHeld } from '../store/index.ts';
import { hashValue } from '../util/hash.ts';

export function runChangeToken(dir: string): string {
  // In WAL mode every commit grows or rewrites `-wal`; a checkpoint rewrites the database.
  const files = [DB_FILE, `${DB_FILE}-wal`].map((name) => fileStamp(join(dir, name)));
  return hashValue({ files, held: runLockHeld(dir) }).slice(0, 16);
}

/** The token of a listing: its runs' names and tokens. */
export function listChangeToken(runs: readonly { name: string; dir: string }[]): string {
  return hashValue(runs.map((run) => [run.name, runChangeToken(run.dir)])).slice(0, 16);
}

function fileStamp(file: string): string {
  try {
    const stat = statSync(file, { bigint: true });
    return `${stat.mtimeNs}:${stat.size}:${stat.ino}`;
  } catch {
    return 'none';
  }
}
