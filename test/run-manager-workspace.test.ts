/**
 * Manager tasks with a codebase: the agent gets a real sandbox holding the broken state
 * (break patch applied, one fresh commit, no network), and the built-in agents, which never
 * read code, get none; neither does a task without a codebase. Real local sandbox, real store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createGoldAgent } from '../src/agent/gold.ts';
import type { Agent, ManagerAgentInput } from '../src/agent/types.ts';
import { executeRun, prepareRun } from '../src/runner/run.ts';
import { NO_FILTERS } from '../src/runner/select.ts';
import { openRunStore } from '../src/store/run-store.ts';
import { loadSuite } from '../src/task/index.ts';
import { silentLogger } from '../src/util/logger.ts';

const SUITE = join(import.meta.dirname, 'fixtures', 'suites', 'tiny');
const work = mkdtempSync(join(tmpdir(), 'swl-mgr-ws-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Answers only from what it finds in the workspace; records what it saw. */
function codeReader(seen: Record<string, unknown>): Agent {
  return {
    label: 'code-reader',
    config: { agent: 'code-reader' },
    kinds: ['swe_manager'],
    async run(input) {
      const { workspace, task } = input as ManagerAgentInput;
      if (!workspace) {
        seen[task.id] = 'no workspace';
        return { status: 'completed', selectedProposalId: null };
      }
      const greeting = new TextDecoder().decode(await workspace.readFile('greeting.js'));
      const log = await workspace.exec(['git', 'log', '--format=%s']);
      const net = await workspace.exec([
        'node',
        '-e',
        "require('net').connect(80,'1.1.1.1').on('error',e=>{console.log(e.code);process.exit(0)}).on('connect',()=>console.log('connected'))",
      ]);
      seen[task.id] = {
        broken: greeting.includes('const trimmed = name;'),
        commits: log.stdout.trim().split('\n'),
        network: net.stdout.trim(),
        mentionsWorkspace: input.prompt.includes('working directory'),
      };
      // The right answer, so the grade shows the answer travelled back from the sandbox run.
      const right = task.proposals.find((p) => p.id === task.correctProposalId);
      return {
        status: 'completed',
        selectedProposalId:
          input.kind === 'swe_manager'
            ? (input.proposals.find((p) => p.text === right?.text)?.id ?? null)
            : null,
      };
    },
  };
}

it('prepares the broken state in a sandbox for agents that read code, and none for gold', async () => {
  const suite = await loadSuite(SUITE);
  const seen: Record<string, unknown> = {};
  const agents = [codeReader(seen), createGoldAgent()];
  const prepared = prepareRun({
    suite,
    plan: {
      source: SUITE,
      agents: agents.map((a) => a.label),
      attempts: 1,
      filters: { ...NO_FILTERS, kinds: ['swe_manager'] },
      shuffleProposals: false,
      seed: 0,
    },
    agents,
    command: ['run'],
    cwd: work,
  });
  const outcome = await executeRun(prepared, {
    logger: silentLogger,
    cacheDir: join(work, 'cache'),
    maxInfraRetries: 0,
  });
  const store = openRunStore(outcome.runDir, { readonly: true });
  const results = store.results();
  store.close();
  expect(results.map((r) => [r.taskId, r.agentLabel, r.status]).sort()).toEqual([
    ['pick-greeting-fix', 'code-reader', 'passed'],
    ['pick-greeting-fix', 'gold', 'passed'],
    ['pick-port-config', 'code-reader', 'failed'],
    ['pick-port-config', 'gold', 'passed'],
  ]);
  expect(seen['pick-greeting-fix']).toEqual({
    broken: true,
    commits: ['Initial commit'],
    network: expect.stringMatching(/^E[A-Z]+/),
    mentionsWorkspace: true,
  });
  // A task without a codebase has nothing to read.
  expect(seen['pick-port-config']).toBe('no workspace');
});
