import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { InfraError } from '../../errors.ts';
import type { Logger } from '../../util/logger.ts';
import { DiskWatch } from '../disk-limit.ts';
import { prctlSyscallNumber } from '../layout.ts';
import { DEFAULT_RETRY_DELAYS_MS, retrying, sleep } from '../retry.ts';
import { CappedBuffer } from '../run-process.ts';
import type { ExecOptions, ExecResult, SandboxLimits } from '../types.ts';
import { EXEC_WRAPPER_SCRIPT, killExecCommand } from './exec-wrapper.ts';
import { killAllButInit } from './host-kill.ts';

export interface ContainerExecsInit {
  /** The sandbox's id, in messages. */
  id: string;
  docker: Docker;
  container: Docker.Container;
  logger: Logger;
  limits: Pick<SandboxLimits, 'wallTimeMs' | 'maxOutputBytes'>;
  /** A host folder whose size is held to a limit while commands run. @default none watched */
  disk?: { dir: string; bytes: number; intervalMs: number };
  /** The sandbox's dispose in progress, if any: resolves with its failure. */
  disposal(): Promise<InfraError | undefined> | undefined;
  /** Waits between tries of killing an exec. @default DEFAULT_RETRY_DELAYS_MS */
  retryDelaysMs?: readonly number[];
  /**
   * How long an exec whose output has ended may still be reported running by the API
   * before its outcome counts as unknown (its stream was cut: output may be missing). @default 1000
   */
  settleMs?: number;
}

/** How one command runs: as whom, with what, where. */
export interface ExecRun {
  /** A uid, or `root` for an image's own user 0 set-up. */
  uid: number;
  env: Record<string, string>;
  workingDir: string;
  /** Where the wrapper records its pid (a folder the uid may write). */
  pidDir: string;
  options: ExecOptions;
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
 * The commands of one container, run through the Docker Engine API: each under the wrapper
 * of exec-wrapper.ts (so a timeout or a dispose kills its whole tree), output demultiplexed
 * and capped, the exit code asked of the API. A command whose outcome the API cannot tell is
 * an `InfraError`, never a result.
 */
export class ContainerExecs {
  readonly #init: ContainerExecsInit;
  readonly #running = new Map<string, RunningExec>();

  constructor(init: ContainerExecsInit) {
    this.#init = init;
  }

  /** Starts one exec; `done` settles with its result (after its timeout, killed). */
  async start(
    argv: readonly string[],
    run: ExecRun,
  ): Promise<{ tag: string; done: Promise<ExecResult> }> {
    const { docker, container, limits } = this.#init;
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
    const max = options.maxOutputBytes ?? limits.maxOutputBytes;
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
    const kill = () => this.kill(tag);
    const { disk } = this.#init;
    const watch = disk
      ? new DiskWatch(disk.dir, disk.bytes, disk.intervalMs, () => {
          for (const running of this.#running.keys()) void this.kill(running);
        })
      : undefined;
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
    }, options.timeoutMs ?? limits.wallTimeMs).unref();
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
        const disposal = this.#init.disposal();
        if (cutOff || disposal) {
          // Dispose removed the container, and the command with it; or it could not.
          const failure = cutOff ? cutOff.failure : await disposal;
          if (failure) {
            throw new InfraError(
              `sandbox ${this.#init.id}: "${shown}" was cut off by a failed dispose`,
              { cause: failure },
            );
          }
          return { ...output, exitCode: null, signal: 'SIGKILL' };
        }
        if (broken && !timedOut) {
          void kill();
          throw new InfraError(`sandbox ${this.#init.id}: the output stream of "${shown}" broke`, {
            cause: broken,
          });
        }
        const exitCode = await this.#exitCodeOf(exec, shown, kill);
        const result: ExecResult = timedOut
          ? { ...output, exitCode: null, signal: 'SIGKILL' }
          : { ...output, exitCode, signal: undefined };
        return watch ? await watch.finish(result) : result;
      } finally {
        clearTimeout(timer);
        clearTimeout(grace);
        clearTimeout(lastResort);
        watch?.stop();
        this.#running.delete(tag);
      }
    })();
    return { tag, done };
  }

  /** Lets every running exec go (see `RunningExec.cutOff`): the container is gone, or not. */
  cutOffAll(failure: InfraError | undefined): void {
    for (const exec of this.#running.values()) exec.cutOff(failure);
  }

  /**
   * The exit code of an exec whose output has ended, once the API reports it finished. An
   * exec the API cannot describe, or that still runs after `settleMs` (its stream was cut),
   * has no known outcome: that is an InfraError, never a result.
   */
  async #exitCodeOf(exec: Docker.Exec, shown: string, kill: () => Promise<void>): Promise<number> {
    const { id } = this.#init;
    const deadline = performance.now() + (this.#init.settleMs ?? 1000);
    for (;;) {
      let info: Docker.ExecInspectInfo;
      try {
        info = await exec.inspect();
      } catch (error) {
        throw new InfraError(
          `sandbox ${id}: cannot learn how "${shown}" ended: ${describeError(error)}`,
          { cause: error },
        );
      }
      if (!info.Running) {
        if (typeof info.ExitCode === 'number') return info.ExitCode;
        throw new InfraError(`sandbox ${id}: the API gave no exit code for "${shown}"`);
      }
      if (performance.now() > deadline) {
        void kill();
        throw new InfraError(
          `sandbox ${id}: the output of "${shown}" ended while it still ran; its outcome is unknown`,
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
  async kill(tag: string): Promise<void> {
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
        stop: () => !this.#running.has(tag) || this.#init.disposal() !== undefined,
        holdProcess: false,
        onFailure: (error, tries, next) =>
          this.#init.logger.warn(
            `sandbox ${this.#init.id}: could not kill exec ${tag} (try ${tries}): ${describeError(error)}${next === undefined ? '' : `; trying again in ${next} ms`}`,
          ),
      },
    ).catch(() => {
      // Already logged on each try; the exec's result says whether it ended.
    });
  }

  /** See killAllButInit; a failure is only logged (the exec's result then tells). */
  async #killAllButInit(): Promise<void> {
    const { container, logger, id } = this.#init;
    try {
      await killAllButInit(container, (message) => logger.warn(`sandbox ${id}: ${message}`));
    } catch (error) {
      logger.warn(`sandbox ${id}: could not kill its processes: ${String(error)}`);
    }
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message.trim() : String(error);
}
