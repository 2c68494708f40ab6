import { access, mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Memory and process-count limits for `local` sandboxes through cgroups, when the harness
 * may create them (root, or a delegated cgroup v2 subtree). Each sandbox gets its own group
 * nested under the harness's own group, so whatever limits the harness itself runs under
 * still apply. Without cgroups only the per-uid RLIMIT_NPROC applies and memory is not
 * limited (RLIMIT_AS would break Chromium and V8, which reserve far more address space than
 * they use).
 */
export type CgroupMode =
  | { kind: 'v2'; parent: string }
  | { kind: 'v1'; memoryParent: string; pidsParent: string }
  | { kind: 'none'; reason: string };

const V1_ROOT = '/sys/fs/cgroup';

export async function detectCgroups(): Promise<CgroupMode> {
  // Unreadable: no controllers found, so `none`, which the provider reports as a warning.
  const self = await readFile('/proc/self/cgroup', 'utf8').catch(() => '');
  const lines = self.trim().split('\n');
  const pathOf = (controller: string) =>
    lines
      .map((line) => line.split(':'))
      .find(([, controllers]) => controllers?.split(',').includes(controller))?.[2];

  if (await exists(`${V1_ROOT}/cgroup.controllers`)) {
    const own = lines.find((line) => line.startsWith('0::'))?.slice(3) ?? '/';
    const parent = path.join(V1_ROOT, own, 'swelancer');
    const ok = await tryV2(parent);
    return ok === true ? { kind: 'v2', parent } : { kind: 'none', reason: ok };
  }
  const memory = pathOf('memory');
  const pids = pathOf('pids');
  if (memory === undefined || pids === undefined) {
    return { kind: 'none', reason: 'no memory and pids cgroup controllers are mounted' };
  }
  const memoryParent = path.join(V1_ROOT, 'memory', memory, 'swelancer');
  const pidsParent = path.join(V1_ROOT, 'pids', pids, 'swelancer');
  try {
    await mkdir(memoryParent, { recursive: true });
    await mkdir(pidsParent, { recursive: true });
    return { kind: 'v1', memoryParent, pidsParent };
  } catch (error) {
    return { kind: 'none', reason: `cannot create cgroups: ${(error as Error).message}` };
  }
}

async function tryV2(parent: string): Promise<true | string> {
  try {
    await mkdir(parent, { recursive: true });
    // Controllers must be enabled on the way down; this fails unless the subtree is ours.
    await writeFile(path.join(parent, 'cgroup.subtree_control'), '+memory +pids');
    return true;
  } catch (error) {
    return `cgroup v2 subtree not delegated: ${(error as Error).message}`;
  }
}

export interface SandboxCgroup {
  /** Files a launcher writes its own pid into, before exec'ing the sandbox. */
  procsFiles: string[];
  dirs: string[];
}

export async function createCgroup(
  mode: CgroupMode,
  name: string,
  limits: { memoryBytes: number; maxProcesses: number },
): Promise<SandboxCgroup | undefined> {
  if (mode.kind === 'none') return undefined;
  if (mode.kind === 'v2') {
    const dir = path.join(mode.parent, name);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'memory.max'), String(limits.memoryBytes));
    await writeIfPresent(path.join(dir, 'memory.swap.max'), '0');
    await writeFile(path.join(dir, 'pids.max'), String(limits.maxProcesses));
    return { procsFiles: [path.join(dir, 'cgroup.procs')], dirs: [dir] };
  }
  const memory = path.join(mode.memoryParent, name);
  const pids = path.join(mode.pidsParent, name);
  await mkdir(memory, { recursive: true });
  await mkdir(pids, { recursive: true });
  await writeFile(path.join(memory, 'memory.limit_in_bytes'), String(limits.memoryBytes));
  // Without swap accounting the limit could be dodged by swapping; absent when swap is off.
  await writeIfPresent(
    path.join(memory, 'memory.memsw.limit_in_bytes'),
    String(limits.memoryBytes),
  );
  await writeFile(path.join(pids, 'pids.max'), String(limits.maxProcesses));
  return {
    procsFiles: [path.join(memory, 'cgroup.procs'), path.join(pids, 'cgroup.procs')],
    dirs: [memory, pids],
  };
}

/**
 * Kills every process in the groups, waits until they are gone, removes the groups. A group
 * already gone is fine; one that cannot be removed (a process survived) is an error.
 */
export async function destroyCgroups(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    for (let round = 0; round < 50; round++) {
      const pids = await cgroupPids(dir);
      if (pids.length === 0) break;
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    try {
      await rmdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** The processes in a group; none once the group is gone. */
export async function cgroupPids(dir: string): Promise<number[]> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'cgroup.procs'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => Number(line));
}

/** Writes a limit file that exists only with some kernel options (swap accounting). */
async function writeIfPresent(file: string, value: string): Promise<void> {
  try {
    await writeFile(file, value);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
