import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { git, PLAIN_DIFF_FLAGS } from './git.ts';
import type { PreparedState } from './prepare.ts';

export type DiffOfPatch = { ok: true; patch: Uint8Array } | { ok: false; reason: string };

/**
 * The diff a given patch makes to the clean broken state, in the form `extractDiff` reads out
 * of a workspace (git's own binary-safe diff against the baseline), for work fixed in
 * advance (`Agent.fixedDiff`): no sandbox needed. Git applies the patch on the host to a
 * throwaway index, never to a working tree, and keeps the objects it writes in a throwaway
 * folder, so the shared prepared state is not touched. A patch in any form `git apply` takes
 * (a plain `diff -u`, reversed with `reverse`) comes out as the same plain git diff.
 */
export async function diffOfPatch(
  prepared: PreparedState,
  patch: Uint8Array,
  options: { reverse?: boolean } = {},
): Promise<DiffOfPatch> {
  if (patch.length === 0) return { ok: true, patch: new Uint8Array() };
  const temp = await mkdtemp(path.join(tmpdir(), 'swelancer-fixed-diff-'));
  try {
    const gitDir = path.join(prepared.dir, '.git');
    await mkdir(path.join(temp, 'objects'));
    const env = {
      GIT_DIR: gitDir,
      GIT_INDEX_FILE: path.join(temp, 'index'),
      GIT_OBJECT_DIRECTORY: path.join(temp, 'objects'),
      GIT_ALTERNATE_OBJECT_DIRECTORIES: path.join(gitDir, 'objects'),
    };
    const read = await git(temp, ['read-tree', prepared.baseline], { env });
    if (read.exitCode !== 0) {
      return { ok: false, reason: `git read-tree of the baseline failed: ${read.stderr.trim()}` };
    }
    const patchFile = path.join(temp, 'input.diff');
    await writeFile(patchFile, patch);
    const applied = await git(
      temp,
      [
        'apply',
        '--cached',
        '--whitespace=nowarn',
        '--binary',
        ...(options.reverse ? ['-R'] : []),
        patchFile,
      ],
      { env },
    );
    if (applied.exitCode !== 0) {
      return {
        ok: false,
        reason: `git apply exited ${applied.exitCode}: ${applied.stderr.trim().slice(0, 500)}`,
      };
    }
    const output = path.join(temp, 'output.diff');
    const diffed = await git(
      temp,
      ['diff', '--cached', ...PLAIN_DIFF_FLAGS, `--output=${output}`, prepared.baseline],
      { env },
    );
    if (diffed.exitCode !== 0) {
      return { ok: false, reason: `git diff exited ${diffed.exitCode}: ${diffed.stderr.trim()}` };
    }
    return { ok: true, patch: new Uint8Array(await readFile(output)) };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
