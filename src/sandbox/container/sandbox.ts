import { writeFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import { InfraError } from '../../errors.ts';
import type { Logger } from '../../util/logger.ts';
import { pairRunner, SandboxHostFiles } from '../host-files.ts';
import { removeSlot, type Slot } from '../host-workspace.ts';
import {
  commandArgv,
  runnerEnv,
  SANDBOX_RUNNER_DIR,
  SANDBOX_WORKDIR,
  sandboxEnv,
} from '../layout.ts';
import { DEFAULT_RETRY_DELAYS_MS, retrying } from '../retry.ts';
import type { ExecOptions, ExecResult, PairCommand, Sandbox, WorkspaceSpec } from '../types.ts';
import { toWorkspaceRelative } from '../workspace-path.ts';
import { DEFAULT_PID_DIR } from './exec-wrapper.ts';
import { ContainerExecs, describeError, type ExecRun } from './execs.ts';

export interface ContainerSandboxInit {
  id: string;
  spec: WorkspaceSpec;
  slot: Slot;
  /** The runner's own slot (uid and private folder), when the spec asks for a runner. */
  runner?: Slot;
  docker: Docker;
  container: Docker.Container;
  logger: Logger;
  /** @default 1000 */
  diskCheckIntervalMs?: number;
  /** Waits between tries of removing the container or killing an exec. @default DEFAULT_RETRY_DELAYS_MS */
  retryDelaysMs?: readonly number[];
  /**
   * How long an exec whose output has ended may still be reported running by the API
   * before its outcome counts as unknown (its stream was cut: output may be missing). @default 1000
   */
  settleMs?: number;
}

/**
 * One `container` sandbox: a long-running container (its PID 1 only reaps) with the
 * workspace bind-mounted from a host folder; every exec goes through the Docker Engine API.
 * As in `local`, background processes die with the exec that started them (see
 * exec-wrapper.ts): run a server and its tests in one exec (`execWithServer`).
 */
export class ContainerSandbox implements Sandbox {
  readonly id: string;
  readonly provider = 'container';
  readonly workdir = SANDBOX_WORKDIR;
  readonly #init: ContainerSandboxInit;
  readonly #files: SandboxHostFiles;
  readonly #execs: ContainerExecs;
  #disposed = false;
  /** The dispose in progress: resolves with its failure, or undefined once all is removed. */
  #disposal: Promise<InfraError | undefined> | undefined;

  constructor(init: ContainerSandboxInit) {
    this.id = init.id;
    this.#init = init;
    this.#files = new SandboxHostFiles(init.slot, init.runner);
    this.#execs = new ContainerExecs({
      id: init.id,
      docker: init.docker,
      container: init.container,
      logger: init.logger,
      limits: init.spec.limits,
      disk: {
        dir: init.slot.workspace,
        bytes: init.spec.limits.diskBytes,
        intervalMs: init.diskCheckIntervalMs ?? 1000,
      },
      disposal: () => this.#disposal,
      ...(init.retryDelaysMs ? { retryDelaysMs: init.retryDelaysMs } : {}),
      ...(init.settleMs !== undefined ? { settleMs: init.settleMs } : {}),
    });
  }

  /** Starts one exec, unless the sandbox is disposed. */
  async #start(
    argv: readonly string[],
    run: ExecRun,
  ): Promise<{ tag: string; done: Promise<ExecResult> }> {
    if (this.#disposed || this.#disposal) throw new Error(`sandbox ${this.id} is disposed`);
    return this.#execs.start(argv, run);
  }

  get hostWorkspace(): string {
    return this.#init.slot.workspace;
  }

  get containerId(): string {
    return this.#init.container.id;
  }

  async exec(command: string | readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const { slot } = this.#init;
    const cwd = toWorkspaceRelative(options.cwd ?? '.', SANDBOX_WORKDIR);
    const started = await this.#start(commandArgv(command), {
      uid: slot.uid,
      env: sandboxEnv(slot.uid, options.env),
      workingDir: `${SANDBOX_WORKDIR}/${cwd}`.replace(/\/\.$/, ''),
      pidDir: DEFAULT_PID_DIR,
      options,
    });
    return started.done;
  }

  /**
   * Two execs in the one container (so one loopback): the server as the sandbox's uid, the
   * client as the runner's uid in its private folder (mode 0700, the runner's), which the
   * server's uid cannot enter. Different uids without capabilities cannot signal or trace
   * each other.
   */
  async execPair(
    server: PairCommand,
    client: PairCommand,
    options: ExecOptions = {},
  ): Promise<ExecResult> {
    const { slot } = this.#init;
    const { runner, marker } = await pairRunner(this.#init.runner);
    const timeoutMs = options.timeoutMs ?? this.#init.spec.limits.wallTimeMs;
    const serving = await this.#start(commandArgv(server.command), {
      uid: slot.uid,
      env: sandboxEnv(slot.uid, server.env),
      workingDir: SANDBOX_WORKDIR,
      pidDir: DEFAULT_PID_DIR,
      // Killed when the client ends; the backstop only matters if that kill is lost.
      options: { timeoutMs: timeoutMs + 10_000, maxOutputBytes: 64 * 1024 },
    });
    let clientDone = false;
    const serverGone = serving.done.then(
      async () => {
        if (clientDone) return;
        await writeFile(marker, '').catch((error: unknown) => {
          // The client then waits for its own ready timeout instead: slower, same verdict.
          this.#init.logger.warn(`sandbox ${this.id}: cannot mark the server exited: ${error}`);
        });
      },
      // The server's result is not collected (see Sandbox.execPair), nor is its failure:
      // the client's result, or its own InfraError, is the pair's outcome.
      () => {},
    );
    try {
      const testing = await this.#start(commandArgv(client.command), {
        uid: runner.uid,
        env: runnerEnv(runner.uid, client.env),
        workingDir: SANDBOX_RUNNER_DIR,
        pidDir: `${SANDBOX_RUNNER_DIR}/.pids`,
        options: { ...options, timeoutMs, stdin: undefined },
      });
      return await testing.done;
    } finally {
      clientDone = true;
      // Retried in the background during an API outage; dispose removes it all anyway.
      void this.#execs.kill(serving.tag);
      let waiting: NodeJS.Timeout | undefined;
      await Promise.race([
        serverGone,
        new Promise((resolve) => {
          waiting = setTimeout(resolve, 10_000);
        }),
      ]);
      clearTimeout(waiting);
    }
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
   * Removes the container (which kills every process in it) and the slots, retried with
   * backoff through an API outage. If that still fails, the running execs are let go (they
   * end with an InfraError, and hold nothing open) and the dispose throws; the container
   * is left to `cleanupLeftovers`. A later call tries again.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposal ??= this.#removeAll();
    const failure = await this.#disposal;
    if (failure) {
      this.#disposal = undefined;
      throw failure;
    }
  }

  async #removeAll(): Promise<InfraError | undefined> {
    const { container, slot, runner, logger } = this.#init;
    try {
      await retrying(
        async () => {
          await removeContainer(container);
          await removeSlot(slot.dir);
          if (runner) await removeSlot(runner.dir);
        },
        {
          delaysMs: this.#init.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
          onFailure: (error, tries, next) =>
            logger.warn(
              `sandbox ${this.id}: could not remove container ${container.id.slice(0, 12)} (try ${tries}): ${describeError(error)}${next === undefined ? '' : `; trying again in ${next} ms`}`,
            ),
        },
      );
    } catch (error) {
      const failure = new InfraError(
        `sandbox ${this.id}: could not remove container ${container.id.slice(0, 12)}: ${describeError(error)}`,
        { cause: error },
      );
      this.#execs.cutOffAll(failure);
      return failure;
    }
    this.#disposed = true;
    // Removing the container ended every exec's stream; this only makes sure of it.
    this.#execs.cutOffAll(undefined);
    logger.debug(`sandbox ${this.id}: disposed`);
    return undefined;
  }
}

/** Force-removes a container (kills every process in it); a missing one is fine. */
export async function removeContainer(container: Docker.Container): Promise<void> {
  try {
    await container.remove({ force: true, v: true });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
}
