import { constants } from 'node:fs';
import { cp, open, readFile } from 'node:fs/promises';
import { giveToUid } from './host-workspace.ts';
import { hostPathForRead, hostPathForWrite, toWorkspaceRelative } from './workspace-path.ts';

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
    return readFile(await hostPathForRead(this.#hostRoot, this.#relative(file)));
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
    const source = await hostPathForRead(this.#hostRoot, this.#relative(sandboxPath));
    // Links inside are copied as links, never followed: they may point at host files.
    await cp(source, hostPath, { recursive: true, force: true, verbatimSymlinks: true });
  }

  #relative(file: string): string {
    return toWorkspaceRelative(file, this.#workdir);
  }
}
