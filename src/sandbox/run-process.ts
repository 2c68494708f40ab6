import { spawn } from 'node:child_process';
import { InfraError } from '../errors.ts';
import type { ExecResult } from './types.ts';

/**
 * Runs one host process (a sandbox launcher) with a wall-time limit and capped output.
 *
 * We use `child_process.spawn` rather than execa here on purpose: execa's `maxBuffer` kills the
 * process when the cap is hit, while a sandbox must keep draining (a chatty test runner must
 * still finish) and only stop *collecting*. Killing is delegated to `kill`, because only the
 * provider knows how to take down the whole tree (pid namespace, cgroup, container exec).
 */
export interface RunProcessOptions {
  env: Record<string, string>;
  stdin: string | undefined;
  timeoutMs: number;
  maxOutputBytes: number;
  /** Kills the whole tree. Called on timeout; must not throw. */
  kill: (pid: number) => Promise<void> | void;
  /** Called with the launcher's pid once it runs (e.g. to kill it from elsewhere). */
  onSpawn?: (pid: number) => void;
  /** Gives up on a process whose pipes stay open this long after the kill. @default 5000 */
  closeGraceMs?: number;
}

export async function runProcess(
  argv: readonly string[],
  options: RunProcessOptions,
): Promise<ExecResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('runProcess: empty argv');
  const started = performance.now();
  const child = spawn(file, args, {
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Own process group, so the launcher chain can be signalled as a unit.
    detached: true,
  });
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
  const stdout = new CappedBuffer(options.maxOutputBytes);
  const stderr = new CappedBuffer(options.maxOutputBytes);
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.on('error', () => {}); // the command may exit without reading its input
  child.stdin.end(options.stdin ?? '');

  let timedOut = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal }));
      child.once('exit', (code, signal) => {
        // A process that escaped the kill may hold our pipes open: do not wait forever.
        if (timedOut) {
          graceTimer = setTimeout(() => {
            child.stdout.destroy();
            child.stderr.destroy();
            resolve({ code, signal });
          }, options.closeGraceMs ?? 5000);
        }
      });
    },
  );
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) void options.kill(child.pid);
  }, options.timeoutMs);
  // The child's pipes hold the process open while it runs; the timer need not.
  timer.unref();

  try {
    const { code, signal } = await done;
    const output = {
      stdout: stdout.text(),
      stderr: stderr.text(),
      timedOut,
      truncated: stdout.truncated || stderr.truncated,
      durationMs: Math.round(performance.now() - started),
    };
    if (timedOut) return { ...output, exitCode: null, signal: 'SIGKILL' };
    if (code !== null) return { ...output, exitCode: code, signal: undefined };
    if (signal !== null) return { ...output, exitCode: null, signal };
    throw new InfraError(`${file} ended with neither an exit code nor a signal`);
  } finally {
    clearTimeout(timer);
    clearTimeout(graceTimer);
  }
}

/** Keeps the first `limit` bytes of a stream and counts the rest. */
export class CappedBuffer {
  readonly #limit: number;
  readonly #chunks: Buffer[] = [];
  #size = 0;
  truncated = false;

  constructor(limit: number) {
    this.#limit = limit;
  }

  push(chunk: Buffer): void {
    const room = this.#limit - this.#size;
    if (room <= 0) {
      if (chunk.length > 0) this.truncated = true;
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length < chunk.length) this.truncated = true;
    this.#chunks.push(kept);
    this.#size += kept.length;
  }

  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}
