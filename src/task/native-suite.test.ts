import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkNativeSuite, loadNativeSuite } from './native-suite.ts';
import { SuiteInvalidError } from './problems.ts';
import type { IcTask, ManagerTask, Suite } from './types.ts';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'test', 'fixtures', 'suites');
const tiny = path.join(fixtures, 'tiny');
const temps: string[] = [];

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A private copy of the tiny suite that a test may change. */
async function copyOfTiny(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'swelancer-suite-'));
  temps.push(dir);
  await cp(tiny, dir, { recursive: true });
  return dir;
}

function hashes(suite: Suite): Record<string, string> {
  return Object.fromEntries(suite.tasks.map((task) => [task.id, task.contentHash]));
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  await writeFile(file, change(await readFile(file, 'utf8')));
}

describe('loadNativeSuite on a valid suite', () => {
  it('resolves the manifest and every task in folder order', async () => {
    const suite = await loadNativeSuite(tiny);
    expect(suite).toMatchObject({ name: 'tiny', version: '1.0.0', origin: tiny });
    expect(suite.tasks.map((t) => [t.id, t.kind, t.price])).toEqual([
      ['greeting-spaces', 'ic_swe', 250],
      ['pick-greeting-fix', 'swe_manager', 500],
      ['pick-port-config', 'swe_manager', 1000],
    ]);
  });

  it('gives IC tasks absolute paths to their codebase, patches and hidden tests', async () => {
    const suite = await loadNativeSuite(tiny);
    const task = suite.tasks[0] as IcTask;
    const dir = path.join(tiny, 'tasks', 'greeting-spaces');
    expect(task.issue).toContain('Open the home page with `?name=%20ada`');
    expect(task.source).toEqual({ type: 'native', suite: 'tiny', suiteVersion: '1.0.0', dir });
    expect(task.ic).toEqual({
      runnable: true,
      codebase: {
        name: 'greeter',
        dir: path.join(tiny, 'codebase'),
        install: 'true',
        lockfiles: ['package.json'],
        build: undefined,
        serve: 'node server.js',
        port: 4310,
        readyPath: '/',
        unitTest: 'node --test',
      },
      breakPatch: path.join(dir, 'break.patch'),
      fixPatch: undefined,
      hiddenTestsDir: path.join(dir, 'tests'),
      userFlow: path.join(dir, 'user-flow.ts'),
      testTimeoutMs: 30_000,
    });
  });

  it('gives manager tasks their proposals, answer, rationale and optional codebase', async () => {
    const suite = await loadNativeSuite(tiny);
    const pick = suite.tasks[1] as ManagerTask;
    expect(pick.proposals.map((p) => [p.id, p.author])).toEqual([
      [0, 'rivera'],
      [1, 'okafor'],
      [2, undefined],
    ]);
    expect(pick.proposals[1]?.text).toContain('Trim the name at the top of `greeting()`');
    expect(pick.correctProposalId).toBe(1);
    expect(pick.rationale).toContain('Proposal 1 fixes the cause');
    expect(pick.codebase?.name).toBe('greeter');
    expect(pick.breakPatch).toBe(path.join(tiny, 'tasks', 'greeting-spaces', 'break.patch'));
    const port = suite.tasks[2] as ManagerTask;
    expect(port.codebase).toBeUndefined();
    expect(port.tags).toEqual([]);
    expect(port.nature).toBe('maintenance');
  });
});

describe('content hashes', () => {
  it('do not depend on where the suite is', async () => {
    const copy = await copyOfTiny();
    expect(hashes(await loadNativeSuite(copy))).toEqual(hashes(await loadNativeSuite(tiny)));
  });

  it('change with the break patch, hidden tests, issue, proposals and codebase files', async () => {
    const before = hashes(await loadNativeSuite(tiny));
    const changes: [string, string[]][] = [
      ['tasks/greeting-spaces/break.patch', ['greeting-spaces', 'pick-greeting-fix']],
      ['tasks/greeting-spaces/tests/greeting.spec.ts', ['greeting-spaces']],
      ['tasks/pick-port-config/issue.md', ['pick-port-config']],
      ['tasks/pick-port-config/proposals/c.md', ['pick-port-config']],
      ['codebase/server.js', ['greeting-spaces', 'pick-greeting-fix']],
    ];
    for (const [file, changed] of changes) {
      const copy = await copyOfTiny();
      await edit(path.join(copy, file), (text) => `${text}\n`);
      const after = hashes(await loadNativeSuite(copy));
      const differing = Object.keys(before).filter((id) => before[id] !== after[id]);
      expect(differing, file).toEqual(changed);
    }
  });

  it('ignore labels, so re-tagging keeps finished attempts valid', async () => {
    const copy = await copyOfTiny();
    await edit(path.join(copy, 'tasks/pick-port-config/task.json'), (text) =>
      text.replace('"nature": "maintenance"', '"nature": "bug_fix", "tags": ["x"]'),
    );
    expect(hashes(await loadNativeSuite(copy))).toEqual(hashes(await loadNativeSuite(tiny)));
  });
});

