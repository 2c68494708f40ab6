import { execa } from 'execa';
import { InfraError } from '../errors.ts';

/**
 * A fixed identity and date for the baseline commit, so the same broken state always gets
 * the same commit id and nothing about who prepared it leaks into the workspace.
 */
export const BASELINE_GIT_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: 'swelancer',
  GIT_AUTHOR_EMAIL: 'swelancer@localhost',
  GIT_AUTHOR_DATE: '2000-01-01T00:00:00Z',
  GIT_COMMITTER_NAME: 'swelancer',
  GIT_COMMITTER_EMAIL: 'swelancer@localhost',
  GIT_COMMITTER_DATE: '2000-01-01T00:00:00Z',
  // Ignore the machine's global and system config (hooks, signing, autocrlf...).
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Flags that keep `git diff` output in the plain, parseable format whatever the config says. */
export const PLAIN_DIFF_FLAGS = [
  '--binary',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-renames',
  '--src-prefix=a/',
  '--dst-prefix=b/',
] as const;

export interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs git on the host; a non-zero exit is returned, not thrown. */
export async function git(
  cwd: string,
  args: readonly string[],
  options: { input?: string | Uint8Array; env?: Record<string, string> } = {},
): Promise<GitResult> {
  const result = await execa('git', ['-c', 'core.quotePath=false', ...args], {
    cwd,
    env: { ...BASELINE_GIT_ENV, ...options.env },
    extendEnv: true,
    reject: false,
    input: options.input,
    stripFinalNewline: false,
    timeout: 120_000,
  });
  if (result.failed && result.exitCode === undefined) {
    throw new InfraError(`could not run git ${args[0] ?? ''} in ${cwd}: ${result.message}`, {
      cause: result,
    });
  }
  return {
    exitCode: result.exitCode ?? 1,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
  };
}

/** Like `git` but throws an InfraError naming the command when it fails. */
export async function gitOrThrow(cwd: string, args: readonly string[]): Promise<string> {
  const result = await git(cwd, args);
  if (result.exitCode !== 0) {
    throw new InfraError(
      `git ${args.join(' ')} failed in ${cwd} (exit ${result.exitCode}): ${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}
