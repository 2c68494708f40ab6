import path from 'node:path';
import { execa } from 'execa';
import { InfraError } from '../../errors.ts';
import type { Logger } from '../../util/logger.ts';
import { DiskWatch } from '../disk-limit.ts';
import { pairRunner, SandboxHostFiles } from '../host-files.ts';
import { canSwitchUid, removeSlot, type Slot } from '../host-workspace.ts';
import {
  commandArgv,
  runnerEnv,
  SANDBOX_RUNNER_DIR,
  SANDBOX_WORKDIR,
  sandboxEnv,
} from '../layout.ts';
import { DEFAULT_RETRY_DELAYS_MS, retrying } from '../retry.ts';
import { runProcess } from '../run-process.ts';
import type { ExecOptions, ExecResult, PairCommand, Sandbox, WorkspaceSpec } from '../types.ts';
import { toWorkspaceRelative } from '../workspace-path.ts';
import { buildLaunchArgv, buildPairLaunchArgv, type LaunchPlan } from './bwrap-args.ts';
import { destroyCgroups, type SandboxCgroup } from './cgroup.ts';
import { pairReaperEnv, reaperEnv } from './reaper.ts';

export interface LocalSandboxInit {
  id: string;
  spec: WorkspaceSpec;
  slot: Slot;
  /** The runner's own slot (uid and private folder), when the spec asks for a runner. */
  runner?: Slot;
  cgroup: SandboxCgroup | undefined;
  nodeDir: string | undefined;
  readLink: (file: string) => string | undefined;
  logger: Logger;
  /** How often a running command's workspace size is checked. @default 1000 */
  diskCheckIntervalMs?: number;
  /** Waits between tries of a dispose. @default DEFAULT_RETRY_DELAYS_MS */
  retryDelaysMs?: readonly number[];
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
  readonly #files: SandboxHostFiles;
  #disposed = false;
  /** Set once a dispose began: no new command may start. */
  #closing = false;
  /** Whether any process was ever started: if not, there is nothing of its uids to kill. */
  #started = false;

  constructor(init: LocalSandboxInit) {
    this.id = init.id;
    this.#init = init;
    this.#files = new SandboxHostFiles(init.slot, init.runner);
  }

  get hostWorkspace(): string {
    return this.#init.slot.workspace;
  }

  async exec(command: string | readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const { slot } = this.#init;
    const cwd = toWorkspaceRelative(options.cwd ?? '.', SANDBOX_WORKDIR);
    const argv = buildLaunchArgv(
      this.#plan(slot.uid, cwd, sandboxEnv(slot.uid, options.env), commandArgv(command)),
    );
    return this.#launch(argv, reaperEnv(this.#init.cgroup?.procsFiles ?? []), options);
  }

  /**
   * The server as the sandbox's uid with the workspace, the client as the runner's uid with
   * the runner's folder and mounts and a read-only view of the workspace, in two bubblewrap
   * sandboxes (two pid and mount namespaces) that share one network namespace made by the
   * launcher. The server never sees the runner's files or processes; only loopback connects
   * them.
   */
  async execPair(
    server: PairCommand,
    client: PairCommand,
    options: ExecOptions = {},
  ): Promise<ExecResult> {
    const { slot, spec } = this.#init;
    const { runner, marker } = await pairRunner(this.#init.runner);
    const serverPlan = this.#plan(
      slot.uid,
      '.',
      sandboxEnv(slot.uid, server.env),
      commandArgv(server.command),
    );
    const clientPlan: LaunchPlan = {
      ...this.#plan(
        runner.uid,
        SANDBOX_RUNNER_DIR,
        runnerEnv(runner.uid, client.env),
        commandArgv(client.command),
      ),
      hostWorkspace: undefined,
      readOnlyWorkspace: slot.workspace,
      runnerDir: runner.workspace,
      runnerMounts: spec.runner?.mounts ?? [],
    };
    const { argv, serverArgc } = buildPairLaunchArgv(serverPlan, clientPlan);
    const env = {
      ...reaperEnv(this.#init.cgroup?.procsFiles ?? []),
      ...pairReaperEnv(serverArgc, marker),
    };
    return this.#launch(argv, env, { ...options, stdin: undefined });
  }

  #plan(
    uid: number,
    cwd: string,
    env: Record<string, string>,
    argv: readonly string[],
  ): LaunchPlan {
    const { spec, slot } = this.#init;
    return {
      uid,
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
      env,
      argv,
      readLink: this.#init.readLink,
    };
  }

  async #launch(
    argv: readonly string[],
    env: Record<string, string>,
    options: ExecOptions,
  ): Promise<ExecResult> {
    if (this.#disposed || this.#closing) throw new Error(`sandbox ${this.id} is disposed`);
    const { spec, slot } = this.#init;
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
        env,
        stdin: options.stdin,
        timeoutMs: options.timeoutMs ?? spec.limits.wallTimeMs,
        maxOutputBytes: options.maxOutputBytes ?? spec.limits.maxOutputBytes,
        kill: (pid) => this.#killLauncher(pid),
        onSpawn: (pid) => {
          this.#started = true;
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

  /**
   * Kills what the sandbox runs and removes its cgroups and slots, retried with backoff (a
   * cgroup whose last process is still exiting cannot be removed yet). If that still fails
   * the dispose throws; a later call tries again.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#closing = true;
    for (const pid of this.#running) this.#killLauncher(pid);
    const { slot, runner, logger } = this.#init;
    await retrying(
      async () => {
        if (this.#started) await Promise.all([killUid(slot.uid), runner && killUid(runner.uid)]);
        await destroyCgroups(this.#init.cgroup?.dirs ?? []);
        await Promise.all([removeSlot(slot.dir), runner && removeSlot(runner.dir)]);
      },
      {
        delaysMs: this.#init.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
        onFailure: (error, tries, next) =>
          logger.warn(
            `sandbox ${this.id}: could not remove it (try ${tries}): ${error}${next === undefined ? '' : `; trying again in ${next} ms`}`,
          ),
      },
    );
    this.#disposed = true;
    logger.debug(`sandbox ${this.id}: disposed`);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already (ESRCH). Called from timers, so it must not throw: a process that
    // survives is killed with its uid and cgroup by dispose, which fails if it cannot.
  }
}

/**
 * Kills every process of a sandbox uid: `kill(-1)` sent *as that uid* reaches exactly the
 * processes that uid owns, which is the whole sandbox since the uid is never shared.
 */
export async function killUid(uid: number): Promise<void> {
  if (!canSwitchUid()) return;
  const killed = await execa(
    'setpriv',
    [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', 'kill', '-KILL', '-1'],
    { reject: false },
  );
  // kill exits 1 when that uid has no process left: the goal, reached already.
  if (killed.exitCode === 0 || (killed.exitCode === 1 && killed.stderr.trim() === '')) return;
  throw new InfraError(
    `cannot kill the processes of uid ${uid}: ${killed.stderr.trim() || killed.shortMessage}`,
  );
}
