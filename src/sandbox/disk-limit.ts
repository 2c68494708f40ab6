import { diskUsage } from './host-workspace.ts';
import type { ExecResult } from './types.ts';

/**
 * The workspace's disk limit, for providers whose workspace is a host folder. Enforced in
 * two layers: RLIMIT_FSIZE stops any single file at the limit (kernel-enforced), and this
 * watch measures the folder (`du`) every `intervalMs` while a command runs and once after:
 * a command that pushes the workspace past the limit is killed and the result says why.
 * It bounds damage to the host disk to what can be written in one interval; it is not a
 * quota (see docs/sandboxes.md).
 */
export class DiskWatch {
  readonly #workspace: string;
  readonly #limit: number;
  readonly #timer: NodeJS.Timeout;
  #breach: number | undefined;

  constructor(workspace: string, limitBytes: number, intervalMs: number, onBreach: () => void) {
    this.#workspace = workspace;
    this.#limit = limitBytes;
    this.#timer = setInterval(async () => {
      // A measurement that fails here is only skipped: `finish` measures once more and
      // fails loudly if it cannot.
      const used = await diskUsage(workspace).catch(() => 0);
      if (used > limitBytes && this.#breach === undefined) {
        this.#breach = used;
        onBreach();
      }
    }, intervalMs);
    // The command being watched holds the process open, not its watch.
    this.#timer.unref();
  }

  /** Stops watching and notes an overrun in the result. */
  async finish(result: ExecResult): Promise<ExecResult> {
    clearInterval(this.#timer);
    const killed = this.#breach !== undefined;
    const used = this.#breach ?? (await diskUsage(this.#workspace));
    if (used <= this.#limit) return result;
    const note = `swelancer: the workspace uses ${used} bytes, over its limit of ${this.#limit} bytes${killed ? '; the command was killed' : ''}\n`;
    const stderr = result.stderr + note;
    return killed
      ? { ...result, exitCode: null, signal: 'SIGKILL', stderr }
      : { ...result, stderr };
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
