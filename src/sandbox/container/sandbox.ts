import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { InfraError } from '../../errors.ts';
import type { Logger } from '../../util/logger.ts';
import { DiskWatch } from '../disk-limit.ts';
import { pairRunner, SandboxHostFiles } from '../host-files.ts';
import { removeSlot, type Slot } from '../host-workspace.ts';
import {
  commandArgv,
  prctlSyscallNumber,
  runnerEnv,
  SANDBOX_RUNNER_DIR,
  SANDBOX_WORKDIR,
  sandboxEnv,
} from '../layout.ts';
import { DEFAULT_RETRY_DELAYS_MS, retrying, sleep } from '../retry.ts';
import { CappedBuffer } from '../run-process.ts';
import type { ExecOptions, ExecResult, PairCommand, Sandbox, WorkspaceSpec } from '../types.ts';
import { toWorkspaceRelative } from '../workspace-path.ts';
import { DEFAULT_PID_DIR, EXEC_WRAPPER_SCRIPT, killExecCommand } from './exec-wrapper.ts';
import { killAllButInit } from './host-kill.ts';

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

/** A running exec, as the sandbox knows it. */
interface RunningExec {
  uid: number;
  pidDir: string;
  /**
   * Stops waiting for the exec: ends its stream, so its result settles at once, as killed
   * (the container is gone) or, given the dispose's failure, as that InfraError.
   */
  cutOff(failure: InfraError | undefined): void;
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
  readonly #running = new Map<string, RunningExec>();
  #disposed = false;
  /** The dispose in progress: resolves with its failure, or undefined once all is removed. */
  #disposal: Promise<InfraError | undefined> | undefined;

