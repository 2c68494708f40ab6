import path from 'node:path';
import { execa } from 'execa';
import type { Logger } from '../../util/logger.ts';
import { DiskWatch } from '../disk-limit.ts';
import { HostWorkspaceFiles } from '../host-files.ts';
import { canSwitchUid, removeSlot, type Slot } from '../host-workspace.ts';
import { commandArgv, SANDBOX_WORKDIR, sandboxEnv } from '../layout.ts';
import { runProcess } from '../run-process.ts';
import type { ExecOptions, ExecResult, Sandbox, WorkspaceSpec } from '../types.ts';
import { toWorkspaceRelative } from '../workspace-path.ts';
import { buildLaunchArgv } from './bwrap-args.ts';
import { destroyCgroups, type SandboxCgroup } from './cgroup.ts';
import { reaperEnv } from './reaper.ts';

export interface LocalSandboxInit {
  id: string;
  spec: WorkspaceSpec;
  slot: Slot;
  cgroup: SandboxCgroup | undefined;
  nodeDir: string | undefined;
  readLink: (file: string) => string | undefined;
  logger: Logger;
  /** How often a running command's workspace size is checked. @default 1000 */
  diskCheckIntervalMs?: number;
}

/**
 * One `local` sandbox: a host folder owned by a dedicated uid, and one fresh bubblewrap
 * sandbox per `exec`. Each exec has its own pid and network namespace, so a background
 * process lives exactly as long as the command that started it: run a server and the tests
 * that need it in one exec (see `execWithServer`).
 */
export class LocalSandbox implements Sandbox {
  readonly id: string;
  readonly provider = 'local';
  readonly workdir = SANDBOX_WORKDIR;
  readonly #init: LocalSandboxInit;
  readonly #running = new Set<number>();
  readonly #files: HostWorkspaceFiles;
  #disposed = false;

  constructor(init: LocalSandboxInit) {
    this.id = init.id;
    this.#init = init;
    this.#files = new HostWorkspaceFiles(init.slot.workspace, SANDBOX_WORKDIR, init.slot.uid);
  }

  get hostWorkspace(): string {
    return this.#init.slot.workspace;
  }

  async exec(command: string | readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (this.#disposed) throw new Error(`sandbox ${this.id} is disposed`);
    const { spec, slot } = this.#init;
    const cwd = toWorkspaceRelative(options.cwd ?? '.', SANDBOX_WORKDIR);
    const argv = buildLaunchArgv({
      uid: slot.uid,
      switchUid: canSwitchUid(),
      hostWorkspace: slot.workspace,
      etcFiles: {
        passwd: path.join(slot.dir, 'passwd'),
        group: path.join(slot.dir, 'group'),
        hosts: path.join(slot.dir, 'hosts'),
      },
      nodeDir: this.#init.nodeDir,
      mounts: spec.mounts ?? [],
      network: spec.network,
      limits: spec.limits,
      cwd,
      env: sandboxEnv(slot.uid, options.env),
      argv: commandArgv(command),
      readLink: this.#init.readLink,
    });
    const watch = new DiskWatch(
      slot.workspace,
      spec.limits.diskBytes,
      this.#init.diskCheckIntervalMs ?? 1000,
      () => {
        for (const pid of this.#running) this.#killLauncher(pid);
      },
    );
    let launcherPid: number | undefined;
    try {
      const result = await runProcess(argv, {
        env: reaperEnv(this.#init.cgroup?.procsFiles ?? []),
        stdin: options.stdin,
        timeoutMs: options.timeoutMs ?? spec.limits.wallTimeMs,
        maxOutputBytes: options.maxOutputBytes ?? spec.limits.maxOutputBytes,
        kill: (pid) => this.#killLauncher(pid),
        onSpawn: (pid) => {
          launcherPid = pid;
          this.#running.add(pid);
        },
      });
      const checked = await watch.finish(result);
      if (checked !== result) this.#init.logger.warn(`sandbox ${this.id}: over its disk limit`);
      return checked;
    } finally {
      watch.stop();
      if (launcherPid !== undefined) this.#running.delete(launcherPid);
    }
  }

  /**
   * SIGTERM makes the reaper SIGKILL bwrap. That is enough for the tree: bwrap's children
   * carry PR_SET_PDEATHSIG (`--die-with-parent`), and when the namespace's init dies the
   * kernel kills every other process in that pid namespace, grandchildren included; the
   * reaper then collects them and exits. The group kill is a backstop for a stuck reaper.
   */
  #killLauncher(pid: number): void {
    signal(pid, 'SIGTERM');
    setTimeout(() => signal(-pid, 'SIGKILL'), 2000).unref();
  }

  readFile(file: string): Promise<Uint8Array> {
    return this.#files.readFile(file);
  }

  writeFile(file: string, data: string | Uint8Array): Promise<void> {
    return this.#files.writeFile(file, data);
  }

  copyIn(hostPath: string, sandboxPath: string): Promise<void> {
    return this.#files.copyIn(hostPath, sandboxPath);
  }

  copyOut(sandboxPath: string, hostPath: string): Promise<void> {
    return this.#files.copyOut(sandboxPath, hostPath);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const pid of this.#running) this.#killLauncher(pid);
    await killUid(this.#init.slot.uid);
    await destroyCgroups(this.#init.cgroup?.dirs ?? []);
    await removeSlot(this.#init.slot.dir);
    this.#init.logger.debug(`sandbox ${this.id}: disposed`);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/**
 * Kills every process of a sandbox uid: `kill(-1)` sent *as that uid* reaches exactly the
 * processes that uid owns, which is the whole sandbox since the uid is never shared.
 */
export async function killUid(uid: number): Promise<void> {
  if (!canSwitchUid()) return;
  await execa(
    'setpriv',
    [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', 'kill', '-KILL', '-1'],
    { reject: false },
  );
}
