import { cp, lstat, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadNativeSuite } from '../task/index.ts';
import type { IcTask } from '../task/types.ts';
import { brokenStateOf, prepareBrokenState, runnable } from './prepare.ts';

const TINY = path.resolve(import.meta.dirname, '../../test/fixtures/suites/tiny');
const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'swl-prepare-'));
  temps.push(dir);
  return dir;
}

describe('prepareBrokenState', () => {
  it('applies the break patch in a copy and commits one baseline', async () => {
    const suite = await loadNativeSuite(TINY);
    const task = suite.tasks.find((t): t is IcTask => t.kind === 'ic_swe');
    if (!task) throw new Error('the tiny fixture suite has an IC task');
    const state = await prepareBrokenState(brokenStateOf(task), await tempDir());
    expect(state.baseline).toMatch(/^[0-9a-f]{40}$/);
    expect(await readdir(path.join(state.dir, '.git'))).toContain('HEAD');
  });

  it('shares one broken state between copies of a codebase; an edit of the same size makes another', async () => {
    const copy = await tempDir();
    await cp(TINY, copy, { recursive: true });
    const cache = await tempDir();
    const stateOf = async (dir: string) => {
      const task = (await loadNativeSuite(dir)).tasks.find((t): t is IcTask => t.kind === 'ic_swe');
      if (!task) throw new Error('the tiny fixture suite has an IC task');
      return { task, state: await prepareBrokenState(brokenStateOf(task), cache) };
    };
    const original = await stateOf(TINY);
    // Another path and other modification times, the same content: the same broken state.
    const copied = await stateOf(copy);
    expect(copied.state.key).toBe(original.state.key);
    const file = path.join(runnable(copied.task).codebase.dir, 'swelancer-edit.txt');
    await writeFile(file, 'a');
    const edited = await stateOf(copy);
    await writeFile(file, 'b');
    expect((await stateOf(copy)).state.key).not.toBe(edited.state.key);
  });

  it('never writes into a codebase reached through a symlink', async () => {
    const copy = await tempDir();
    await cp(TINY, copy, { recursive: true });
    // The loader refuses a link leaving the suite, so this one stays inside it.
    const realApp = path.join(copy, 'vendor', 'codebase');
    await cp(path.join(copy, 'codebase'), realApp, { recursive: true });
    await rm(path.join(copy, 'codebase'), { recursive: true });
    await symlink(realApp, path.join(copy, 'codebase'));
    const before = await snapshot(realApp);

    const suite = await loadNativeSuite(copy);
    const task = suite.tasks.find((t): t is IcTask => t.kind === 'ic_swe');
    if (!task) throw new Error('the tiny fixture suite has an IC task');
    const state = await prepareBrokenState(brokenStateOf(task), await tempDir());

    expect(await snapshot(realApp)).toEqual(before);
    expect(await readdir(realApp)).not.toContain('.git');
    expect(path.relative(realApp, state.dir).startsWith('..')).toBe(true);
  });

  it('holds the content of a file the codebase links to, as the content hash does', async () => {
    const copy = await tempDir();
    await cp(TINY, copy, { recursive: true });
    await writeFile(path.join(copy, 'NOTICE.md'), 'Shared notice.\n');
    await symlink('../NOTICE.md', path.join(copy, 'codebase', 'NOTICE.md'));

    const suite = await loadNativeSuite(copy);
    const task = suite.tasks.find((t): t is IcTask => t.kind === 'ic_swe');
    if (!task) throw new Error('the tiny fixture suite has an IC task');
    const state = await prepareBrokenState(brokenStateOf(task), await tempDir());

    const copied = path.join(state.dir, 'NOTICE.md');
    expect((await lstat(copied)).isFile()).toBe(true);
    expect(await readFile(copied, 'utf8')).toBe('Shared notice.\n');
  });
});

async function snapshot(dir: string): Promise<Record<string, string>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) =>
    entry.isFile(),
  );
  const entries = await Promise.all(
    files.map(async (entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return [path.relative(dir, file), await readFile(file, 'utf8')] as const;
    }),
  );
  return Object.fromEntries(entries);
}
