import { cp, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadNativeSuite } from '../task/index.ts';
import type { IcTask } from '../task/types.ts';
import { brokenStateOf, prepareBrokenState } from './prepare.ts';

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

  it('never writes into a codebase reached through a symlink', async () => {
    const copy = await tempDir();
    await cp(TINY, copy, { recursive: true });
    const realApp = path.join(await tempDir(), 'codebase');
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
