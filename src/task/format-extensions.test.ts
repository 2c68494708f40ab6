/**
 * The native format's optional break patch (a feature never built) and manager tasks
 * verified by execution (hidden tests, proposal patches, passesTests).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkNativeSuite, loadNativeSuite } from './native-suite.ts';
import type { IcTask, ManagerTask } from './types.ts';

const tiny = path.resolve(import.meta.dirname, '..', '..', 'test', 'fixtures', 'suites', 'tiny');
const temps: string[] = [];

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function copyOfTiny(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'swelancer-format-'));
  temps.push(dir);
  await cp(tiny, dir, { recursive: true });
  return dir;
}

/** The parts of task.json these tests change. */
interface TaskJson {
  ic: Record<string, unknown>;
  manager: Record<string, unknown> & { proposals: Record<string, unknown>[] };
}

async function editJson(file: string, change: (json: TaskJson) => void) {
  const json = JSON.parse(await readFile(file, 'utf8')) as TaskJson;
  change(json);
  await writeFile(file, JSON.stringify(json, null, 2));
}

const icFile = (root: string) => path.join(root, 'tasks', 'greeting-spaces', 'task.json');
const managerFile = (root: string) => path.join(root, 'tasks', 'pick-greeting-fix', 'task.json');

describe('IC task without a break patch', () => {
  it('loads with the fix patch and no break patch', async () => {
    const root = await copyOfTiny();
    const dir = path.join(root, 'tasks', 'greeting-spaces');
    await cp(path.join(dir, 'break.patch'), path.join(dir, 'feature.patch'));
    await editJson(icFile(root), (json) => {
      delete json.ic.breakPatch;
      json.ic.fixPatch = 'feature.patch';
    });
    const task = (await loadNativeSuite(root)).tasks[0] as IcTask;
    expect(task.ic).toMatchObject({
      runnable: true,
      breakPatch: undefined,
      fixPatch: path.join(dir, 'feature.patch'),
    });
  });

  it('is refused when it has neither a break patch nor a fix patch, naming the field', async () => {
    const root = await copyOfTiny();
    await editJson(icFile(root), (json) => {
      delete json.ic.breakPatch;
    });
    const check = await checkNativeSuite(root);
    expect(check.problems.map((p) => p.message)).toEqual([
      `${icFile(root)}, field "ic.fixPatch": expected a reference fix patch (required when there is no breakPatch: the base codebase is then the broken state), found nothing (the field is missing)`,
    ]);
  });
});

describe('manager task verified by execution', () => {
  it('resolves hidden tests from another task, the timeout and passesTests', async () => {
    const root = await copyOfTiny();
    const before = (await loadNativeSuite(root)).tasks[1] as ManagerTask;
    expect(before.hiddenTestsDir).toBeUndefined();
    expect(before.proposals.map((p) => p.passesTests)).toEqual([false, false, false]);

    const dir = path.join(root, 'tasks', 'pick-greeting-fix');
    await writeFile(path.join(dir, 'proposals', '2.patch'), 'not applied by the loader\n');
    await editJson(managerFile(root), (json) => {
      json.manager.tests = '../greeting-spaces/tests';
      json.manager.testTimeoutMs = 45_000;
      const proposals = json.manager.proposals;
      Object.assign(proposals[2] as object, { patch: 'proposals/2.patch', passesTests: true });
    });
    const task = (await loadNativeSuite(root)).tasks[1] as ManagerTask;
    expect(task.hiddenTestsDir).toBe(path.join(root, 'tasks', 'greeting-spaces', 'tests'));
    expect(task.testTimeoutMs).toBe(45_000);
    expect(task.proposals.map((p) => p.passesTests)).toEqual([false, false, true]);
    expect(task.contentHash).not.toBe(before.contentHash);
  });

  it('keeps the content hash when only passesTests changes', async () => {
    const root = await copyOfTiny();
    const before = (await loadNativeSuite(root)).tasks[1] as ManagerTask;
    await editJson(managerFile(root), (json) => {
      const proposals = json.manager.proposals;
      Object.assign(proposals[0] as object, { passesTests: true });
    });
    const after = (await loadNativeSuite(root)).tasks[1] as ManagerTask;
    expect(after.proposals[0]?.passesTests).toBe(true);
    expect(after.contentHash).toBe(before.contentHash);
  });

  it('changes the content hash when a hidden test file changes', async () => {
    const root = await copyOfTiny();
    await editJson(managerFile(root), (json) => {
      json.manager.tests = '../greeting-spaces/tests';
    });
    const before = (await loadNativeSuite(root)).tasks[1] as ManagerTask;
    const spec = path.join(root, 'tasks', 'greeting-spaces', 'tests', 'greeting.spec.ts');
    await writeFile(spec, `${await readFile(spec, 'utf8')}\n// one more line\n`);
    const after = (await loadNativeSuite(root)).tasks[1] as ManagerTask;
    expect(after.contentHash).not.toBe(before.contentHash);
  });

  it('needs a codebase for tests and proposal patches', async () => {
    const root = await copyOfTiny();
    const file = path.join(root, 'tasks', 'pick-port-config', 'task.json');
    await writeFile(path.join(root, 'tasks', 'pick-port-config', 'b.patch'), 'x\n');
    await editJson(file, (json) => {
      json.manager.tests = '../greeting-spaces/tests';
      const proposals = json.manager.proposals;
      Object.assign(proposals[1] as object, { patch: 'b.patch' });
    });
    const check = await checkNativeSuite(root);
    expect(check.problems.map((p) => p.message)).toEqual([
      `${file}, field "manager.tests": hidden tests need a codebase to run against: set "manager.codebase" too`,
      `${file}, field "manager.proposals[1].patch": proposal patches need a codebase to apply to: set "manager.codebase" too`,
    ]);
  });
});