describe('grading options of a manager task with hidden tests', () => {
  it('upgrade and restartable reach the task and its hash; without tests they are refused', async () => {
    const copy = await copyOfTiny();
    const file = path.join(copy, 'tasks/pick-greeting-fix/task.json');
    const plain = hashes(await loadNativeSuite(copy))['pick-greeting-fix'];
    await edit(file, (text) =>
      text.replace(
        '"codebase": "greeter",',
        '"codebase": "greeter", "tests": "../greeting-spaces/tests", "upgrade": {"env": {"KEEP_DATA": "1"}}, "restartable": true,',
      ),
    );
    const suite = await loadNativeSuite(copy);
    const task = suite.tasks[1] as ManagerTask;
    expect(task).toMatchObject({ upgrade: { env: { KEEP_DATA: '1' } }, restartable: true });
    expect(hashes(suite)['pick-greeting-fix']).not.toBe(plain);

    await edit(file, (text) => text.replace('"tests": "../greeting-spaces/tests", ', ''));
    const { problems } = await checkNativeSuite(copy);
    expect(problems.map((p) => p.message)).toEqual([
      `${file}, field "manager.upgrade": upgrade concerns the hidden tests: set "manager.tests" too`,
      `${file}, field "manager.restartable": restartable concerns the hidden tests: set "manager.tests" too`,
    ]);
  });
});

describe('checkNativeSuite on broken suites', () => {
  it('reports every problem with its file and field, and keeps the good tasks', async () => {
    const broken = path.join(fixtures, 'broken');
    const { suite, problems } = await checkNativeSuite(broken);
    const at = (task: string) => path.join(broken, 'tasks', task, 'task.json');
    const messages = problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        `${path.join(broken, 'suite.json')}, field "codebases.ghost.dir": expected a folder, found nothing there (${path.join(broken, 'missing-dir')})`,
        `${path.join(broken, 'tasks', 'no-manifest')}: expected a task.json in every task folder, found none`,
        `${at('wrong-type')}, field "price": expected a positive number (the price in US dollars), found "abc"`,
        `${at('missing-field')}, field "price": expected a positive number (the price in US dollars), found nothing (the field is missing)`,
        `${at('missing-files')}, field "ic.codebase": expected the name of a codebase in suite.json (app), found "nope"`,
        `${at('missing-files')}, field "ic.breakPatch": expected a file, found nothing there (break.patch)`,
        `${at('missing-files')}, field "ic.tests": expected a folder, found nothing there (tests)`,
        `${at('wrong-answer')}, field "manager.correctProposalId": expected one of the proposal ids (0), found 7`,
        `${at('wrong-answer')}, field "manager.proposals[1].id": duplicate proposal id 0 (also used by manager.proposals[0])`,
        `${at('dup-b')}, field "id": duplicate task id "dup" (also used by ${at('dup-a')})`,
        `${at('escape')}, field "issue": expected a path inside the suite folder, found "../../../tiny/suite.json"`,
        `${at('typo')}, field "prise": unknown field (check its spelling against the JSON Schema)`,
      ]),
    );
    expect(messages.find((m) => m.startsWith(at('bad-json')))).toMatch(
      /task\.json: expected valid JSON: .*line 4 column 1/,
    );
    expect(problems).toHaveLength(17);
    expect(suite?.tasks.map((t) => t.id)).toEqual(['dup']);
  });

  it('stops at an invalid suite.json and names each bad field', async () => {
    const dir = path.join(fixtures, 'bad-manifest');
    const { suite, problems } = await checkNativeSuite(dir);
    expect(suite).toBeUndefined();
    expect(problems.map((p) => p.field)).toEqual(['name', 'version', 'codebases.app.port']);
  });

  it('throws one SuiteInvalidError listing the problems from loadNativeSuite', async () => {
    const error = await loadNativeSuite(path.join(fixtures, 'broken')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SuiteInvalidError);
    const invalid = error as SuiteInvalidError;
    expect(invalid.code).toBe('SUITE_INVALID');
    expect(invalid.problems).toHaveLength(17);
    expect(invalid.message).toMatch(/has 17 problems:\n {2}- /);
  });

  it('reports an empty hidden tests folder', async () => {
    const copy = await copyOfTiny();
    await rm(path.join(copy, 'tasks/greeting-spaces/tests/greeting.spec.ts'));
    const { problems } = await checkNativeSuite(copy);
    expect(problems.map((p) => p.message)).toEqual([
      `${path.join(copy, 'tasks/greeting-spaces/task.json')}, field "ic.tests": expected files in the folder, found it empty (tests)`,
    ]);
  });

  it('reports a missing suite.json', async () => {
    const { problems } = await checkNativeSuite(path.join(fixtures, 'csv'));
    expect(problems[0]?.message).toBe(
      `${path.join(fixtures, 'csv', 'suite.json')}: expected a file, found nothing there`,
    );
  });
});
