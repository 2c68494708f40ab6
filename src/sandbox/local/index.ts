import { randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { type Logger, silentLogger } from '../../util/logger.ts';
import {
  canSwitchUid,
  DEFAULT_UID_BASE,
  defaultSandboxRoot,
  orphanSlots,
  populateRunnerFolder,
  populateWorkspace,
  readOwner,
  removeSlot,
  reserveSlot,
  type Slot,
  type SlotOwner,
  writeOwner,
} from '../host-workspace.ts';
import { nodeFolder, writeIdentityFiles } from '../layout.ts';
import { currentHarness } from '../owner.ts';
import type { Availability, Sandbox, SandboxProvider, WorkspaceSpec } from '../types.ts';
import { type CgroupMode, createCgroup, destroyCgroups, detectCgroups } from './cgroup.ts';
import { killUid, LocalSandbox } from './sandbox.ts';

export interface LocalProviderOptions {
  /** Folder holding one `sb-<uid>` folder per sandbox. @default `$XDG_CACHE_HOME/swelancer/sandboxes`, else `/tmp/swelancer-sandboxes` */
  rootDir?: string;
  /** Node binary whose folder is mounted read-only and put first on PATH. @default process.execPath */
  nodeBinary?: string;
  /** First uid handed to sandboxes. @default 200000 */
  uidBase?: number;
  /** Size of the uid range. @default 50000 */
  uidCount?: number;
  /** @default a silent logger */
  logger?: Logger;
  /** Waits between tries of a dispose. @default DEFAULT_RETRY_DELAYS_MS (about 30 s in all) */
  retryDelaysMs?: readonly number[];
}

const REQUIRED_BINARIES = ['bwrap', 'prlimit', 'setpriv', 'perl', 'cp', 'chown', 'du'];
const INSTALL_HINT: Record<string, string> = {
  bwrap: 'apt-get install bubblewrap',
  prlimit: 'apt-get install util-linux',
  setpriv: 'apt-get install util-linux',
  perl: 'apt-get install perl-base',
};

/** The `local` provider: bubblewrap sandboxes over host folders. */
export function createLocalProvider(options: LocalProviderOptions = {}): SandboxProvider & {
  readonly rootDir: string;
} {
  const rootDir = options.rootDir ?? defaultSandboxRoot();
  const logger = options.logger ?? silentLogger;
  const nodeDir = nodeFolder(options.nodeBinary ?? process.execPath);
  let availability: Promise<Availability> | undefined;
  let cgroups: Promise<CgroupMode> | undefined;

  const provider = {
    name: 'local',
    rootDir,
    available: () => {
      availability ??= probe(options.uidBase ?? DEFAULT_UID_BASE);
      return availability;
    },

    async create(spec: WorkspaceSpec): Promise<Sandbox> {
      cgroups ??= detectCgroups().then((mode) => {
        if (mode.kind === 'none') {
          logger.warn(`local sandboxes: no memory limit (${mode.reason}); process limit per uid`);
        }
        return mode;
      });
      const mode = await cgroups;
      const claim = { provider: 'local', label: spec.label };
      const slot = await reserveSlot(rootDir, claim, options.uidBase, options.uidCount);
      const id = `${sanitize(spec.label)}-${slot.uid}-${randomBytes(2).toString('hex')}`;
      let runner: Slot | undefined;
      try {
        // A slot of its own gives the runner a uid of its own (and leftover clean-up).
        if (spec.runner) {
          runner = await reserveSlot(rootDir, claim, options.uidBase, options.uidCount);
        }
        const owner: SlotOwner = {
          id,
          label: spec.label,
          provider: 'local',
          uid: slot.uid,
          ...(await currentHarness()),
          createdAt: new Date().toISOString(),
          cgroups: [],
        };
        // Independent steps, at once: the copy dominates, the rest are a few small writes.
        // All of them settle before anything is judged, so a failure's clean-up below sees
        // every cgroup and file that was made.
        const cgroupReady = createCgroup(mode, path.basename(slot.dir), spec.limits).then(
          async (cgroup) => {
            await writeOwner(slot, { ...owner, cgroups: cgroup?.dirs ?? [] });
            return cgroup;
          },
        );
        const runnerReady = async (runnerSlot: Slot) => {
          await writeOwner(runnerSlot, { ...owner, id: `${id}-runner`, uid: runnerSlot.uid });
          await populateRunnerFolder(runnerSlot);
        };
        const settled = await Promise.allSettled([
          cgroupReady,
          runner ? runnerReady(runner) : undefined,
          writeIdentityFiles(slot.dir, slot.uid, runner?.uid),
          populateWorkspace(slot, spec.sourceDir),
        ]);
        const failed = settled.find((step) => step.status === 'rejected');
        if (failed) throw failed.reason;
        const cgroup = await cgroupReady;
        logger.debug(`sandbox ${id}: created in ${slot.workspace}`);
        return new LocalSandbox({
          id,
          spec,
          slot,
          runner,
          cgroup,
          nodeDir,
          readLink,
          logger,
          ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
        });
      } catch (error) {
        try {
          const owner = await readOwner(slot.dir);
          await destroyCgroups(owner?.cgroups ?? []);
          await removeSlot(slot.dir);
          if (runner) await removeSlot(runner.dir);
        } catch (cleanup) {
          // The create fails either way (with its own error, below); what is left here has
          // an owner record and is removed by cleanupLeftovers once this process ends.
          logger.warn(`sandbox ${id}: could not remove what a failed create left: ${cleanup}`);
        }
        throw error;
      }
    },

    /**
     * Removes the slots of harnesses that are gone (never of a live one, see orphanSlots):
     * kills what still runs under their uid, removes their cgroups and folders. A leftover
     * that cannot be removed is reported and left for the next call.
     */
    async cleanupLeftovers(): Promise<number> {
      let removed = 0;
      for (const dir of await orphanSlots(rootDir)) {
        const owner = await readOwner(dir);
        if (owner && owner.provider !== 'local') continue;
        try {
          if (owner) await killUid(owner.uid);
          await destroyCgroups(owner?.cgroups ?? []);
          await removeSlot(dir);
        } catch (error) {
          logger.warn(`could not remove leftover sandbox ${dir}: ${error}`);
          continue;
        }
        logger.debug(`removed leftover sandbox ${owner?.id ?? path.basename(dir)}`);
        removed++;
      }
      return removed;
    },
  };
  return provider;
}

function readLink(file: string): string | undefined {
  try {
    return readlinkSync(file);
  } catch {
    // Not a link (EINVAL) or not there: bound as a folder, or not at all.
    return undefined;
  }
}

function sanitize(label: string): string {
  return label.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40) || 'sandbox';
}

