import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  ETC_ALLOWLIST,
  HOST_NETWORK_ETC,
  runnerPathOf,
  SANDBOX_NODE_DIR,
  SANDBOX_RUNNER_DIR,
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
  /** The workspace's host folder, bound at /workspace; undefined for the runner (no workspace). */
  hostWorkspace: string | undefined;
  /**
   * The workspace's host folder bound read-only at /workspace instead: the runner's view of
   * the app's files (its database, its uploads), which hidden tests may read, never change.
   */
  readOnlyWorkspace?: string;
  /** Per-sandbox files bound over /etc/passwd, /etc/group and /etc/hosts. */
  etcFiles: { passwd: string; group: string; hosts: string };
  nodeDir: string | undefined;
  mounts: readonly ReadOnlyMount[];
  /**
   * `host` keeps the host's network namespace (see `WorkspaceSpec.network`); `inherited`
   * keeps the launcher's, which the pair launcher made private (see `buildPairLaunchArgv`).
   */
  network: WorkspaceSpec['network'] | 'inherited';
  /** The runner's private folder on the host, bound writable at `SANDBOX_RUNNER_DIR`. */
  runnerDir?: string;
  /** Mounts inside the runner's folder (`sandboxPath` relative to it). */
  runnerMounts?: readonly ReadOnlyMount[];
  limits: SandboxLimits;
  /** Working directory: relative to the workspace, or absolute (the runner's). */
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
  return ['perl', '-e', REAPER_SCRIPT, '--', ...sandboxArgv(plan)];
}

/**
 * Two sandboxes under one launcher, sharing one private network namespace (made by the
 * launcher as root, so neither side can reconfigure it): the server as one uid, the client
 * as another. Returns the argv and how many of its arguments are the server's (for
 * `pairReaperEnv`).
 */
export function buildPairLaunchArgv(
  server: LaunchPlan,
  client: LaunchPlan,
): { argv: string[]; serverArgc: number } {
  const first = sandboxArgv({ ...server, network: 'inherited' });
  const second = sandboxArgv({ ...client, network: 'inherited' });
  return {
    argv: ['perl', '-e', REAPER_SCRIPT, '--', ...first, ...second],
    serverArgc: first.length,
  };
}

/** `prlimit … -- setpriv --reuid=U … bwrap … -- argv`, without the launcher. */
function sandboxArgv(plan: LaunchPlan): string[] {
  const { limits } = plan;
  const argv: string[] = [];
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
    ...(plan.network === 'host' || plan.network === 'inherited' ? ['--share-net'] : []),
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
  if (plan.hostWorkspace !== undefined) {
    argv.push('--bind', plan.hostWorkspace, SANDBOX_WORKDIR);
  } else if (plan.readOnlyWorkspace !== undefined) {
    argv.push('--ro-bind', plan.readOnlyWorkspace, SANDBOX_WORKDIR);
  }
  for (const mount of plan.mounts) {
    // Without a workspace, mounts into it have nowhere to go.
    if (plan.hostWorkspace === undefined && !path.posix.isAbsolute(mount.sandboxPath)) continue;
    argv.push('--ro-bind', mount.hostPath, sandboxPathOf(mount.sandboxPath));
  }
  if (plan.runnerDir !== undefined) {
    argv.push('--bind', plan.runnerDir, SANDBOX_RUNNER_DIR);
    for (const mount of plan.runnerMounts ?? []) {
      argv.push('--ro-bind', mount.hostPath, runnerPathOf(mount.sandboxPath));
    }
  }
  // The sandbox's root is a tmpfs bwrap built: freeze it, leaving /tmp, /dev/shm and the
  // workspace (separate mounts) writable.
  argv.push('--remount-ro', '/');
  argv.push('--chdir', path.posix.resolve(SANDBOX_WORKDIR, plan.cwd), '--clearenv');
  for (const [key, value] of Object.entries(plan.env)) argv.push('--setenv', key, value);
  argv.push('--', ...plan.argv);
  return argv;
}
