import { randomInt } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describeProblem, InfraError, InputError } from '../errors.ts';
import { currentHarness, type HarnessIdentity, ownerLiveness } from './owner.ts';

/**
 * Host-side bookkeeping shared by the providers that keep the workspace in a host folder.
 *
 * Each sandbox owns a *slot*: `<root>/sb-<uid>/` whose atomic `mkdir` reserves a user id
 * from a dedicated range, so two sandboxes (even from two harness processes) never share a
 * uid. Per-uid limits (RLIMIT_NPROC) and "kill everything of this uid" then apply to one
 * sandbox only. The slot holds `owner.json` (which harness created it, written as the slot
 * is reserved, to spot orphans after a crash) and `ws/`, the workspace, owned by that uid.
 */

/** First uid of the range handed to sandboxes. @default 200000 */
export const DEFAULT_UID_BASE = 200_000;
/** How many uids the range has. @default 50000 */
export const DEFAULT_UID_COUNT = 50_000;

export interface SlotOwner extends Pick<HarnessIdentity, 'pid' | 'pidStart'> {
  id: string;
  label: string;
  provider: string;
  uid: number;
  /** Absent in records of older versions (see `ownerLiveness`). */
  host?: string;
  bootId?: string;
  createdAt: string;
  /** Cgroup folders to remove with the slot. */
  cgroups: string[];
  /** Container id, for the container provider. */
  containerId?: string;
}

export interface Slot {
  uid: number;
  dir: string;
  workspace: string;
}

export function defaultSandboxRoot(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME;
  return cache ? path.join(cache, 'swelancer', 'sandboxes') : '/tmp/swelancer-sandboxes';
}

/** True when the harness can hand files to other uids (it runs as root). */
export function canSwitchUid(): boolean {
  return process.getuid?.() === 0;
}

/**
 * Reserves a free slot and records this harness as its owner at once, so no slot of a live
 * harness is ever without an owner for a clean-up to misjudge.
 */
