import type { Sandbox } from './types.ts';

/**
 * `readFile` or `copyOut` of a path that holds no file (nothing there, a parent that is a
 * file, a folder, a link loop): a fact about the sandbox's content, which code in the
 * sandbox decides. Every other failure to read is the environment's (the facade makes it
 * an `InfraError`), so a reader never mistakes a failed read for a missing file.
 */
export class SandboxFileNotFoundError extends Error {
  readonly path: string;

  constructor(path: string, options: { cause?: unknown } = {}) {
    super(`no file at ${path} in the sandbox`, options);
    this.name = 'SandboxFileNotFoundError';
    this.path = path;
  }
}

export function isSandboxFileNotFound(error: unknown): error is SandboxFileNotFoundError {
  return error instanceof SandboxFileNotFoundError;
}

const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP']);

/** The not-found error for a file-system error that means "no such file", else `error`. */
export function asFileNotFound(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && NOT_FOUND_CODES.has(code)
    ? new SandboxFileNotFoundError(path, { cause: error })
    : error;
}

/**
 * A file the sandbox may or may not have written: its content, or undefined when there is
 * no such file. Any other failure (an `InfraError`) is thrown, never read as "missing".
 */
export async function readFileIfExists(
  sandbox: Pick<Sandbox, 'readFile'>,
  path: string,
): Promise<Uint8Array | undefined> {
  try {
    return await sandbox.readFile(path);
  } catch (error) {
    if (isSandboxFileNotFound(error)) return undefined;
    throw error;
  }
}

/** `readFileIfExists` as UTF-8 text. */
export async function readTextIfExists(
  sandbox: Pick<Sandbox, 'readFile'>,
  path: string,
): Promise<string | undefined> {
  const data = await readFileIfExists(sandbox, path);
  return data === undefined ? undefined : Buffer.from(data).toString('utf8');
}
