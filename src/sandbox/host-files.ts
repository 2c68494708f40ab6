import { constants } from 'node:fs';
import { cp, open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeProblem, InfraError, InputError } from '../errors.ts';
import { asFileNotFound } from './file-errors.ts';
import { giveToUid, type Slot } from './host-workspace.ts';
import { SANDBOX_RUNNER_DIR, SANDBOX_WORKDIR, SERVER_EXITED_FILE } from './layout.ts';
import {
  hostPathForRead,
  hostPathForWrite,
  isRunnerPath,
  toWorkspaceRelative,
} from './workspace-path.ts';

/**
 * File access for providers whose workspace is a host folder (`local`, and `container`,
 * which bind-mounts it): the harness reads and writes the folder directly, guarded against
 * links planted by the sandbox, and hands what it writes to the sandbox's uid.
 */
export class HostWorkspaceFiles {
  readonly #hostRoot: string;
  readonly #workdir: string;
  readonly #uid: number;

  constructor(hostRoot: string, workdir: string, uid: number) {
    this.#hostRoot = hostRoot;
    this.#workdir = workdir;
    this.#uid = uid;
  }

  async readFile(file: string): Promise<Uint8Array> {
    const source = await this.#pathForRead(file);
    try {
      return await readFile(source);
    } catch (error) {
      throw asFileNotFound(error, file);
    }
  }

  async writeFile(file: string, data: string | Uint8Array): Promise<void> {
    const target = await hostPathForWrite(this.#hostRoot, this.#relative(file));
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
    const handle = await open(target, flags, 0o644);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    await giveToUid(target, this.#uid);
  }

  async copyIn(hostPath: string, sandboxPath: string): Promise<void> {
    const target = await hostPathForWrite(this.#hostRoot, this.#relative(sandboxPath));
    await cp(hostPath, target, { recursive: true, force: true, verbatimSymlinks: true });
    await giveToUid(target, this.#uid);
  }

  async copyOut(sandboxPath: string, hostPath: string): Promise<void> {
    const source = await this.#pathForRead(sandboxPath);
    // Links inside are copied as links, never followed: they may point at host files.
    await cp(source, hostPath, { recursive: true, force: true, verbatimSymlinks: true });
  }

  #relative(file: string): string {
    return toWorkspaceRelative(file, this.#workdir);
  }

  /**
   * The host path to read: a path with nothing behind it is `SandboxFileNotFoundError`,
   * but a workspace that is itself gone is the environment's failure.
   */
  async #pathForRead(file: string): Promise<string> {
    const relative = this.#relative(file);
    try {
      await stat(this.#hostRoot);
    } catch (error) {
      throw new InfraError(`the sandbox's folder ${this.#hostRoot} cannot be read`, {
        cause: error,
      });
    }
    try {
      return await hostPathForRead(this.#hostRoot, relative);
    } catch (error) {
      throw asFileNotFound(error, file);
    }
  }
}

/**
 * A host-folder sandbox's files: the workspace, plus (for a sandbox with a runner) the
 * runner's folder for absolute paths inside `SANDBOX_RUNNER_DIR`, handed to the runner's uid.
 */
export class SandboxHostFiles {
  readonly #workspace: HostWorkspaceFiles;
  readonly #runner: HostWorkspaceFiles | undefined;

  constructor(workspace: Slot, runner: Slot | undefined) {
    this.#workspace = new HostWorkspaceFiles(workspace.workspace, SANDBOX_WORKDIR, workspace.uid);
    this.#runner = runner
      ? new HostWorkspaceFiles(runner.workspace, SANDBOX_RUNNER_DIR, runner.uid)
      : undefined;
  }

  readFile(file: string): Promise<Uint8Array> {
    return this.#for(file).readFile(file);
  }

  writeFile(file: string, data: string | Uint8Array): Promise<void> {
    return this.#for(file).writeFile(file, data);
  }

  copyIn(hostPath: string, sandboxPath: string): Promise<void> {
    return this.#for(sandboxPath).copyIn(hostPath, sandboxPath);
  }

  copyOut(sandboxPath: string, hostPath: string): Promise<void> {
    return this.#for(sandboxPath).copyOut(sandboxPath, hostPath);
  }

  #for(file: string): HostWorkspaceFiles {
    return (this.#runner && isRunnerPath(file) ? this.#runner : undefined) ?? this.#workspace;
  }
}

/**
 * The runner of a pair, or the error for a sandbox created without one; also removes the
 * server-exited marker of a previous pair and returns its host path.
 */
export async function pairRunner(
  runner: Slot | undefined,
): Promise<{ runner: Slot; marker: string }> {
  if (runner === undefined) {
    throw new InputError(
      'INPUT_INVALID',
      describeProblem({
        field: 'runner',
        expected: 'a sandbox created with `runner` in its spec for execPair',
        found: 'none',
      }),
    );
  }
  const marker = path.join(runner.workspace, SERVER_EXITED_FILE);
  await rm(marker, { force: true });
  return { runner, marker };
}
