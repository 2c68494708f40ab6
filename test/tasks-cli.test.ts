/**
 * End-to-end: the real CLI (`node bin/swelancer.js tasks ...` on Node 24 from node_modules)
 * over the official lite CSV and the native fixture suites.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { icCsv } from './run-helpers.ts';
import { LITE_CSV as LITE } from './support/official-data.ts';

const repo = path.resolve(import.meta.dirname, '..');
const node = path.join(repo, 'node_modules', '.bin', 'node');
const fixtures = path.join(repo, 'test', 'fixtures', 'suites');
const tiny = path.join(fixtures, 'tiny');
const haveLite = existsSync(LITE);
if (!haveLite)
  console.warn(`skipping the lite CSV cases: ${LITE} is missing (set SWELANCER_DATA_DIR)`);

async function swelancer(...args: string[]) {
  return swelancerIn(repo, ...args);
}

async function swelancerIn(cwd: string, ...args: string[]) {
  return swelancerWith({}, cwd, ...args);
}

async function swelancerWith(env: Record<string, string>, cwd: string, ...args: string[]) {
  const result = await execa(node, [path.join(repo, 'bin', 'swelancer.js'), ...args], {
    cwd,
    reject: false,
    env: { NO_COLOR: '1', ...env },
    // A loader that blocks on a named pipe must fail the test, not hang it.
    timeout: 60_000,
  });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** A copy of the tiny suite with its IC task's issue (or another file) spoilt by `spoil`. */
async function spoiltTiny(spoil: (taskDir: string, suite: string) => Promise<void>) {
  const suite = await tempDir('swelancer-spoilt-');
  await cp(tiny, suite, { recursive: true });
  await spoil(path.join(suite, 'tasks', 'greeting-spaces'), suite);
  return suite;
}

describe.skipIf(!haveLite).concurrent('swelancer tasks on the official lite CSV', () => {
  it('list prints every task and the dollars by kind', async () => {
    const { code, stdout, stderr } = await swelancer('tasks', 'list', LITE);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+KIND\s+PRICE\s+TITLE$/);
    expect(lines.filter((line) => /^\S+\s+(ic_swe|swe_manager)\s+\$/.test(line))).toHaveLength(174);
    expect(stdout).toMatch(/^14958-manager-0\s+swe_manager\s+\$8,000\s+zip \/postcode validation/m);
    expect(stdout).toMatch(/^IC SWE\s+61 tasks\s+\$175,000$/m);
    expect(stdout).toMatch(/^SWE Manager\s+113 tasks\s+\$202,000$/m);
    expect(stdout).toMatch(/^Total\s+174 tasks\s+\$377,000$/m);
  });

  it('list --json is machine-readable and honours the filters', async () => {
    const { code, stdout } = await swelancer(
      'tasks',
      'list',
      LITE,
      '--json',
      '--kind',
      'swe_manager',
      '--min-price',
      '4000',
      '--id',
      '1*',
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout);
    expect(parsed.total).toBe(174);
    expect(parsed.tasks.length).toBeGreaterThan(0);
    for (const task of parsed.tasks) {
      expect(task.kind).toBe('swe_manager');
      expect(task.price).toBeGreaterThanOrEqual(4000);
      expect(task.id.startsWith('1')).toBe(true);
    }
    expect(parsed.totals.swe_manager.tasks).toBe(parsed.tasks.length);
    expect(parsed.totals.ic_swe).toEqual({ tasks: 0, usd: 0 });
  });

  it('show prints the six proposals of 14958-manager-0 and the correct id', async () => {
    const { code, stdout } = await swelancer('tasks', 'show', LITE, '14958-manager-0');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Proposals:\s+6 \(ids 0, 1, 2, 3, 4, 5\)$/m);
    expect(stdout).toMatch(/^Correct proposal:\s+1$/m);
    expect(stdout.match(/^--- Proposal \d/gm)).toHaveLength(6);
    expect(stdout).toContain('--- Proposal 1 by Prince-Mendiratta [chosen] ---');
    expect(stdout).toContain('## Expected Result:\nit should show validation error message');
  });

  it('show --json gives the whole task', async () => {
    const { code, stdout } = await swelancer('tasks', 'show', LITE, '14958', '--json');
    expect(code).toBe(0);
    const { task } = JSON.parse(stdout);
    expect(task).toMatchObject({
      id: '14958',
      kind: 'ic_swe',
      price: 8000,
      ic: { runnable: 'official-image', questionId: '14958' },
    });
  });

  it('validate exits 0 on the full file', async () => {
    const { code, stdout } = await swelancer('tasks', 'validate', LITE);
    expect(code).toBe(0);
    expect(stdout).toContain('valid: swelancer_tasks_lite');
    expect(stdout).toContain('174 tasks (61 ic_swe, 113 swe_manager), $377,000');
  });
});

