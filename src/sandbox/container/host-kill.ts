import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';

/**
 * The host-side kill of a container's processes, for when no exec can reach them (a fork
 * bomb filled the pids limit, so no second exec can start). Freezes the container (cgroup
 * freezer, via pause), SIGKILLs every process in its cgroup except PID 1, and thaws it:
 * nothing can fork in between, so even a fork bomb is gone. Then waits until their pids are
 * released. Throws when it cannot do so; `warn` hears what it could only do in part.
 */
export async function killAllButInit(
  container: Docker.Container,
  warn: (message: string) => void,
): Promise<void> {
  const init = (await container.inspect()).State.Pid;
  const procs = await cgroupProcsFile(init);
  const frozen = await container.pause().then(
    () => true,
    (error: unknown) => {
      warn(`cannot freeze it, killing regardless: ${error}`);
      return false;
    },
  );
  try {
    for (const pid of await readPids(procs)) if (pid !== init) signalKill(pid);
  } finally {
    if (frozen) await container.unpause();
  }
  for (let round = 0; round < 40; round++) {
    const left = (await readPids(procs)).filter((pid) => pid !== init);
    // Killed processes leave the list at once but hold their pids until reaped: until
    // the count is down to init's, the next exec may find no pid left to start with.
    if (left.length === 0 && (await pidsInUse(procs)) <= 1) return;
    for (const pid of left) signalKill(pid);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The host file listing the processes of the cgroup (pids controller, or v2) of `pid`. */
async function cgroupProcsFile(pid: number): Promise<string> {
  const lines = (await readFile(`/proc/${pid}/cgroup`, 'utf8')).trim().split('\n');
  const pids = lines.find((line) => line.split(':')[1]?.split(',').includes('pids'));
  if (pids) return `/sys/fs/cgroup/pids${pids.split(':')[2]}/cgroup.procs`;
  const unified = lines.find((line) => line.startsWith('0::'));
  if (unified) return `/sys/fs/cgroup${unified.slice(3)}/cgroup.procs`;
  throw new Error(`no pids cgroup for process ${pid}`);
}

/** The pids in a cgroup; none once the cgroup is gone (the container ended). */
async function readPids(file: string): Promise<number[]> {
  const text = await readIfPresent(file);
  return text.split('\n').filter(Boolean).map(Number);
}

/** Pids the cgroup of `procsFile` holds, reaped or not (`pids.current`); 0 once it is gone. */
async function pidsInUse(procsFile: string): Promise<number> {
  const text = await readIfPresent(path.join(path.dirname(procsFile), 'pids.current'));
  return Number.parseInt(text, 10) || 0;
}

async function readIfPresent(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

function signalKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (error) {
    // ESRCH: already gone. Anything else shows as a process left in the cgroup, which the
    // caller counts and kills again.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
