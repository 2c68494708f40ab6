import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filterDiff } from './diff-filter.ts';
import { git, gitOrThrow, PLAIN_DIFF_FLAGS } from './git.ts';

let repo: string;

beforeEach(async () => {
  repo = await mkdtemp(path.join(tmpdir(), 'swelancer-filter-'));
  await gitOrThrow(repo, ['init', '-q']);
  await writeFile(path.join(repo, 'app.js'), 'console.log(1);\n');
  await writeFile(path.join(repo, 'package-lock.json'), '{}\n');
  await gitOrThrow(repo, ['add', '-A']);
  await gitOrThrow(repo, ['commit', '-q', '-m', 'base']);
});
afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

/** The patch git produces for the current working tree, as the extractor does. */
async function diffOfWorktree(): Promise<Uint8Array> {
  await gitOrThrow(repo, ['add', '-A']);
  const out = `${repo}.diff`;
  await gitOrThrow(repo, ['diff', '--cached', ...PLAIN_DIFF_FLAGS, `--output=${out}`, 'HEAD']);
  const bytes = await readFile(out);
  await rm(out, { force: true });
  return bytes;
}

async function applies(patch: Uint8Array): Promise<boolean> {
  const target = await mkdtemp(path.join(tmpdir(), 'swelancer-apply-'));
  try {
    await gitOrThrow(target, ['init', '-q']);
    await writeFile(path.join(target, 'app.js'), 'console.log(1);\n');
    await writeFile(path.join(target, 'package-lock.json'), '{}\n');
    const file = path.join(target, '..', `${path.basename(target)}.diff`);
    await writeFile(file, patch);
    const result = await git(target, ['apply', '--binary', file]);
    await rm(file, { force: true });
    return result.exitCode === 0;
  } finally {
    await rm(target, { recursive: true, force: true });
  }
}

describe('filterDiff', () => {
  it('keeps ordinary source changes, binary files and odd names byte for byte', async () => {
    await writeFile(path.join(repo, 'app.js'), 'console.log(2);\n');
    await writeFile(path.join(repo, 'logo.png'), Buffer.from([0, 1, 2, 255, 254, 0, 10]));
    await writeFile(path.join(repo, 'naïve file "x".txt'), 'hello\n');
    const patch = await diffOfWorktree();
    const filtered = filterDiff(patch, { lockfiles: ['package-lock.json'] });
    expect(filtered.dropped).toEqual([]);
    expect(filtered.kept.map((f) => f.path).sort()).toEqual([
      'app.js',
      'logo.png',
      'naïve file "x".txt',
    ]);
    expect(filtered.kept.find((f) => f.path === 'logo.png')?.binary).toBe(true);
    expect(Buffer.compare(Buffer.from(filtered.patch), Buffer.from(patch))).toBe(0);
    expect(await applies(filtered.patch)).toBe(true);
  });

  it('drops lockfiles, harness folders, node_modules and escaping links, and says why', async () => {
    await writeFile(path.join(repo, 'app.js'), 'console.log(3);\n');
    await writeFile(path.join(repo, 'package-lock.json'), '{"tampered":true}\n');
    await mkdir(path.join(repo, '.swelancer-grade'), { recursive: true });
    await writeFile(path.join(repo, '.swelancer-grade', 'report.json'), '{"fake":1}\n');
    await mkdir(path.join(repo, 'lib', 'node_modules'), { recursive: true });
    await writeFile(path.join(repo, 'lib', 'node_modules', 'x.js'), 'x\n');
    await symlink('/etc/passwd', path.join(repo, 'leak.txt'));
    await symlink('../../outside', path.join(repo, 'lib', 'up'));
    await symlink('app.js', path.join(repo, 'alias.js'));
    const filtered = filterDiff(await diffOfWorktree(), { lockfiles: ['package-lock.json'] });
    expect(filtered.kept.map((f) => f.path).sort()).toEqual(['alias.js', 'app.js']);
    const reasons = Object.fromEntries(filtered.dropped.map((d) => [d.path, d.reason]));
    expect(reasons['package-lock.json']).toMatch(/original lockfiles/);
    expect(reasons['.swelancer-grade/report.json']).toMatch(/harness/);
    expect(reasons['lib/node_modules/x.js']).toMatch(/dependencies/);
    expect(reasons['leak.txt']).toMatch(/outside the workspace \(\/etc\/passwd\)/);
    expect(reasons['lib/up']).toMatch(/outside the workspace/);
    expect(await applies(filtered.patch)).toBe(true);
  });

  it('drops nested repositories (gitlinks)', async () => {
    const nested = path.join(repo, 'vendor');
    await mkdir(nested);
    await gitOrThrow(nested, ['init', '-q']);
    await writeFile(path.join(nested, 'a'), 'a\n');
    await gitOrThrow(nested, ['add', '-A']);
    await gitOrThrow(nested, ['commit', '-q', '-m', 'nested']);
    const filtered = filterDiff(await diffOfWorktree(), { lockfiles: [] });
    expect(filtered.kept).toEqual([]);
    expect(filtered.dropped).toEqual([
      { path: 'vendor', reason: expect.stringMatching(/nested git/) },
    ]);
  });

  it('returns an empty patch for an empty diff', () => {
    const filtered = filterDiff(new Uint8Array(), { lockfiles: [] });
    expect(filtered).toEqual({ patch: Buffer.alloc(0), kept: [], dropped: [] });
  });
});
