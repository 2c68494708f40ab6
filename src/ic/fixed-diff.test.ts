import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffOfPatch } from './fixed-diff.ts';
import { gitOrThrow } from './git.ts';
import type { PreparedState } from './prepare.ts';

let dir: string;
let prepared: PreparedState;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'swelancer-fixed-diff-test-'));
  await writeFile(path.join(dir, 'app.js'), 'const total = 1;\nexport default total;\n');
  await writeFile(path.join(dir, 'logo.bin'), Buffer.from([0, 1, 2, 255]));
  await gitOrThrow(dir, ['init', '-q', '-b', 'main']);
  await gitOrThrow(dir, ['add', '-A']);
  await gitOrThrow(dir, ['commit', '-q', '-m', 'Initial commit']);
  const baseline = (await gitOrThrow(dir, ['rev-parse', 'HEAD'])).trim();
  prepared = { dir, baseline, key: 'test' };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plainPatch = [
  '--- app.js.orig',
  '+++ app.js',
  '@@ -1,2 +1,2 @@',
  '-const total = 1;',
  '+const total = 2;',
  ' export default total;',
  '',
].join('\n');

async function diff(patch: string, reverse = false) {
  const result = await diffOfPatch(prepared, Buffer.from(patch), { reverse });
  if (!result.ok) throw new Error(result.reason);
  return Buffer.from(result.patch).toString('utf8');
}

describe('diffOfPatch', () => {
  it('turns any patch git applies into git’s own diff against the baseline', async () => {
    const text = await diff(plainPatch);
    expect(text).toMatch(/^diff --git a\/app\.js b\/app\.js\n/);
    expect(text).toContain('-const total = 1;\n+const total = 2;\n');
  });

  it('undoes a patch when asked to apply it in reverse', async () => {
    const forward = await diff(plainPatch);
    // Reversing "2 → 1" (as if the break had turned 2 into 1) gives "1 → 2".
    const twoToOne = plainPatch
      .replace('-const total = 1;', '-const total = 2;')
      .replace('+const total = 2;', '+const total = 1;');
    expect(await diff(twoToOne, true)).toBe(forward);
  });

  it('keeps binary changes binary-safe', async () => {
    const binary = await diff(await binaryPatch());
    expect(binary).toContain('GIT binary patch');
  });

  it('says why a patch does not apply, and leaves the prepared state untouched', async () => {
    const before = await readdir(path.join(dir, '.git', 'objects'), { recursive: true });
    const result = await diffOfPatch(
      prepared,
      Buffer.from(plainPatch.replace('-const total = 1;', '-const total = 7;')),
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/^git apply exited 1: .*patch does not apply/s);
    await diff(plainPatch);
    expect(await readdir(path.join(dir, '.git', 'objects'), { recursive: true })).toEqual(before);
    expect(await gitOrThrow(dir, ['status', '--porcelain'])).toBe('');
  });

  it('gives an empty diff for an empty patch', async () => {
    expect(await diff('')).toBe('');
  });
});

/** A binary patch made by git itself, in a scratch clone. */
async function binaryPatch(): Promise<string> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'swelancer-fixed-diff-bin-'));
  try {
    await gitOrThrow(scratch, ['clone', '-q', dir, 'clone']);
    const clone = path.join(scratch, 'clone');
    await writeFile(path.join(clone, 'logo.bin'), Buffer.from([9, 0, 8, 254, 7]));
    return await gitOrThrow(clone, ['diff', '--binary']);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