describe.concurrent('swelancer tasks on native suites', () => {
  it('list shows the fixture suite with totals', async () => {
    const { code, stdout } = await swelancer('tasks', 'list', tiny);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^greeting-spaces\s+ic_swe\s+\$250\s+Greeting shows a gap/m);
    expect(stdout).toMatch(/^IC SWE\s+1 task\s+\$250$/m);
    expect(stdout).toMatch(/^SWE Manager\s+2 tasks\s+\$1,500$/m);
  });

  it('list filters by category and nature, saying how many matched', async () => {
    const { stdout } = await swelancer('tasks', 'list', tiny, '--category', 'server_side_logic');
    expect(stdout).toMatch(/^pick-port-config\s/m);
    expect(stdout).not.toMatch(/^greeting-spaces\s/m);
    expect(stdout).toContain('(1 of 3 tasks match the filters)');
    const none = await swelancer('tasks', 'list', tiny, '--nature', 'new_feature');
    expect(none.stdout).toContain('No task matches the filters.');
  });

  it('show gives an IC task its runnable pieces and a manager task its answer', async () => {
    const ic = await swelancer('tasks', 'show', tiny, 'greeting-spaces');
    expect(ic.stdout).toMatch(/^Runnable:\s+yes$/m);
    expect(ic.stdout).toContain(path.join(tiny, 'tasks', 'greeting-spaces', 'break.patch'));
    const manager = await swelancer(
      'tasks',
      'show',
      path.join(tiny, 'suite.json'),
      'pick-port-config',
      '--json',
    );
    const { task } = JSON.parse(manager.stdout);
    expect(task.correctProposalId).toBe(1);
    expect(task.proposals.map((p: { author: string }) => p.author)).toEqual([
      'chen',
      'haddad',
      'novak',
      'silva',
    ]);
  });

  it('validate reports each problem of a broken suite and exits 2', async () => {
    const { code, stdout } = await swelancer('tasks', 'validate', path.join(fixtures, 'broken'));
    expect(code).toBe(2);
    expect(stdout).toContain('has 17 problems:');
    expect(stdout).toContain(
      'tasks/wrong-type/task.json, field "price": expected a positive number (the price in US dollars), found "abc"',
    );
    expect(stdout).toContain('1 task loaded without problems');
    const json = await swelancer('tasks', 'validate', path.join(fixtures, 'broken'), '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, tasks: 1 });
  });

  it('list on a broken source exits 2 with the problems on stderr', async () => {
    const { code, stdout, stderr } = await swelancer(
      'tasks',
      'list',
      path.join(fixtures, 'csv', 'bad-rows.csv'),
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('bad-rows.csv has 7 problems:');
    expect(stderr).toContain(
      'row 4, field "price": expected a positive number of US dollars, found "abc"',
    );
  });
});

describe.concurrent('swelancer tasks: bad flags and arguments exit 2 with a clear message', () => {
  it.each([
    [
      ['--kind', 'manager'],
      "option '--kind <kind>' argument 'manager' is invalid. expected one of ic_swe, swe_manager",
    ],
    [
      ['--min-price', '-5'],
      "option '--min-price <usd>' argument '-5' is invalid. expected a number of dollars, 0 or more",
    ],
    [['--max-price', 'lots'], "option '--max-price <usd>' argument 'lots' is invalid"],
    [
      ['--min-price', '500', '--max-price', '100'],
      '--min-price 500 is above --max-price 100: no task can match',
    ],
    [
      ['--category', 'frontend'],
      "argument 'frontend' is invalid. expected one of application_logic, ui_ux",
    ],
  ])('tasks list %j', async (flags, message) => {
    const { code, stdout, stderr } = await swelancer('tasks', 'list', tiny, ...flags);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('an unknown id names the source and suggests close ids', async () => {
    const { code, stderr } = await swelancer('tasks', 'show', tiny, 'pick-port');
    expect(code).toBe(2);
    expect(stderr).toContain(
      'no task with id "pick-port" among its 3 tasks; similar ids: pick-port-config',
    );
  });

  it('a source that is not a suite says what is accepted', async () => {
    const { code, stderr } = await swelancer('tasks', 'list', path.join(repo, 'package.json'));
    expect(code).toBe(2);
    expect(stderr).toContain(
      'expected a suite folder (with a suite.json), its suite.json, or an official SWE-Lancer .csv file',
    );
  });
});

describe.concurrent('swelancer tasks validate and run refuse a malformed native suite alike', () => {
  const issue = (taskDir: string) => path.join(taskDir, 'issue.md');
  it.each<[string, (taskDir: string) => Promise<void>, string]>([
    [
      'an issue linked to a file outside the suite',
      async (taskDir) => {
        const outside = path.join(await tempDir('swelancer-outside-'), 'canary.md');
        await writeFile(outside, 'CANARY-OUTSIDE\n');
        await rm(issue(taskDir));
        await symlink(outside, issue(taskDir));
      },
      'field "issue": expected a path inside the suite folder, found a symlink leading to',
    ],
    [
      'a named pipe in place of the issue',
      async (taskDir) => {
        await rm(issue(taskDir));
        await promisify(execFile)('mkfifo', [issue(taskDir)]);
      },
      'field "issue": expected a file, found a named pipe (issue.md)',
    ],
    [
      'an issue over 1 MiB',
      (taskDir) => truncate(issue(taskDir), 50_000_000),
      'field "issue": expected at most 1048576 bytes, found 50000000 bytes (issue.md)',
    ],
    [
      'an issue that is not UTF-8',
      (taskDir) => writeFile(issue(taskDir), Buffer.from('Caf\xe9\n', 'latin1')),
      'field "issue": expected UTF-8 text, found a byte that is not UTF-8 at byte offset 3',
    ],
  ])('%s: exit 2, the same problem, no run directory', async (_name, spoil, message) => {
    const suite = await spoiltTiny(spoil);
    const validate = await swelancer('tasks', 'validate', suite);
    expect(validate.code).toBe(2);
    expect(validate.stdout).toContain(message);
    const cwd = await tempDir('swelancer-run-cwd-');
    const run = await swelancerIn(cwd, 'run', suite, '--agent', 'gold');
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(message);
    expect(existsSync(path.join(cwd, 'runs'))).toBe(false);
  });

  it('validate checks with git that a break patch applies to its codebase', async () => {
    const suite = await spoiltTiny(async (_taskDir, root) => {
      const code = path.join(root, 'codebase', 'greeting.js');
      await writeFile(
        code,
        (await readFile(code, 'utf8')).replace('name.trim()', 'String(name).trim()'),
      );
    });
    const { code, stdout } = await swelancer('tasks', 'validate', suite);
    expect(code).toBe(2);
    expect(stdout).toContain(
      `${path.join(suite, 'tasks/greeting-spaces/task.json')}, field "ic.breakPatch": expected a patch that applies to codebase "greeter", found "git apply exited 1: error: patch failed: greeting.js:1`,
    );
    expect(stdout).toContain('1 task loaded without problems');
  });

  it('validate says a suite whose patches apply is valid', async () => {
    const { code, stdout } = await swelancer('tasks', 'validate', tiny);
    expect(code).toBe(0);
    expect(stdout).toBe('valid: tiny 1.0.0, 3 tasks (1 ic_swe, 2 swe_manager), $1,750');
  });
});

describe('swelancer tasks list on official IC tasks', () => {
  it('says they need a container engine, and what to install, when there is none', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'swl-tasks-ic-'));
    temps.push(dir);
    const csv = path.join(dir, 'ic.csv');
    await writeFile(csv, icCsv([{ id: 'standin_pass', price: 1000 }]));
    const none = { DOCKER_HOST: `unix://${path.join(dir, 'no.sock')}` };
    const listed = await swelancerWith(none, dir, 'tasks', 'list', csv);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(
      `1 IC task runs in its official SWE-Lancer image: not runnable here: no Docker Engine API socket at ${path.join(dir, 'no.sock')}: install Docker or Podman`,
    );
    const json = JSON.parse(
      (await swelancerWith(none, dir, 'tasks', 'list', csv, '--json')).stdout,
    );
    expect(json.tasks[0]).toMatchObject({ runnable: false, runsIn: 'official-image' });
    expect(json.officialImages).toMatchObject({ ok: false });
  });
});