export async function reserveSlot(
  root: string,
  claim: { provider: string; label: string },
  uidBase = DEFAULT_UID_BASE,
  uidCount = DEFAULT_UID_COUNT,
): Promise<Slot> {
  const harness = await currentHarness();
  await mkdir(root, { recursive: true });
  // Sandboxed users must traverse the root to reach their workspace (bwrap binds it as
  // that user), but must not list it.
  await chmod(root, 0o711);
  if (canSwitchUid()) await assertTraversable(root);
  const start = randomInt(uidCount);
  for (let i = 0; i < Math.min(uidCount, 1000); i++) {
    const uid = canSwitchUid() ? uidBase + ((start + i) % uidCount) : (process.getuid?.() ?? 0);
    const dir = path.join(root, canSwitchUid() ? `sb-${uid}` : `sb-${uid}-${start + i}`);
    try {
      await mkdir(dir, { mode: 0o711 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new InfraError(`cannot create a sandbox folder in ${root}`, { cause: error });
    }
    const slot = { uid, dir, workspace: path.join(dir, 'ws') };
    try {
      await writeOwner(slot, {
        id: path.basename(dir),
        ...claim,
        uid,
        ...harness,
        createdAt: new Date().toISOString(),
        cgroups: [],
      });
    } catch (error) {
      await removeSlot(dir);
      throw new InfraError(`cannot record the owner of ${dir}`, { cause: error });
    }
    return slot;
  }
  throw new InfraError(
    `no free sandbox slot in ${root} (1000 tried): run cleanupLeftovers() or remove stale sb-* folders`,
  );
}

/** bwrap binds the workspace as the sandbox's uid, so every parent folder must let it pass. */
async function assertTraversable(root: string): Promise<void> {
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    const info = await stat(dir);
    if ((info.mode & 0o001) === 0) {
      throw new InputError(
        'CONFIG_INVALID',
        describeProblem({
          field: 'rootDir',
          expected: `a folder whose parents other users can traverse (mode o+x); ${dir} has mode ${(info.mode & 0o777).toString(8)}`,
          found: root,
        }),
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

/** Replaces the slot's owner record atomically: a reader never sees half a record. */
export async function writeOwner(slot: Slot, owner: SlotOwner): Promise<void> {
  const file = path.join(slot.dir, 'owner.json');
  await writeFile(`${file}.new`, JSON.stringify(owner, null, 2));
  await rename(`${file}.new`, file);
}

/** The slot's owner record; undefined when it has none (or an unreadable one). */
export async function readOwner(dir: string): Promise<SlotOwner | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'owner.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as SlotOwner;
  } catch {
    // Records are replaced atomically, so this is not one being written: treated as none
    // (removed a minute after the slot's last change, see orphanSlots).
    return undefined;
  }
}

/**
 * Slots whose creator is dead, or that have no owner record a minute after they were made
 * (a harness killed between the two steps of `reserveSlot`, or an older version's slot).
 * Slots of live harnesses and of other hosts are never among them.
 */
export async function orphanSlots(root: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const orphans: string[] = [];
  for (const name of names) {
    if (!name.startsWith('sb-')) continue;
    const dir = path.join(root, name);
    const owner = await readOwner(dir);
    if (owner) {
      if ((await ownerLiveness(owner)) === 'dead') orphans.push(dir);
      continue;
    }
    // Gone meanwhile: removed by its owner.
    const info = await stat(dir).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > 60_000) orphans.push(dir);
  }
  return orphans;
}

/**
 * Copies `sourceDir` (a git repository keeps its `.git`, so the workspace is a real repo)
 * into the slot's workspace and hands it to the slot's uid. A plain `cp -a` beat
 * `git clone --local --no-hardlinks` here; worktrees and `--shared` clones are ruled out
 * because they point back at the source repository, which the sandbox must not see.
 */
export async function populateWorkspace(slot: Slot, sourceDir: string): Promise<void> {
  const info = await stat(sourceDir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new InputError(
      'INPUT_INVALID',
      describeProblem({ field: 'sourceDir', expected: 'an existing folder', found: sourceDir }),
    );
  }
  const script = canSwitchUid()
    ? 'cp --reflink=auto -a -- "$1/." "$2" && chown -R "$3:$3" -- "$2" && chmod 755 -- "$2"'
    : 'cp --reflink=auto -a -- "$1/." "$2"';
  await mkdir(slot.workspace, { mode: 0o755 });
  try {
    await execa('sh', ['-c', script, 'sh', sourceDir, slot.workspace, String(slot.uid)]);
  } catch (error) {
    throw new InfraError(`cannot copy ${sourceDir} into the sandbox workspace`, { cause: error });
  }
}

/**
 * The runner's private folder (`WorkspaceSpec.runner`) in a slot of its own, so the runner
 * has a uid of its own too: `ws/` with `home/` and `tmp/`, owned by that uid, mode 0700.
 */
export async function populateRunnerFolder(slot: Slot): Promise<void> {
  await mkdir(path.join(slot.workspace, 'home'), { recursive: true, mode: 0o700 });
  await mkdir(path.join(slot.workspace, 'tmp'), { mode: 0o700 });
  await giveToUid(slot.workspace, slot.uid);
  await chmod(slot.workspace, 0o700);
}

/** Hands a host path (just written by the harness as root) to the sandbox's uid. */
export async function giveToUid(hostPath: string, uid: number): Promise<void> {
  if (!canSwitchUid()) return;
  await execa('chown', ['-R', '-h', `${uid}:${uid}`, '--', hostPath]);
}

export async function removeSlot(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Disk use of a folder in bytes, without crossing into other file systems or mounts. */
export async function diskUsage(dir: string): Promise<number> {
  // du exits 1 when a file vanishes while it walks (a command is running): its total stands.
  const { stdout, stderr } = await execa('du', ['-s', '-x', '--block-size=1', '--', dir], {
    reject: false,
  });
  const used = Number.parseInt(stdout, 10);
  if (Number.isNaN(used)) {
    throw new InfraError(`cannot measure the disk use of ${dir}: ${stderr.trim() || 'no total'}`);
  }
  return used;
}