  constructor(init: ContainerSandboxInit) {
    this.id = init.id;
    this.#init = init;
    this.#files = new SandboxHostFiles(init.slot, init.runner);
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
      void this.#killExec(serving.tag);
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

  /** Starts one exec; `done` settles with its result (after its timeout, killed). */
  async #start(
    argv: readonly string[],
    run: {
      uid: number;
      env: Record<string, string>;
      workingDir: string;
      pidDir: string;
      options: ExecOptions;
    },
  ): Promise<{ tag: string; done: Promise<ExecResult> }> {
    if (this.#disposed || this.#disposal) throw new Error(`sandbox ${this.id} is disposed`);
    const { spec, docker, container, slot } = this.#init;
    const { options } = run;
    const tag = randomBytes(6).toString('hex');
    const env = {
      ...run.env,
      SWL_PRCTL_NR: String(prctlSyscallNumber()),
      SWL_EXEC_TAG: tag,
      SWL_PID_DIR: run.pidDir,
    };
    const started = performance.now();
    const exec = await container.exec({
      Cmd: ['perl', '-e', EXEC_WRAPPER_SCRIPT, '--', ...argv],
      Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
      WorkingDir: run.workingDir,
      User: `${run.uid}:${run.uid}`,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({ hijack: true, stdin: true });
    const max = options.maxOutputBytes ?? spec.limits.maxOutputBytes;
    const stdout = new CappedBuffer(max);
    const stderr = new CappedBuffer(max);
    const out = new PassThrough().on('data', (chunk: Buffer) => stdout.push(chunk));
    const err = new PassThrough().on('data', (chunk: Buffer) => stderr.push(chunk));
    docker.modem.demuxStream(stream, out, err);
    let broken: Error | undefined;
    let cutOff: { failure: InfraError | undefined } | undefined;
    const ended = new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', (error: Error) => {
        broken = error;
        resolve();
      });
    });
    stream.end(options.stdin ?? '');
    this.#running.set(tag, {
      uid: run.uid,
      pidDir: run.pidDir,
      cutOff: (failure) => {
        cutOff = { failure };
        stream.destroy();
      },
    });

    let timedOut = false;
    const kill = () => this.#killExec(tag);
    const watch = new DiskWatch(
      slot.workspace,
      spec.limits.diskBytes,
      this.#init.diskCheckIntervalMs ?? 1000,
      () => {
        for (const running of this.#running.keys()) void this.#killExec(running);
      },
    );
    let grace: NodeJS.Timeout | undefined;
    let lastResort: NodeJS.Timeout | undefined;
    let killingAll: Promise<void> | undefined;
    // The exec's stream holds the process open while it runs; its timers need not (an
    // abandoned exec must not keep a finished harness alive until its wall time).
    const timer = setTimeout(() => {
      timedOut = true;
      void kill();
      // The wrapper could not be reached (e.g. a fork bomb filled the pids limit, so no
      // second exec can start): kill everything but PID 1 from the host, then stop waiting.
      grace = setTimeout(() => {
        killingAll = this.#killAllButInit();
      }, 2000).unref();
      lastResort = setTimeout(() => stream.destroy(), 8000).unref();
    }, options.timeoutMs ?? spec.limits.wallTimeMs).unref();
    const shown = argv.join(' ').slice(0, 80);
    const done = (async (): Promise<ExecResult> => {
      try {
        await ended;
        // The exec ends as that kill goes on (the container may still be frozen): finish it
        // first, or the next exec would race it and fail to start.
        await killingAll;
        const output = {
          stdout: stdout.text(),
          stderr: stderr.text(),
          timedOut,
          truncated: stdout.truncated || stderr.truncated,
          durationMs: Math.round(performance.now() - started),
        };
        if (cutOff || this.#disposal) {
          // Dispose removed the container, and the command with it; or it could not.
          const failure = cutOff ? cutOff.failure : await this.#disposal;
          if (failure) {
            throw new InfraError(`sandbox ${this.id}: "${shown}" was cut off by a failed dispose`, {
              cause: failure,
            });
          }
          return { ...output, exitCode: null, signal: 'SIGKILL' };
        }
        if (broken && !timedOut) {
          void kill();
          throw new InfraError(`sandbox ${this.id}: the output stream of "${shown}" broke`, {
            cause: broken,
          });
        }
        const exitCode = await this.#exitCodeOf(exec, shown, kill);
        const result: ExecResult = timedOut
          ? { ...output, exitCode: null, signal: 'SIGKILL' }
          : { ...output, exitCode, signal: undefined };
        return await watch.finish(result);
      } finally {
        clearTimeout(timer);
        clearTimeout(grace);
        clearTimeout(lastResort);
        watch.stop();
        this.#running.delete(tag);
      }
    })();
    return { tag, done };
  }

  /**
   * The exit code of an exec whose output has ended, once the API reports it finished. An
   * exec the API cannot describe, or that still runs after `settleMs` (its stream was cut),
   * has no known outcome: that is an InfraError, never a result.
   */
  async #exitCodeOf(exec: Docker.Exec, shown: string, kill: () => Promise<void>): Promise<number> {
    const deadline = performance.now() + (this.#init.settleMs ?? 1000);
    for (;;) {
      let info: Docker.ExecInspectInfo;
      try {
        info = await exec.inspect();
      } catch (error) {
        throw new InfraError(
          `sandbox ${this.id}: cannot learn how "${shown}" ended: ${describeError(error)}`,
          { cause: error },
        );
      }
      if (!info.Running) {
        if (typeof info.ExitCode === 'number') return info.ExitCode;
        throw new InfraError(`sandbox ${this.id}: the API gave no exit code for "${shown}"`);
      }
      if (performance.now() > deadline) {
        void kill();
        throw new InfraError(
          `sandbox ${this.id}: the output of "${shown}" ended while it still ran; its outcome is unknown`,
        );
      }
      await sleep(100);
    }
  }

  /**
   * Asks the exec's wrapper (by a second exec, as the same uid) to kill its whole tree. A
   * failed try is retried while the exec runs: an API outage must not leave it running.
   * Whether it worked shows in the exec's own result (still running: an InfraError).
   */
  async #killExec(tag: string): Promise<void> {
    await retrying(
      async () => {
        const running = this.#running.get(tag);
        if (!running) return;
        const killer = await this.#init.container.exec({
          Cmd: killExecCommand(tag, running.pidDir),
          User: `${running.uid}:${running.uid}`,
          AttachStdout: true,
          AttachStderr: true,
        });
        const stream = await killer.start({ hijack: true, stdin: false });
        stream.resume();
      },
      {
        delaysMs: this.#init.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
        stop: () => !this.#running.has(tag) || this.#disposal !== undefined,
        holdProcess: false,
        onFailure: (error, tries, next) =>
          this.#init.logger.warn(
            `sandbox ${this.id}: could not kill exec ${tag} (try ${tries}): ${describeError(error)}${next === undefined ? '' : `; trying again in ${next} ms`}`,
          ),
      },
    ).catch(() => {
      // Already logged on each try; the exec's result says whether it ended.
    });
  }

  /** See killAllButInit; a failure is only logged (the exec's result then tells). */
  async #killAllButInit(): Promise<void> {
    const { container, logger } = this.#init;
    try {
      await killAllButInit(container, (message) => logger.warn(`sandbox ${this.id}: ${message}`));
    } catch (error) {
      logger.warn(`sandbox ${this.id}: could not kill its processes: ${String(error)}`);
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
      for (const exec of this.#running.values()) exec.cutOff(failure);
      return failure;
    }
    this.#disposed = true;
    // Removing the container ended every exec's stream; this only makes sure of it.
    for (const exec of this.#running.values()) exec.cutOff(undefined);
    logger.debug(`sandbox ${this.id}: disposed`);
    return undefined;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message.trim() : String(error);
}

/** Force-removes a container (kills every process in it); a missing one is fine. */
export async function removeContainer(container: Docker.Container): Promise<void> {
  try {
    await container.remove({ force: true, v: true });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
}