/** Checks the binaries, then starts one real sandbox: user namespaces may be disabled. */
async function probe(uidBase: number): Promise<Availability> {
  if (process.platform !== 'linux') return { ok: false, reason: 'local sandboxes need Linux' };
  for (const binary of REQUIRED_BINARIES) {
    const found = await execa('sh', ['-c', `command -v ${binary}`], { reject: false });
    if (found.exitCode !== 0) {
      const hint = INSTALL_HINT[binary] ?? 'install coreutils';
      return { ok: false, reason: `${binary} not found on PATH: ${hint}` };
    }
  }
  const drop = canSwitchUid()
    ? ['setpriv', `--reuid=${uidBase}`, `--regid=${uidBase}`, '--clear-groups', '--']
    : [];
  const links = ['/bin', '/lib', '/lib64'].flatMap((dir) => {
    const target = readLink(dir);
    return target === undefined ? ['--ro-bind', dir, dir] : ['--symlink', target, dir];
  });
  const run = await execa(
    drop[0] ?? 'bwrap',
    [
      ...drop.slice(1),
      ...(drop.length > 0 ? ['bwrap'] : []),
      '--unshare-all',
      '--die-with-parent',
      '--ro-bind',
      '/usr',
      '/usr',
      ...links,
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--',
      '/bin/true',
    ],
    { reject: false, timeout: 10_000 },
  );
  if (run.exitCode !== 0) {
    return {
      ok: false,
      reason:
        `bubblewrap cannot create a sandbox here (${run.stderr.trim() || `exit ${run.exitCode}`}): ` +
        'unprivileged user namespaces must be enabled (sysctl kernel.unprivileged_userns_clone=1, ' +
        'user.max_user_namespaces > 0)',
    };
  }
  return { ok: true };
}
