/**
 * The agent's work in an official container, as a binary diff against the baseline commit
 * (new files included), and that diff applied to another container of the same image.
 */
import { InfraError } from '../errors.ts';
import type { ImageSandbox } from '../sandbox/types.ts';
import { check } from './container.ts';
import { IMAGE_PATHS } from './settings.ts';

/** The commit the fresh baseline made, which the agent's work is measured against. */
export async function baselineCommit(sandbox: ImageSandbox): Promise<string> {
  return (await check(sandbox, 'git rev-parse HEAD')).stdout.trim();
}

export type ReadDiff = { ok: true; patch: Uint8Array } | { ok: false; reason: string };

/**
 * Everything that differs from `baseline` in the app folder, as `git diff --binary`. Staged
 * through a scratch index, so the agent's own index is left as it was; ignored files
 * (`node_modules/`, `user_tool/`) are not work.
 */
export async function readDiff(sandbox: ImageSandbox, baseline: string): Promise<ReadDiff> {
  const scratch = '/tmp/.swelancer-work';
  const result = await sandbox.exec(
    [
      'sh',
      '-c',
      `set -e; rm -rf ${scratch}; mkdir -p ${scratch}; cp .git/index ${scratch}/index 2>/dev/null || true
export GIT_INDEX_FILE=${scratch}/index
git add -A
git -c core.fileMode=false diff --cached --binary ${baseline} > ${scratch}/work.diff`,
    ],
    { cwd: IMAGE_PATHS.app },
  );
  if (result.exitCode !== 0) {
    // The agent can break the repository (delete .git, rewrite history): its work is lost.
    return { ok: false, reason: `git could not diff the app folder: ${result.stderr.trim()}` };
  }
  return { ok: true, patch: await sandbox.readFile(`${scratch}/work.diff`) };
}

export type Applied = { ok: true } | { ok: false; reason: string };

/** Applies a patch to the app folder of a fresh container (in reverse: a breaking patch undone). */
export async function applyWork(
  sandbox: ImageSandbox,
  patch: Uint8Array,
  options: { reverse?: boolean } = {},
): Promise<Applied> {
  if (patch.length === 0) return { ok: true };
  const file = '/tmp/.swelancer-apply.diff';
  await sandbox.writeFile(file, patch);
  const applied = await sandbox.exec(
    [
      'git',
      'apply',
      '--binary',
      '--whitespace=nowarn',
      ...(options.reverse ? ['--reverse'] : []),
      file,
    ],
    { cwd: IMAGE_PATHS.app },
  );
  await sandbox.exec(['rm', '-f', file]);
  if (applied.exitCode === 0) return { ok: true };
  if (applied.exitCode === null) throw new InfraError(`git apply was killed in ${sandbox.id}`);
  return { ok: false, reason: applied.stderr.trim().slice(0, 500) };
}
