import { mkdir, mkdtemp, readdir, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkCompileCacheLine, untagCompileCache } from './compile-cache.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'compile-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Node's compile cache of `module`, written by running it, as the harness stores it. */
async function cacheOf(module: string): Promise<string> {
  const made = path.join(dir, 'made');
  await execa(process.execPath, [module], { env: { NODE_COMPILE_CACHE: made } });
  await untagCompileCache(made);
  return made;
}

/** Runs `node module.ts` with NODE_COMPILE_CACHE set up as grading does, and Node's debug log. */
async function runWithLinkedCache(prebuilt: string, writable: string, module: string) {
  const line = linkCompileCacheLine(prebuilt, writable);
  return execa('bash', ['-c', `${line}\nexec "$@"`, 'bash', process.execPath, module], {
    env: { NODE_DEBUG_NATIVE: 'COMPILE_CACHE' },
    reject: false,
  });
}

describe("Node's compile cache, shared across uids", () => {
  it('untagging drops the uid from the folder name and opens the entries to every uid', async () => {
    const tagged = path.join(dir, 'v24.21.0-x64-964aae3f-207749');
    await mkdir(tagged);
    await writeFile(path.join(tagged, 'entry'), 'x', { mode: 0o600 });
    await untagCompileCache(dir);
    expect(await readdir(dir)).toEqual(['v24.21.0-x64-964aae3f']);
    const mode = (await stat(path.join(dir, 'v24.21.0-x64-964aae3f', 'entry'))).mode & 0o777;
    expect(mode).toBe(0o644);
  });

  it('a cache written under one uid is read under the uid of the process linking it', async () => {
    const module = path.join(dir, 'app.ts');
    await writeFile(module, 'const answer: number = 42;\nconsole.log("answer " + answer);\n');
    const made = await cacheOf(module);

    const writable = path.join(dir, 'writable');
    const run = await runWithLinkedCache(made, writable, module);
    expect(run.stdout).toBe('answer 42');
    expect(run.stderr).toMatch(/reading cache from .* for StrippedTypeScript .*app\.ts.*success/);
    const [link] = await readdir(writable);
    expect(link).toBe(`${(await readdir(made))[0]}-${process.getuid?.()}`);
    expect(await readlink(path.join(writable, link ?? ''))).toBe(
      path.join(made, (await readdir(made))[0] ?? ''),
    );
  });

  it('a changed source is compiled afresh, not taken from the cache', async () => {
    const module = path.join(dir, 'app.ts');
    await writeFile(module, 'console.log("before");\n');
    const made = await cacheOf(module);

    await writeFile(module, 'console.log("after!");\n'); // same length, other content
    const run = await runWithLinkedCache(made, path.join(dir, 'writable'), module);
    expect(run.stdout).toBe('after!');
    expect(run.stderr).toMatch(/mismatch/);
  });

  it('an empty prebuilt folder links nothing and Node starts as usual', async () => {
    const module = path.join(dir, 'app.ts');
    await writeFile(module, 'console.log("plain");\n');
    await mkdir(path.join(dir, 'empty'));
    const run = await runWithLinkedCache(path.join(dir, 'empty'), path.join(dir, 'w'), module);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('plain');
  });
});
