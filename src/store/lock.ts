/**
 * One writer per run directory. A second `swelancer run` on the same directory would only
 * waste work (the database already refuses a second row per key), so it is stopped with a
 * clear message. A lock whose holder is gone is taken over.
 *
 * The lock file's first line is the holder's pid (all that older versions wrote, and all they
 * read); the second is JSON with what makes the holder unambiguous: the process's start time
 * (pids are reused quickly), the machine's boot id and host name, and a lease the holder
 * renews while it runs. A lock from this machine is stale once no live process has that
 * pid and start time; a lock from another machine (a shared folder), or from before this one
 * restarted, once its lease has run out.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.ts';

export const LOCK_FILE = 'run.lock';

/** Names of the lock's helper files start with this; a killed process may leave them. */
export const LOCK_FILE_PREFIX = `${LOCK_FILE}.`;

export interface RunLock {
  release(): void;
}

export interface RunLockOptions {
  /**
   * How long the lock stays valid for other hosts without being renewed; the holder renews
   * it every quarter of that. Generous, so that clocks a little apart do not matter.
   * @default 120_000
   */
  leaseMs?: number;
}

/** What a lock file says about its holder; only `pid` is known for an old lock. */
interface Holder {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: clock ticks from boot to the process's start. */
  startTime?: number;
  bootId?: string;
  host?: string;
  /** When the lock was taken (ISO); an old lock's file time. */
  since?: string;
  /** Epoch ms of the last renewal. */
  renewedAt?: number;
  leaseMs?: number;
  /** Tells this acquisition from another by the same process. */
  token?: string;
}

export function acquireRunLock(runDir: string, options: RunLockOptions = {}): RunLock {
  const file = join(runDir, LOCK_FILE);
  const leaseMs = options.leaseMs ?? 120_000;
  const me: Holder = {
    pid: process.pid,
    ...definedOnly({ startTime: startTimeOf(process.pid), bootId: bootId() }),
    host: hostname(),
    since: new Date().toISOString(),
    renewedAt: Date.now(),
    leaseMs,
    token: randomBytes(8).toString('hex'),
  };
  for (let tries = 0; tries < 20; tries++) {
    if (createExclusive(file, me)) return hold(file, me);
    const seen = readLock(file);
    if (seen === undefined) continue;
    // An empty or garbled lock holds nothing: it is removed like a stale one.
    if (seen.holder !== undefined && !isStale(seen.holder, me)) {
      throw inUse(runDir, file, seen.holder, me);
    }
    // Another process taking over the same stale lock: give it a moment, then look again.
    if (!removeIfUnchanged(file, seen.text)) sleep(5 + Math.random() * 20);
  }
  throw new InputError('INPUT_INVALID', `could not lock run directory ${runDir}`, {
    location: file,
  });
}

function hold(file: string, me: Holder): RunLock {
  const ours = () => readLock(file)?.holder?.token === me.token;
  const timer = setInterval(
    () => {
      try {
        if (!ours()) {
          clearInterval(timer);
          return;
        }
        me.renewedAt = Date.now();
        replace(file, me);
      } catch {
        // The run directory went away or is not writable: the next renewal tries again.
      }
    },
    Math.max(1, Math.floor((me.leaseMs ?? 0) / 4)),
  );
  timer.unref();
  const release = () => {
    clearInterval(timer);
    process.off('exit', release);
    try {
      if (ours()) rmSync(file, { force: true });
    } catch {
      // The run directory went away: there is no lock left to remove.
    }
  };
  // A process that exits without closing the store (a second Ctrl-C) leaves no lock behind.
  process.on('exit', release);
  return { release };
}

/**
 * Whether a live process holds the run directory's lock, i.e. a runner is at work on it.
 * Reads the lock file only: a report may ask while a run writes, or after it died.
 */
export function runLockHeld(runDir: string): boolean {
  const holder = readLock(join(runDir, LOCK_FILE))?.holder;
  if (holder === undefined) return false;
  const me: Holder = {
    pid: process.pid,
    ...definedOnly({ startTime: startTimeOf(process.pid), bootId: bootId() }),
    host: hostname(),
  };
  // `isStale` lets this very process take its own lock back; here that lock is held.
  if (holder.pid === me.pid && onThisMachine(holder, me)) return true;
  return !isStale(holder, me);
}

