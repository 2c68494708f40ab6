/**
 * One writer per run directory. A second `swelancer run` on the same directory would only
 * waste work (the database already refuses a second row per key), so it is stopped with a
 * clear message. A lock left by a killed process (its pid is gone) is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.ts';

export const LOCK_FILE = 'run.lock';

export interface RunLock {
  release(): void;
}

export function acquireRunLock(runDir: string): RunLock {
  const file = join(runDir, LOCK_FILE);
  for (let tries = 0; tries < 3; tries++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return { release: () => releaseIfOurs(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readPid(file);
    if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
      throw new InputError(
        'INPUT_INVALID',
        `run directory ${runDir} is in use by process ${holder}; wait for it or stop it first`,
        { location: file },
      );
    }
    rmSync(file, { force: true });
  }
  throw new InputError('INPUT_INVALID', `could not lock run directory ${runDir}`, {
    location: file,
  });
}

function releaseIfOurs(file: string): void {
  if (readPid(file) === process.pid) rmSync(file, { force: true });
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
