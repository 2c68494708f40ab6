/**
 * `swelancer suite validate` through the real CLI, the `local` sandbox and Chromium, over
 * copies of the IC fixture suite: the suite as shipped (plus proposal patches on one manager
 * task) is valid; a task whose hidden tests pass on its broken state is invalid (exit 1); a
 * task without a break patch (the base is the broken state) validates with its fix patch; a
 * manager task graded as an upgrade has its tests read what both versions of the app stored,
 * and restart the app with variables of their choice.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteValidation } from '../src/runner/validate-suite.ts';
import { IC_FIXTURE, REPO, tempDir } from './ic-helpers.ts';

let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await tempDir('suite-validate');
  env = { SWELANCER_CACHE_DIR: path.join(dir, 'cache') };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function validate(args: readonly string[]) {
  const result = await execa(
    path.join(REPO, 'node_modules', '.bin', 'node'),
    [path.join(REPO, 'bin', 'swelancer.js'), 'suite', 'validate', ...args, '--json'],
    { cwd: dir, env, reject: false, timeout: 400_000 },
  );
  let report: (SuiteValidation & { quarantine: string | null }) | undefined;
  try {
    report = JSON.parse(String(result.stdout));
  } catch {
    report = undefined;
  }
  return { exitCode: result.exitCode ?? -1, report, stderr: String(result.stderr) };
}

async function copyFixture(name: string): Promise<string> {
  const suite = path.join(dir, name);
  await cp(IC_FIXTURE, suite, {
    recursive: true,
    filter: (source) => path.basename(source) !== 'node_modules',
  });
  return suite;
}

async function editJson(file: string, change: (json: Record<string, unknown>) => void) {
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  change(json);
  await writeFile(file, JSON.stringify(json, null, 2));
}

/** A patch that adds a file: applies anywhere and changes nothing the tests look at. */
function addFilePatch(file: string, line: string): string {
  return [
    `diff --git a/${file} b/${file}`,
    'new file mode 100644',
    '--- /dev/null',
    `+++ b/${file}`,
    '@@ -0,0 +1 @@',
    `+${line}`,
    '',
  ].join('\n');
}

/** Another working fix of the lost cents (the original parsing), unlike the correct one's. */
const OTHER_WORKING_FIX = String.raw`diff --git a/public/app.js b/public/app.js
--- a/public/app.js
+++ b/public/app.js
@@ -6,8 +6,8 @@ const error = document.querySelector('#error');
 let expenses = [];
 
 export function toCents(text) {
-  const value = Number.parseInt(String(text).replace(/[$,\s]/g, ''), 10);
-  return Number.isFinite(value) ? value * 100 : Number.NaN;
+  const value = Number.parseFloat(String(text).replace(/[$,\s]/g, ''));
+  return Number.isFinite(value) ? Math.round(value * 100) : Number.NaN;
 }
 
 export function formatMoney(cents) {
`;

