import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { Logger } from '../../util/logger.ts';
import { DiskWatch } from '../disk-limit.ts';
import { HostWorkspaceFiles } from '../host-files.ts';
import { removeSlot, type Slot } from '../host-workspace.ts';
import { commandArgv, prctlSyscallNumber, SANDBOX_WORKDIR, sandboxEnv } from '../layout.ts';
import { CappedBuffer } from '../run-process.ts';
import type { ExecOptions, ExecResult, Sandbox, WorkspaceSpec } from '../types.ts';
import { toWorkspaceRelative } from '../workspace-path.ts';
import { EXEC_WRAPPER_SCRIPT, killExecCommand } from './exec-wrapper.ts';

export interface ContainerSandboxInit {
  id: string;
  spec: WorkspaceSpec;
  slot: Slot;
  docker: Docker;
  container: Docker.Container;
  logger: Logger;
  /** @default 1000 */
  diskCheckIntervalMs?: number;
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
  readonly #files: HostWorkspaceFiles;
  readonly #running = new Set<string>();
  #disposed = false;

  constructor(init: ContainerSandboxInit) {
    this.id = init.id;
    this.#init = init;
    this.#files = new HostWorkspaceFiles(init.slot.workspace, SANDBOX_WORKDIR, init.slot.uid);
  }

  get hostWorkspace(): string {
    return this.#init.slot.workspace;
  }

  get containerId(): string {
    return this.#init.container.id;
  }

  async exec(command: string | readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (this.#disposed) throw new Error(`sandbox ${this.id} is disposed`);
    const { spec, docker, container, slot } = this.#init;
    const cwd = toWorkspaceRelative(options.cwd ?? '.', SANDBOX_WORKDIR);
    const tag = randomBytes(6).toString('hex');
    const env = {
      ...sandboxEnv(slot.uid, options.env),
      SWL_PRCTL_NR: String(prctlSyscallNumber()),
      SWL_EXEC_TAG: tag,
    };
    const started = performance.now();
    const exec = await container.exec({
      Cmd: ['perl', '-e', EXEC_WRAPPER_SCRIPT, '--', ...commandArgv(command)],
      Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
      WorkingDir: `${SANDBOX_WORKDIR}/${cwd}`.replace(/\/\.$/, ''),
      User: `${slot.uid}:${slot.uid}`,
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
    const ended = new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    });
    stream.end(options.stdin ?? '');
    this.#running.add(tag);

    let timedOut = false;
    const kill = () => this.#killExec(tag);
    const watch = new DiskWatch(
      slot.workspace,
      spec.limits.diskBytes,
      this.#init.diskCheckIntervalMs ?? 1000,
      () => {
        for (const running of this.#running) void this.#killExec(running);
      },
    );
    let grace: NodeJS.Timeout | undefined;
    let lastResort: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      void kill();
      // The wrapper could not be reached (e.g. a fork bomb filled the pids limit, so no
      // second exec can start): kill everything but PID 1 from the host, then stop waiting.
      grace = setTimeout(() => void this.#killAllButInit(), 2000);
      lastResort = setTimeout(() => stream.destroy(), 8000);
    }, options.timeoutMs ?? spec.limits.wallTimeMs);
    try {
      await ended;
      const info = await exec.inspect().catch(() => undefined);
      const result: ExecResult = {
        exitCode: timedOut ? null : (info?.ExitCode ?? null),
        signal: timedOut ? 'SIGKILL' : undefined,
        stdout: stdout.text(),
        stderr: stderr.text(),
        timedOut,
        truncated: stdout.truncated || stderr.truncated,
        durationMs: Math.round(performance.now() - started),
      };
      return await watch.finish(result);
    } finally {
      clearTimeout(timer);
      clearTimeout(grace);
      clearTimeout(lastResort);
      watch.stop();
      this.#running.delete(tag);
    }
  }

  /** Asks the exec's wrapper (by a second exec) to kill its whole descendant tree. */
  async #killExec(tag: string): Promise<void> {
    try {
      const killer = await this.#init.container.exec({
        Cmd: killExecCommand(tag),
        User: `${this.#init.slot.uid}:${this.#init.slot.uid}`,
        AttachStdout: true,
        AttachStderr: true,
      });
      const stream = await killer.start({ hijack: true, stdin: false });
      stream.resume();
    } catch (error) {
      this.#init.logger.warn(`sandbox ${this.id}: could not kill exec ${tag}: ${String(error)}`);
    }
  }

  /**
   * Freezes the container (cgroup freezer, via pause), SIGKILLs every process in its cgroup
   * except PID 1, and thaws it: nothing can fork in between, so even a fork bomb is gone.
   */
  async #killAllButInit(): Promise<void> {
    const { container, logger } = this.#init;
    try {
      const init = (await container.inspect()).State.Pid;
      const procs = await cgroupProcsFile(init);
      await container.pause().catch(() => {});
      try {
        for (const pid of await readPids(procs)) if (pid !== init) signalKill(pid);
      } finally {
        await container.unpause().catch(() => {});
      }
      for (let round = 0; round < 40; round++) {
        const left = (await readPids(procs)).filter((pid) => pid !== init);
        if (left.length === 0) return;
        for (const pid of left) signalKill(pid);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
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

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await removeContainer(this.#init.container);
    await removeSlot(this.#init.slot.dir);
    this.#init.logger.debug(`sandbox ${this.id}: disposed`);
  }
}

/** The host file listing the processes of the cgroup (pids controller, or v2) of `pid`. */
async function cgroupProcsFile(pid: number): Promise<string> {
  const lines = (await readFile(`/proc/${pid}/cgroup`, 'utf8')).trim().split('\n');
  const pids = lines.find((line) => line.split(':')[1]?.split(',').includes('pids'));
  if (pids) return `/sys/fs/cgroup/pids${pids.split(':')[2]}/cgroup.procs`;
  const unified = lines.find((line) => line.startsWith('0::'));
  if (unified) return `/sys/fs/cgroup${unified.slice(3)}/cgroup.procs`;
  throw new Error(`no pids cgroup for process ${pid}`);
}

async function readPids(file: string): Promise<number[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map(Number);
}

function signalKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
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
