import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { InfraError } from '../errors.ts';

/**
 * Who made a sandbox: enough for another process, later, to tell whether its maker still
 * runs. `cleanupLeftovers` removes only the sandboxes of harnesses that are gone, never one
 * of a live run, even after the dead harness's pid has been reused.
 */
export interface HarnessIdentity {
  pid: number;
  /** Start time of `pid` in clock ticks since boot (/proc/<pid>/stat field 22). */
  pidStart: number;
  /** The machine's name: a sandbox made on another host is never judged from here. */
  host: string;
  /** The kernel's boot id: every process of an earlier boot is gone. */
  bootId: string;
}

/** `elsewhere`: made on another host, whose processes cannot be seen from here. */
export type Liveness = 'alive' | 'dead' | 'elsewhere';

let self: Promise<HarnessIdentity> | undefined;

/** This process's identity (constant, so read once). */
export function currentHarness(): Promise<HarnessIdentity> {
  self ??= (async () => {
    const pidStart = await processStartTicks(process.pid);
    if (pidStart === undefined) throw new InfraError('cannot read /proc/self/stat');
    const bootId = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
    return { pid: process.pid, pidStart, host: hostname(), bootId };
  })();
  self.catch(() => {
    self = undefined;
  });
  return self;
}

/**
 * Start time of a process (field 22 of /proc/<pid>/stat), or undefined when there is no
 * such process. Any other failure throws: a process that cannot be checked must not be
 * taken for a dead one.
 */
export async function processStartTicks(pid: number): Promise<number | undefined> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return undefined;
    throw error;
  }
  // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[19]);
}

/**
 * Whether the harness that made a sandbox still runs. Records from older versions carry
 * neither host nor boot id: they are taken as made on this host, in this boot.
 */
export async function ownerLiveness(
  owner: Pick<HarnessIdentity, 'pid' | 'pidStart'> & Partial<HarnessIdentity>,
): Promise<Liveness> {
  const me = await currentHarness();
  if (owner.host !== undefined && owner.host !== me.host) return 'elsewhere';
  if (owner.bootId !== undefined && owner.bootId !== me.bootId) return 'dead';
  return (await processStartTicks(owner.pid)) === owner.pidStart ? 'alive' : 'dead';
}

const OWNER = 'swelancer.owner';
const OWNER_HOST = 'swelancer.owner.host';
const OWNER_BOOT = 'swelancer.owner.boot';

/** Container labels naming the owner (`swelancer.owner` is `<pid>:<start ticks>`). */
export function ownerLabels(owner: HarnessIdentity): Record<string, string> {
  return {
    [OWNER]: `${owner.pid}:${owner.pidStart}`,
    [OWNER_HOST]: owner.host,
    [OWNER_BOOT]: owner.bootId,
  };
}

/** The owner named by a container's labels; undefined when they name none. */
export function ownerFromLabels(
  labels: Record<string, string>,
): (Pick<HarnessIdentity, 'pid' | 'pidStart'> & Partial<HarnessIdentity>) | undefined {
  const match = /^(\d+):(\d+)$/.exec(labels[OWNER] ?? '');
  if (!match) return undefined;
  return {
    pid: Number(match[1]),
    pidStart: Number(match[2]),
    ...(labels[OWNER_HOST] === undefined ? {} : { host: labels[OWNER_HOST] }),
    ...(labels[OWNER_BOOT] === undefined ? {} : { bootId: labels[OWNER_BOOT] }),
  };
}