describe('suite validate', () => {
  it('finds the fixture valid: gold passes, noop fails, proposal patches behave as declared', {
    timeout: 420_000,
  }, async () => {
    const suite = await copyFixture('valid');
    const manager = path.join(suite, 'tasks', 'manager-amount-cents');
    const fix = path.join(suite, 'tasks', 'amount-loses-cents', 'fix.patch');
    await cp(fix, path.join(manager, 'proposals', '1.patch'));
    await writeFile(
      path.join(manager, 'proposals', '0.patch'),
      addFilePatch('public/intl-note.txt', 'format with Intl.NumberFormat'),
    );
    await writeFile(path.join(manager, 'proposals', '2.patch'), OTHER_WORKING_FIX);
    await editJson(path.join(manager, 'task.json'), (json) => {
      const section = json.manager as { tests?: string; proposals: Record<string, unknown>[] };
      section.tests = '../amount-loses-cents/tests';
      Object.assign(section.proposals[0] as object, { patch: 'proposals/0.patch' });
      Object.assign(section.proposals[1] as object, { patch: 'proposals/1.patch' });
      Object.assign(section.proposals[2] as object, {
        patch: 'proposals/2.patch',
        passesTests: true,
      });
    });
    // Stale entries: a task found valid leaves quarantine, one not validated now stays.
    await writeFile(
      path.join(suite, 'quarantine.json'),
      JSON.stringify({
        tasks: [
          { id: 'amount-loses-cents', reason: 'flaky: old' },
          { id: 'zero-amount-accepted', reason: 'flaky: old' },
        ],
      }),
    );
    // The other IC tasks' gold and noop are covered by ic-validate.test.ts; this keeps the
    // file within a couple of minutes.
    const args = [suite, '--id', 'amount-loses-cents', '--id', 'manager-*', '--repeat', '1'];
    const { exitCode, report, stderr } = await validate([...args, '-j', '2', '--write-quarantine']);
    expect(report, stderr).toBeDefined();
    const byId = new Map(report?.tasks.map((t) => [t.id, t]));
    expect(exitCode, JSON.stringify(report?.tasks.map((t) => [t.id, t.problems]))).toBe(0);
    expect(report?.totals).toMatchObject({ tasks: 3, valid: 3, invalid: 0, flaky: 0 });
    expect(byId.get('amount-loses-cents')).toMatchObject({
      verdict: 'valid',
      gold: { passed: 1, graded: 1 },
      noop: { passed: 0, graded: 1 },
    });
    expect(byId.get('amount-loses-cents')?.testRuntimeMedianMs).toBeGreaterThan(0);
    const checked = byId.get('manager-amount-cents');
    expect(checked?.noop).toMatchObject({ passed: 0, graded: 1 });
    expect(checked?.proposals.map((p) => [p.role, p.expect, p.passed])).toEqual([
      ['proposal 0', 'fail', 0],
      ['proposal 1', 'pass', 1],
      ['proposal 2', 'pass', 1],
    ]);
    expect(checked?.gold?.role).toBe('proposal 1');
    // The other manager task has no hidden tests: only its ground truth is checked.
    expect(byId.get('manager-delete-row')).toMatchObject({ verdict: 'valid', proposals: [] });
    const quarantine = JSON.parse(await readFile(path.join(suite, 'quarantine.json'), 'utf8'));
    expect(quarantine.tasks.map((t: { id: string }) => t.id)).toEqual(['zero-amount-accepted']);

    // The same command again answers from the run directory without running anything.
    const again = await validate([...args, '-j', '2']);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain('resuming: 0 of 6 attempts left');

    // An edited task changes the plan (a new run directory); --reuse copies the results of
    // the unchanged checks (the manager task's four) and runs only the edited task's two.
    await editJson(path.join(suite, 'tasks', 'amount-loses-cents', 'task.json'), (json) => {
      json.title = `${String(json.title)} (reworded)`;
    });
    const edited = await validate([...args, '-j', '2', '--reuse', String(report?.runDir)]);
    expect(edited.exitCode, edited.stderr).toBe(0);
    expect(edited.stderr).toContain('reused 4 result(s)');
    expect(edited.stderr).toContain('starting 2 of 6 attempts (the others reused)');
    expect(edited.report?.runDir).not.toBe(report?.runDir);
    expect(edited.report?.totals).toMatchObject({ tasks: 3, valid: 3 });
  });

  it('reports a task whose tests pass on its broken state as invalid (exit 1), and validates a task without a break patch', {
    timeout: 300_000,
  }, async () => {
    const suite = await copyFixture('broken');
    const cents = path.join(suite, 'tasks', 'amount-loses-cents');
    // A feature never built: the base codebase is the broken state, the fix is the work.
    await execa('git', ['apply', path.join(cents, 'break.patch')], {
      cwd: path.join(suite, 'codebase'),
    });
    await editJson(path.join(cents, 'task.json'), (json) => {
      delete (json.ic as Record<string, unknown>).breakPatch;
    });
    // The "break" of this task breaks nothing: its tests pass without any fix.
    const zero = path.join(suite, 'tasks', 'zero-amount-accepted');
    await writeFile(path.join(zero, 'break.patch'), addFilePatch('NOTES.md', 'nothing broken'));

    const { exitCode, report, stderr } = await validate([
      suite,
      '--id',
      'amount-loses-cents',
      '--id',
      'zero-*',
      '--repeat',
      '1',
      '-j',
      '2',
    ]);
    expect(report, stderr).toBeDefined();
    expect(exitCode).toBe(1);
    const [fixed, broken] = report?.tasks ?? [];
    expect(fixed).toMatchObject({ id: 'amount-loses-cents', verdict: 'valid' });
    expect(broken).toMatchObject({
      id: 'zero-amount-accepted',
      verdict: 'invalid',
      gold: { passed: 1 },
      noop: { passed: 1, verdict: 'invalid' },
    });
    expect(broken?.problems).toEqual([
      expect.stringMatching(/^noop passed 1 of 1 \(expected to fail\): all 3 hidden tests passed/),
    ]);
    expect(report?.totals).toMatchObject({ tasks: 2, valid: 1, invalid: 1 });
  });

  it('grades an upgrade: the app before the patch starts first, the patched one over its data; tests may restart it', {
    timeout: 300_000,
  }, async () => {
    const suite = await copyFixture('upgrade');
    // Each start of the app notes its version; without KEEP_STARTS=1 it begins afresh.
    const codebase = path.join(suite, 'codebase');
    await writeFile(path.join(codebase, 'version.js'), "export const VERSION = 'v1';\n");
    await writeFile(
      path.join(codebase, 'starts.js'),
      [
        "import { appendFileSync, writeFileSync } from 'node:fs';",
        "import { VERSION } from './version.js';",
        "if (process.env.KEEP_STARTS !== '1') writeFileSync('starts.log', '');",
        "appendFileSync('starts.log', VERSION + '\\n');",
        '',
      ].join('\n'),
    );
    const server = path.join(codebase, 'server.js');
    await writeFile(server, `import './starts.js';\n${await readFile(server, 'utf8')}`);
    const task = path.join(suite, 'tasks', 'upgrade-to-v2');
    await mkdir(path.join(task, 'tests'), { recursive: true });
    await writeFile(path.join(task, 'issue.md'), 'Ship v2 without losing what v1 stored.\n');
    const versionPatch = (version: string) =>
      [
        'diff --git a/version.js b/version.js',
        '--- a/version.js',
        '+++ b/version.js',
        '@@ -1 +1 @@',
        "-export const VERSION = 'v1';",
        `+export const VERSION = '${version}';`,
        '',
      ].join('\n');
    for (const [id, version] of [
      [0, 'v2'],
      [1, 'v3'],
    ] as const) {
      await writeFile(path.join(task, `${id}.md`), `Release ${version}.\n`);
      await writeFile(path.join(task, `${id}.patch`), versionPatch(version));
    }
    // The hidden test reads what the app stored, through the grading run's read-only view.
    await writeFile(
      path.join(task, 'tests', 'starts.spec.ts'),
      [
        "import { readFileSync } from 'node:fs';",
        "import { join } from 'node:path';",
        "import { expect, test } from '@playwright/test';",
        "const starts = () => readFileSync(join(process.env.SWELANCER_APP_DIR ?? '', 'starts.log'), 'utf8');",
        "test('v2 started over the data v1 left, and restarts with the variables asked', async ({ request }) => {",
        "  expect((await request.get('/api/health')).ok()).toBe(true);",
        "  expect(starts()).toBe('v1\\nv2\\n');",
        "  const body = JSON.stringify({ env: { KEEP_STARTS: '0' } });",
        "  const restarted = await fetch(process.env.SWELANCER_RESTART_URL ?? '', { method: 'POST', body });",
        '  expect(restarted.status).toBe(200);',
        "  expect((await request.get('/api/health')).ok()).toBe(true);",
        "  expect(starts()).toBe('v2\\n');",
        '});',
        '',
      ].join('\n'),
    );
    await writeFile(
      path.join(task, 'task.json'),
      JSON.stringify({
        id: 'upgrade-to-v2',
        kind: 'swe_manager',
        title: 'Ship v2 over the data of v1',
        price: 100,
        manager: {
          codebase: 'ledger',
          tests: 'tests',
          upgrade: { env: { KEEP_STARTS: '1' } },
          restartable: true,
          proposals: [
            { id: 0, file: '0.md', patch: '0.patch' },
            { id: 1, file: '1.md', patch: '1.patch' },
          ],
          correctProposalId: 0,
        },
      }),
    );

    const { exitCode, report, stderr } = await validate([
      suite,
      '--id',
      'upgrade-to-v2',
      '--repeat',
      '1',
      '-j',
      '2',
    ]);
    expect(report, stderr).toBeDefined();
    const [checked] = report?.tasks ?? [];
    expect(exitCode, JSON.stringify(checked?.problems)).toBe(0);
    // noop: v1 twice; proposal 1: v1 then v3; proposal 0: v1 then v2.
    expect(checked?.noop).toMatchObject({ passed: 0, graded: 1 });
    expect(checked?.proposals.map((p) => [p.role, p.expect, p.passed])).toEqual([
      ['proposal 0', 'pass', 1],
      ['proposal 1', 'fail', 0],
    ]);
  });
});
