/**
 * `--codebase expensify=<clone>`: official manager tasks read the code at the parent of
 * their `manager_commit`, read-only, from one extraction per commit shared by attempts; a
 * clone that cannot serve the tasks is refused before anything runs. A small repository
 * made with real git stands in for Expensify/App; the real local sandbox and store.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, ManagerAgentInput } from '../src/agent/types.ts';
import { executeRun, prepareRun } from '../src/runner/run.ts';
import { NO_FILTERS } from '../src/runner/select.ts';
import { openRunStore } from '../src/store/run-store.ts';
import { loadSwelancerCsv } from '../src/task/swelancer-csv.ts';
import { silentLogger } from '../src/util/logger.ts';
import { managerCsv } from './run-helpers.ts';
import { inProcessCli } from './support/in-process-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'swl-mgr-codebase-'));
// The sandbox's user mounts the cached trees: it must be able to reach them.
chmodSync(work, 0o755);
const clone = join(work, 'App');
const commits: Record<string, string> = {};
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function git(...args: string[]): Promise<string> {
  const result = await execa('git', args, {
    cwd: clone,
    env: {
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
      GIT_CONFIG_GLOBAL: '/dev/null',
    },
  });
  return result.stdout.trim();
}

/** One commit per state of `src/total.js`; returns its id. */
async function commit(content: string, message: string): Promise<string> {
  writeFileSync(join(clone, 'src', 'total.js'), content);
  await git('add', '-A');
  await git('commit', '-q', '-m', message);
  return git('rev-parse', 'HEAD');
}

beforeAll(async () => {
  mkdirSync(join(clone, 'src'), { recursive: true });
  await git('init', '-q', '-b', 'main');
  await commit('total = 0; // stale after edit\n', 'base A');
  commits.fixA = await commit('total = sum(items);\n', 'fix A');
  await commit('total = sum(items); // cents dropped\n', 'base B');
  commits.fixB = await commit('total = sum(items, cents);\n', 'fix B');
  writeFileSync(
    join(work, 'tasks.csv'),
    managerCsv([
      { id: '9001-manager-0', price: 1000, proposals: 2, correct: 1, commit: commits.fixA },
      { id: '9002-manager-0', price: 2000, proposals: 3, correct: 0, commit: commits.fixB },
    ]),
  );
});

/** Reads the code it is given and answers right; records what it saw. */
function codeReader(seen: Record<string, unknown>): Agent {
  return {
    label: 'code-reader',
    config: { agent: 'code-reader' },
    kinds: ['swe_manager'],
    async run(input) {
      const { workspace, task, prompt } = input as ManagerAgentInput;
      if (!workspace) {
        seen[task.id] = 'no workspace';
        return { status: 'completed', selectedProposalId: null };
      }
      const code = new TextDecoder().decode(await workspace.readFile('expensify/src/total.js'));
      const write = await workspace.exec(['sh', '-c', 'echo x > expensify/src/total.js']);
      const answer = await workspace.exec(['sh', '-c', 'echo {} > manager_decisions.json']);
      seen[task.id] = {
        code,
        readOnly: write.exitCode !== 0 && /read-only/i.test(write.stderr),
        answerWritable: answer.exitCode === 0,
        promptSaysWhere: prompt.includes('`expensify` folder of your working directory'),
      };
      return { status: 'completed', selectedProposalId: task.correctProposalId };
    },
  };
}

describe('--codebase expensify=<clone>', () => {
  it("gives each manager attempt the tree at manager_commit's parent, read-only, extracted once per commit", async () => {
    const suite = await loadSwelancerCsv(join(work, 'tasks.csv'));
    const seen: Record<string, unknown> = {};
    const agents = [codeReader(seen)];
    const plan = {
      source: join(work, 'tasks.csv'),
      agents: ['code-reader'],
      attempts: 2,
      filters: NO_FILTERS,
      shuffleProposals: false,
      seed: 0,
    };
    const prepared = prepareRun({
      suite,
      plan: { ...plan, codebases: { expensify: clone } },
      agents,
      command: ['run'],
      cwd: work,
    });
    const cacheDir = join(work, 'cache');
    const outcome = await executeRun(prepared, {
      logger: silentLogger,
      cacheDir,
      maxInfraRetries: 0,
    });
    const store = openRunStore(outcome.runDir, { readonly: true });
    const results = store.results();
    store.close();
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(seen['9001-manager-0']).toEqual({
      code: 'total = 0; // stale after edit\n',
      readOnly: true,
      answerWritable: true,
      promptSaysWhere: true,
    });
    expect(seen['9002-manager-0']).toMatchObject({
      code: 'total = sum(items); // cents dropped\n',
    });
    // Four attempts, two commits: two trees, named by the parent commits.
    const trees = readdirSync(join(cacheDir, 'manager-trees', 'expensify')).sort();
    const parents = [
      await git('rev-parse', `${commits.fixA}^`),
      await git('rev-parse', `${commits.fixB}^`),
    ];
    expect(trees).toEqual(parents.sort());

    // Without the codebase the same tasks are other attempts (other keys), on text alone.
    const textOnly = prepareRun({ suite, plan, agents, command: ['run'], cwd: work });
    const keys = new Set(prepared.planning.attempts.map((a) => a.plan.key));
    expect(textOnly.planning.attempts.some((a) => keys.has(a.plan.key))).toBe(false);
    const report = await inProcessCli(work, ['report', outcome.runDir]);
    // The terminal wraps long lines at 120 columns, continuing them after two spaces.
    expect(report.stdout.replace(/\n {2}/g, ' ')).toContain(
      `manager tasks read Expensify/App at each manager_commit's parent (clone: ${clone})`,
    );
  });

  it('refuses a bad path, a folder that is not git, and a clone missing a commit, before any attempt runs', async () => {
    const cases: [string, string][] = [
      [join(work, 'nowhere'), 'expected a git clone of Expensify/App, found nothing there'],
      [
        join(work, 'cache'),
        'expected a git clone of Expensify/App, found a folder that is not a git repository',
      ],
    ];
    const other = join(work, 'Other');
    mkdirSync(other);
    await execa('git', ['init', '-q', other]);
    await execa('git', [
      '-C',
      other,
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@t',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'x',
    ]);
    cases.push([
      other,
      'expected the clone to hold each manager_commit and its parent, but 2 of 2 task(s) have none there (9001-manager-0:',
    ]);
    for (const [path, message] of cases) {
      const runDir = join(work, `refused-${cases.findIndex((c) => c[0] === path)}`);
      const result = await inProcessCli(work, [
        'run',
        'tasks.csv',
        '--agent',
        'gold',
        '--codebase',
        `expensify=${path}`,
        '--run-dir',
        runDir,
      ]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`--codebase expensify=${path}: ${message}`);
      expect(existsSync(runDir)).toBe(false);
    }
    const unknown = await inProcessCli(work, [
      'run',
      'tasks.csv',
      '--agent',
      'gold',
      '--codebase',
      'react=../x',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      '--codebase react=../x: expected <name>=<path> with a name among expensify',
    );
  });
});