function isStale(holder: Holder, me: Holder): boolean {
  if (!onThisMachine(holder, me)) {
    return Date.now() > (holder.renewedAt ?? 0) + (holder.leaseMs ?? 0);
  }
  // This very process (a store opened again without closing the first): take it back.
  if (holder.pid === me.pid && (holder.startTime ?? me.startTime) === me.startTime) return true;
  if (!isAlive(holder.pid)) return true;
  if (holder.startTime === undefined) return false;
  const live = startTimeOf(holder.pid);
  return live !== undefined && live !== holder.startTime;
}

/**
 * Pids and start times mean something only on the machine, and within the boot, that wrote
 * them. A lock from an older version names no host: it was written here.
 */
function onThisMachine(holder: Holder, me: Holder): boolean {
  if (holder.host === undefined) return true;
  const sameBoot =
    holder.bootId === undefined || me.bootId === undefined || holder.bootId === me.bootId;
  return holder.host === me.host && sameBoot;
}

function inUse(runDir: string, file: string, holder: Holder, me: Holder): InputError {
  const who = [
    `process ${holder.pid}`,
    holder.host === undefined ? '' : ` on ${holder.host}`,
    holder.since === undefined ? '' : ` since ${holder.since}`,
  ].join('');
  const lease =
    !onThisMachine(holder, me) && holder.renewedAt !== undefined
      ? ` (lease renewed ${Math.round((Date.now() - holder.renewedAt) / 1000)} s ago; taken ` +
        `over once not renewed for ${Math.round((holder.leaseMs ?? 0) / 1000)} s)`
      : '';
  return new InputError(
    'INPUT_INVALID',
    `run directory ${runDir} is in use by ${who}${lease}; wait for it or stop it first`,
    { location: file },
  );
}

/** Creates the lock with its whole content at once (a link), or returns false if it exists. */
function createExclusive(file: string, me: Holder): boolean {
  const temporary = `${file}.${me.token}.new`;
  writeFileSync(temporary, render(me));
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Rewrites the lock in place at once (a rename), so no reader sees half of it. */
function replace(file: string, me: Holder): void {
  const temporary = `${file}.${me.token}.new`;
  writeFileSync(temporary, render(me));
  renameSync(temporary, file);
}

/**
 * Removes the lock only if it still reads `text`: without the guard, two processes that
 * both judged the same lock stale could each remove it, the second one removing the new
 * lock the first had just created. Returns false when another process holds the guard.
 */
function removeIfUnchanged(file: string, text: string): boolean {
  const guard = `${file}.takeover`;
  try {
    writeFileSync(guard, `${process.pid}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A guard is held for microseconds: an old one was left by a killed process.
    if (Date.now() - mtimeMs(guard) > 10_000) rmSync(guard, { force: true });
    return false;
  }
  try {
    if (readLock(file)?.text === text) rmSync(file, { force: true });
    return true;
  } finally {
    rmSync(guard, { force: true });
  }
}

function render(holder: Holder): string {
  return `${holder.pid}\n${JSON.stringify(holder)}\n`;
}

/** The lock's text and holder; undefined when there is no lock file. */
function readLock(file: string): { text: string; holder: Holder | undefined } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return { text, holder: parseHolder(text, file) };
}

function parseHolder(text: string, file: string): Holder | undefined {
  const [pidLine = '', details = ''] = text.split('\n');
  const pid = Number.parseInt(pidLine.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const parsed = JSON.parse(details) as Holder;
    if (parsed.pid === pid) return parsed;
  } catch {
    // A lock written by an older version: the pid alone.
  }
  const written = mtimeMs(file);
  return Number.isFinite(written) ? { pid, since: new Date(written).toISOString() } : { pid };
}

/** When the process started, from /proc (Linux); undefined elsewhere or when it is gone. */
function startTimeOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command name, in parentheses) may hold spaces: count from after it.
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return Number.isSafeInteger(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/** Start times count from boot: a lock from before a restart names no live process. */
function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
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

function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Number.NaN;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
