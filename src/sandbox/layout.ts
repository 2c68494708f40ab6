import { realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * How a sandbox looks from inside, the same for every provider: the workspace at
 * /workspace, the harness's Node first on PATH, a per-sandbox identity, a clean environment.
 */

/** Where the workspace appears inside every sandbox. */
export const SANDBOX_WORKDIR = '/workspace';
/** Where the harness's Node binary folder appears inside the sandbox (first on PATH). */
export const SANDBOX_NODE_DIR = '/opt/swelancer/node/bin';
/**
 * The runner's private folder (`WorkspaceSpec.runner`): writable by the runner only, mode
 * 0700. Under /opt/swelancer so that code in it resolves the harness's own node_modules
 * (`/opt/swelancer/node_modules`) by Node's usual upward lookup.
 */
export const SANDBOX_RUNNER_DIR = '/opt/swelancer/runner';
/** Created in the runner's folder when the server of `execPair` exits before the client. */
export const SERVER_EXITED_FILE = 'server-exited';

/**
 * The parts of the host's /etc a toolchain needs (dynamic loader, fonts for Chromium,
 * `alternatives` links that /usr/bin points into, TLS roots). Everything else in /etc,
 * like host keys, shadow files and service configs, stays hidden. passwd, group and hosts
 * are written per sandbox.
 */
export const ETC_ALLOWLIST = [
  'alternatives',
  'ca-certificates',
  'chromium',
  'chromium.d',
  'debian_version',
  'fonts',
  'gai.conf',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'localtime',
  'magic',
  'mime.types',
  'nsswitch.conf',
  'os-release',
  'protocols',
  'services',
  'ssl',
];

/** Name resolution for a sandbox on the host's network (`network: 'host'`); hidden otherwise. */
export const HOST_NETWORK_ETC = ['resolv.conf'];

/** The default PATH of every sandbox command: the harness's Node first. */
export const SANDBOX_PATH = `${SANDBOX_NODE_DIR}:/usr/local/bin:/usr/bin:/bin`;

export function sandboxEnv(
  uid: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: SANDBOX_PATH,
    HOME: '/tmp/home',
    USER: 'sandbox',
    LOGNAME: 'sandbox',
    LANG: 'C.UTF-8',
    TMPDIR: '/tmp',
    TERM: 'dumb',
    SANDBOX_UID: String(uid),
    ...extra,
  };
}

/** The runner's environment: its own home and temporary folder, inside its private folder. */
export function runnerEnv(uid: number, extra: Record<string, string> = {}): Record<string, string> {
  return sandboxEnv(uid, {
    HOME: `${SANDBOX_RUNNER_DIR}/home`,
    TMPDIR: `${SANDBOX_RUNNER_DIR}/tmp`,
    USER: 'runner',
    LOGNAME: 'runner',
    ...extra,
  });
}

export function sandboxPathOf(given: string): string {
  return path.posix.isAbsolute(given)
    ? path.posix.normalize(given)
    : path.posix.join(SANDBOX_WORKDIR, given);
}

/** Where a runner mount appears: relative paths are inside the runner's folder. */
export function runnerPathOf(given: string): string {
  const inside = path.posix.normalize(given);
  if (path.posix.isAbsolute(inside) || inside === '..' || inside.startsWith('../')) {
    throw new RangeError(`a runner mount goes inside ${SANDBOX_RUNNER_DIR}: got ${given}`);
  }
  return path.posix.join(SANDBOX_RUNNER_DIR, inside);
}

export function commandArgv(command: string | readonly string[]): readonly string[] {
  return typeof command === 'string' ? ['/bin/bash', '-c', command] : command;
}

/** /etc/passwd, /etc/group and /etc/hosts as the sandbox sees them. */
export async function writeIdentityFiles(
  dir: string,
  uid: number,
  runnerUid?: number,
): Promise<void> {
  const runner = runnerUid === undefined || runnerUid === uid ? undefined : runnerUid;
  const users = [`sandbox:x:${uid}:${uid}:sandbox:/tmp/home:/bin/sh`];
  const groups = [`sandbox:x:${uid}:`];
  if (runner !== undefined) {
    users.push(`runner:x:${runner}:${runner}:runner:${SANDBOX_RUNNER_DIR}/home:/bin/sh`);
    groups.push(`runner:x:${runner}:`);
  }
  await writeFile(path.join(dir, 'passwd'), `${users.join('\n')}\n`);
  await writeFile(path.join(dir, 'group'), `${groups.join('\n')}\n`);
  await writeFile(path.join(dir, 'hosts'), '127.0.0.1 localhost sandbox\n::1 localhost\n');
}

/** The Node binary's folder, unless it is already visible through /usr. */
export function nodeFolder(binary: string): string | undefined {
  const dir = path.dirname(realpathSync(binary));
  return dir.startsWith('/usr/') || dir === '/bin' ? undefined : dir;
}

/** prctl's syscall number on this architecture; 0 (no subreaper) where unknown. */
export function prctlSyscallNumber(arch: string = process.arch): number {
  const numbers: Record<string, number> = { x64: 157, arm64: 167, riscv64: 167, ia32: 172 };
  return numbers[arch] ?? 0;
}

/** unshare's syscall number on this architecture; 0 (pairs unavailable) where unknown. */
export function unshareSyscallNumber(arch: string = process.arch): number {
  const numbers: Record<string, number> = { x64: 272, arm64: 97, riscv64: 97, ia32: 310 };
  return numbers[arch] ?? 0;
}
