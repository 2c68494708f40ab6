import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  ETC_ALLOWLIST,
  HOST_NETWORK_ETC,
  SANDBOX_NODE_DIR,
  SANDBOX_WORKDIR,
  sandboxPathOf,
} from '../layout.ts';
import type { ReadOnlyMount, SandboxLimits, WorkspaceSpec } from '../types.ts';
import { REAPER_SCRIPT } from './reaper.ts';

/** Top-level host folders made visible read-only (symbolic links are recreated as links). */
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib64', '/lib32', '/libx32'];

export interface LaunchPlan {
  uid: number;
  switchUid: boolean;
  hostWorkspace: string;
  /** Per-sandbox files bound over /etc/passwd, /etc/group and /etc/hosts. */
  etcFiles: { passwd: string; group: string; hosts: string };
  nodeDir: string | undefined;
  mounts: readonly ReadOnlyMount[];
  /** `host` keeps the host's network namespace (see `WorkspaceSpec.network`). */
  network: WorkspaceSpec['network'];
  limits: SandboxLimits;
  cwd: string;
  env: Record<string, string>;
  argv: readonly string[];
  /** Resolves a symbolic link target for system folders; injectable for tests. */
  readLink: (file: string) => string | undefined;
}

/**
 * The host command line that runs `argv` in a fresh bubblewrap sandbox:
 * `perl -e REAPER -- prlimit … -- setpriv --reuid=U … bwrap … -- argv`.
 * Order matters: cgroups (joined by the reaper) and rlimits are applied as root, then privileges are dropped, then
 * bwrap (as an unprivileged user, so its user namespace maps to that user and not to root)
 * builds the mount, pid, network, ipc and uts namespaces.
 */
export function buildLaunchArgv(plan: LaunchPlan): string[] {
  const { limits } = plan;
  const argv: string[] = ['perl', '-e', REAPER_SCRIPT, '--'];
  argv.push(
    'prlimit',
    `--nproc=${limits.maxProcesses}`,
    `--fsize=${limits.diskBytes}`,
    '--core=0',
    '--',
  );
  if (plan.switchUid) {
    argv.push(
      'setpriv',
      `--reuid=${plan.uid}`,
      `--regid=${plan.uid}`,
      '--clear-groups',
      '--no-new-privs',
      '--',
    );
  }
  argv.push(
    'bwrap',
    '--unshare-all',
    // Explicit: --unshare-all only asks for a user namespace "if possible".
    '--unshare-user',
    // The opt-in for CLI agents that call their model API: the host's network namespace.
    ...(plan.network === 'host' ? ['--share-net'] : []),
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--hostname',
    'sandbox',
  );
  for (const dir of SYSTEM_DIRS) {
    const target = plan.readLink(dir);
    if (target !== undefined) argv.push('--symlink', target, dir);
    else if (existsSync(dir)) argv.push('--ro-bind', dir, dir);
  }
  for (const name of plan.network === 'host'
    ? [...ETC_ALLOWLIST, ...HOST_NETWORK_ETC]
    : ETC_ALLOWLIST) {
    const file = `/etc/${name}`;
    if (existsSync(file)) argv.push('--ro-bind', file, file);
  }
  argv.push(
    '--ro-bind',
    plan.etcFiles.passwd,
    '/etc/passwd',
    '--ro-bind',
    plan.etcFiles.group,
    '/etc/group',
    '--ro-bind',
    plan.etcFiles.hosts,
    '/etc/hosts',
  );
  if (plan.nodeDir !== undefined) argv.push('--ro-bind', plan.nodeDir, SANDBOX_NODE_DIR);
  const tmpSize = String(Math.min(limits.diskBytes, limits.memoryBytes));
  argv.push('--dev', '/dev', '--size', tmpSize, '--tmpfs', '/dev/shm', '--proc', '/proc');
  argv.push('--size', tmpSize, '--tmpfs', '/tmp', '--dir', '/tmp/home');
  argv.push('--bind', plan.hostWorkspace, SANDBOX_WORKDIR);
  for (const mount of plan.mounts) {
    argv.push('--ro-bind', mount.hostPath, sandboxPathOf(mount.sandboxPath));
  }
  // The sandbox's root is a tmpfs bwrap built: freeze it, leaving /tmp, /dev/shm and the
  // workspace (separate mounts) writable.
  argv.push('--remount-ro', '/');
  argv.push('--chdir', path.posix.join(SANDBOX_WORKDIR, plan.cwd), '--clearenv');
  for (const [key, value] of Object.entries(plan.env)) argv.push('--setenv', key, value);
  argv.push('--', ...plan.argv);
  return argv;
}
