import path from 'node:path';
import type { Sandbox } from '../sandbox/types.ts';
import { PLAIN_DIFF_FLAGS } from './git.ts';
import { HARNESS_DIR_PREFIX } from './layout.ts';
import type { PreparedState } from './prepare.ts';

/** @default 5 MiB: larger diffs are refused (graded as failed, with the reason). */
export const DEFAULT_MAX_DIFF_BYTES = 5 * 1024 ** 2;

const GIT_DIR = `${HARNESS_DIR_PREFIX}-git`;
const DIFF_FILE = `${GIT_DIR}/agent.diff`;

export type ExtractedDiff =
  | { ok: true; patch: Uint8Array }
  | { ok: false; reason: string; tooLarge: boolean };

/**
 * Reads the agent's work out of its sandbox as a binary-safe patch against the baseline.
 *
 * The workspace's own `.git` is never trusted: the agent may have committed, rewritten or
 * deleted history. A pristine copy of the prepared git folder is copied in next to the work
 * and `git add -A` + `git diff --cached <baseline>` run against it, so every change since
 * the baseline shows up however the agent used git. The diff is written to a file in the
 * sandbox and its size checked before it is read, so a huge diff never floods memory.
 */
export async function extractDiff(
  sandbox: Sandbox,
  prepared: PreparedState,
  options: { maxBytes?: number; timeoutMs?: number } = {},
): Promise<ExtractedDiff> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DIFF_BYTES;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const cleared = await sandbox.exec(['rm', '-rf', '--', GIT_DIR], { timeoutMs });
  if (cleared.exitCode !== 0) {
    return {
      ok: false,
      tooLarge: false,
      reason: `could not reset the diff folder: ${cleared.stderr}`,
    };
  }
  await sandbox.copyIn(path.join(prepared.dir, '.git'), GIT_DIR);
  const git = `git --git-dir=${GIT_DIR} --work-tree=. -c core.quotePath=false -c core.autocrlf=false -c core.fileMode=true -c core.hooksPath=/dev/null -c core.fsmonitor=false`;
  const script = [
    'set -e',
    `${git} add -A`,
    `${git} diff --cached ${PLAIN_DIFF_FLAGS.join(' ')} ${prepared.baseline} > ${DIFF_FILE}`,
    `wc -c < ${DIFF_FILE}`,
  ].join('\n');
  const result = await sandbox.exec(['sh', '-c', script], {
    timeoutMs,
    env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', HOME: '/tmp' },
  });
  if (result.exitCode !== 0) {
    return {
      ok: false,
      tooLarge: false,
      reason: `git could not compute the diff (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}): ${result.stderr.trim().slice(-800)}`,
    };
  }
  const size = Number.parseInt(result.stdout.trim(), 10);
  if (!Number.isFinite(size)) {
    return { ok: false, tooLarge: false, reason: `unexpected diff size "${result.stdout.trim()}"` };
  }
  if (size > maxBytes) {
    await sandbox.exec(['rm', '-rf', '--', GIT_DIR], { timeoutMs });
    return {
      ok: false,
      tooLarge: true,
      reason: `the diff is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit`,
    };
  }
  const patch = size === 0 ? new Uint8Array() : await sandbox.readFile(DIFF_FILE);
  await sandbox.exec(['rm', '-rf', '--', GIT_DIR], { timeoutMs });
  return { ok: true, patch };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
