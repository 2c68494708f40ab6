import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNativeSuite } from '../task/index.ts';
import { checkPatches } from './check-patches.ts';

const tiny = path.resolve(import.meta.dirname, '../../test/fixtures/suites/tiny');
const IC = 'tasks/greeting-spaces';
const temps: string[] = [];

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function copyOfTiny(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'swelancer-patches-'));
  temps.push(dir);
  await cp(tiny, dir, { recursive: true });
  return dir;
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  await writeFile(file, change(await readFile(file, 'utf8')));
}

/** The tiny break patch undone: the reference fix written out. */
function reversed(patch: string): string {
  return patch
    .replace('-  const trimmed = name.trim();', '@@MINUS@@')
    .replace('+  const trimmed = name;', '-  const trimmed = name;')
    .replace('@@MINUS@@', '+  const trimmed = name.trim();');
}

async function problemsOf(suite: string): Promise<string[]> {
  return (await checkPatches(await loadNativeSuite(suite), suite)).map((p) => p.message);
}

const doesNotApply = (task: string, field: string, expected: string, written: string) =>
  expect.stringMatching(
    new RegExp(
      `^${escapeRegExp(path.join(task, 'task.json'))}, field "${escapeRegExp(field)}": expected ${escapeRegExp(expected)}, found ".*patch does not apply.*" \\(${escapeRegExp(written)}\\)$`,
    ),
  );

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Gives the IC task `fix` as its fix patch, beside its break patch or instead of it. */
async function withFixPatch(suite: string, fix: string, keep: 'with break' | 'alone') {
  await writeFile(path.join(suite, IC, 'fix.patch'), fix);
  const fields = keep === 'with break' ? '"breakPatch": "break.patch", ' : '';
  await edit(path.join(suite, IC, 'task.json'), (text) =>
    text.replace('"breakPatch": "break.patch",', `${fields}"fixPatch": "fix.patch",`),
  );
}

const breakPatchOf = (suite: string) => readFile(path.join(suite, IC, 'break.patch'), 'utf8');

describe('checkPatches', () => {
  it('finds nothing wrong with patches that apply', async () => {
    const suite = await copyOfTiny();
    await withFixPatch(suite, reversed(await breakPatchOf(suite)), 'with break');
    expect(await problemsOf(suite)).toEqual([]);
  });

  it('reports a break patch that does not apply to the codebase, for each task using it', async () => {
    const suite = await copyOfTiny();
    await edit(path.join(suite, 'codebase/greeting.js'), (text) =>
      text.replace('name.trim()', 'String(name).trim()'),
    );
    expect(await problemsOf(suite)).toEqual([
      doesNotApply(
        path.join(suite, IC),
        'ic.breakPatch',
        'a patch that applies to codebase "greeter"',
        'break.patch',
      ),
      doesNotApply(
        path.join(suite, 'tasks/pick-greeting-fix'),
        'manager.breakPatch',
        'a patch that applies to codebase "greeter"',
        '../greeting-spaces/break.patch',
      ),
    ]);
  });

  it('reports a fix patch that does not apply to the broken state', async () => {
    const suite = await copyOfTiny();
    // The break patch again: on the broken state its old line is gone.
    await withFixPatch(suite, await breakPatchOf(suite), 'with break');
    expect(await problemsOf(suite)).toEqual([
      doesNotApply(
        path.join(suite, IC),
        'ic.fixPatch',
        'a patch that applies to the broken state (codebase "greeter" with the break patch)',
        'fix.patch',
      ),
    ]);
  });

  it('reports a fix patch that does not apply to the codebase when there is no break patch', async () => {
    const suite = await copyOfTiny();
    // Written for a broken state this task does not have.
    await withFixPatch(suite, reversed(await breakPatchOf(suite)), 'alone');
    expect(await problemsOf(suite)).toEqual([
      doesNotApply(
        path.join(suite, IC),
        'ic.fixPatch',
        'a patch that applies to codebase "greeter"',
        'fix.patch',
      ),
    ]);
  });
});
