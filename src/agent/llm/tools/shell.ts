/** Shell commands in the sandbox, and read-only code search for manager tasks. */
import { z } from 'zod';
import type { ExecResult, Sandbox } from '../../../sandbox/types.ts';
import { truncateMiddle } from '../truncate.ts';
import { defineTool } from './define.ts';
import type { AgentTool } from './types.ts';

export interface ShellToolOptions {
  /** Longest a single command may run. @default 300000 (as the official agent) */
  commandTimeoutMs?: number;
  /** Characters of output shown to the model per command (head and tail). @default 20000 */
  maxOutputChars?: number;
}

export function formatExec(result: ExecResult, maxChars: number): string {
  const status = result.timedOut
    ? 'timed out (killed)'
    : result.exitCode === null
      ? `killed by ${result.signal ?? 'a signal'}`
      : `exit code ${result.exitCode}`;
  const parts = [`[${status}]`];
  if (result.stdout !== '') parts.push(result.stdout.replace(/\n$/, ''));
  if (result.stderr !== '') parts.push(`[stderr]\n${result.stderr.replace(/\n$/, '')}`);
  if (result.truncated) parts.push('[output cut by the sandbox]');
  return truncateMiddle(parts.join('\n'), maxChars);
}

export function shellTool(sandbox: Sandbox, options: ShellToolOptions = {}): AgentTool {
  const commandTimeoutMs = options.commandTimeoutMs ?? 300_000;
  const maxChars = options.maxOutputChars ?? 20_000;
  return defineTool(
    'run_command',
    'Run a bash command in the repository root (no network). Returns the exit code, stdout ' +
      'and stderr (long output is cut in the middle). Each call is a fresh shell.',
    z.object({
      command: z.string().min(1),
      timeout_seconds: z
        .number()
        .positive()
        .optional()
        .describe(`Kill the command after this long (at most ${commandTimeoutMs / 1000})`),
    }),
    async ({ command, timeout_seconds }, context) => {
      const asked = timeout_seconds === undefined ? commandTimeoutMs : timeout_seconds * 1000;
      const timeoutMs = Math.max(1, Math.min(asked, commandTimeoutMs, context.remainingMs()));
      const result = await sandbox.exec(command, { timeoutMs });
      return { output: formatExec(result, maxChars), isError: result.exitCode !== 0 };
    },
  );
}

/** Read-only exploration for manager tasks: list files, search with git grep. */
export function listFilesTool(sandbox: Sandbox): AgentTool {
  return defineTool(
    'list_files',
    'List the files tracked in the repository, optionally under a folder.',
    z.object({ path: z.string().optional().describe('A folder relative to the root') }),
    async ({ path }) => {
      const args = ['git', 'ls-files', '--', ...(path ? [path] : [])];
      const result = await sandbox.exec(args, { timeoutMs: 30_000 });
      return { output: formatExec(result, 20_000), isError: result.exitCode !== 0 };
    },
  );
}

export function searchCodeTool(sandbox: Sandbox): AgentTool {
  return defineTool(
    'search_code',
    'Search the repository for a regular expression (git grep); prints file:line:text.',
    z.object({ pattern: z.string().min(1), path: z.string().optional() }),
    async ({ pattern, path }) => {
      const args = ['git', 'grep', '-n', '-I', '-E', '-e', pattern, '--', ...(path ? [path] : [])];
      const result = await sandbox.exec(args, { timeoutMs: 30_000 });
      // git grep exits 1 when nothing matches: an answer, not an error.
      if (result.exitCode === 1 && result.stdout === '') return { output: 'No matches.' };
      return { output: formatExec(result, 20_000), isError: result.exitCode !== 0 };
    },
  );
}
