/**
 * Infrastructure errors are retried with backoff and, when they persist, recorded as
 * `infra_error` with the retry count; an agent's own crash is not retried. Real SQLite store,
 * in-process runner with test-only agents.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../src/agent/types.ts';
import { InfraError } from '../src/errors.ts';
import { executeRun, prepareRun } from '../src/runner/run.ts';
import { NO_FILTERS } from '../src/runner/select.ts';
import { openRunStore } from '../src/store/run-store.ts';
import { silentLogger } from '../src/util/logger.ts';
import { managerTask, memorySuite } from './run-helpers.ts';

/** Picks the right answer, after throwing `InfraError` on the first `failures` calls per key. */
function flakyAgent(label: string, failures: number): Agent & { calls: Map<string, number> } {
  const calls = new Map<string, number>();
  return {
    label,
    config: { agent: label },
    kinds: ['swe_manager'],
    calls,
    async run(input) {
      const n = (calls.get(input.attemptKey) ?? 0) + 1;
      calls.set(input.attemptKey, n);
      if (n <= failures) throw new InfraError(`sandbox daemon went away (call ${n})`);
      if (input.kind !== 'swe_manager') return { status: 'completed' };
      const right = input.task.proposals.find((p) => p.id === input.task.correctProposalId);
      return {
        status: 'completed',
        selectedProposalId: input.proposals.find((p) => p.text === right?.text)?.id ?? null,
      };
    },
  };
}

describe('infrastructure retries', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'swl-infra-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  async function run(agent: Agent, maxInfraRetries: number) {
    const suite = memorySuite([managerTask('m1', 1000, 3, 2), managerTask('m2', 4000, 5, 0)]);
    const prepared = prepareRun({
      suite,
      plan: {
        source: suite.origin,
        agents: [agent.label],
        attempts: 1,
        filters: NO_FILTERS,
        shuffleProposals: true,
        seed: 0,
      },
      agents: [agent],
      command: ['run'],
      cwd,
    });
    const outcome = await executeRun(prepared, {
      maxInfraRetries,
      infraRetryBaseMs: 5,
      concurrency: 2,
      logger: silentLogger,
    });
    const reader = openRunStore(outcome.runDir, { readonly: true });
    const results = reader.results();
    reader.close();
    return { outcome, results };
  }

  it('retries an InfraError and records the success with the retry count', async () => {
    const agent = flakyAgent('flaky-once', 1);
    const { outcome, results } = await run(agent, 2);
    expect(results.map((r) => [r.taskId, r.status, r.infraRetries, r.earnedUsd]).sort()).toEqual([
      ['m1', 'passed', 1, 1000],
      ['m2', 'passed', 1, 4000],
    ]);
    expect([...agent.calls.values()]).toEqual([2, 2]);
    expect(results[0]?.details).toMatchObject({
      infraErrors: [expect.stringMatching(/went away/)],
    });
    expect(outcome.agents[0]).toMatchObject({ earnedUsd: 5000, infraErrors: 0 });
  });

  it('records infra_error after the last retry, unscored', async () => {
    const agent = flakyAgent('always-down', Number.POSITIVE_INFINITY);
    const { outcome, results } = await run(agent, 2);
    expect([...agent.calls.values()]).toEqual([3, 3]);
    for (const r of results) {
      expect(r.status).toBe('infra_error');
      expect(r.infraRetries).toBe(2);
      expect(r.earnedUsd).toBe(0);
      expect(r.explanation).toMatch(/infrastructure failed on all 3 tries: sandbox daemon/);
      expect(r.details).toMatchObject({ code: 'INFRA' });
    }
    expect(outcome.agents[0]).toMatchObject({ infraErrors: 2, availableUsd: 0, pass1: null });
  });

  it('records a task the harness cannot use at once, without retrying', async () => {
    // A manager task whose codebase the break patch does not apply to: preparing the
    // agent's workspace fails the same way on every try.
    const codebase = join(cwd, 'codebase');
    mkdirSync(codebase);
    writeFileSync(join(codebase, 'app.js'), 'export const x = 1;\n');
    writeFileSync(
      join(cwd, 'break.patch'),
      '--- a/missing.js\n+++ b/missing.js\n@@ -1 +1 @@\n-a\n+b\n',
    );
    const base = managerTask('m1', 1000, 3, 2);
    const task = {
      ...base,
      contentHash: 'broken-task',
      breakPatch: join(cwd, 'break.patch'),
      codebase: {
        name: 'app',
        dir: codebase,
        install: 'true',
        lockfiles: [],
        build: undefined,
        serve: 'true',
        port: 3000,
        readyPath: '/',
        unitTest: undefined,
      },
    };
    const reader: Agent = { ...flakyAgent('reader', 0), needsWorkspace: true };
    const prepared = prepareRun({
      suite: memorySuite([task]),
      plan: {
        source: 'mem',
        agents: ['reader'],
        attempts: 1,
        filters: NO_FILTERS,
        shuffleProposals: false,
        seed: 0,
      },
      agents: [reader],
      command: ['run'],
      cwd,
    });
    const outcome = await executeRun(prepared, {
      maxInfraRetries: 2,
      infraRetryBaseMs: 5,
      cacheDir: join(cwd, 'cache'),
      logger: silentLogger,
    });
    const store = openRunStore(outcome.runDir, { readonly: true });
    const [result] = store.results();
    store.close();
    expect(result).toMatchObject({ status: 'infra_error', infraRetries: 0 });
    expect(result?.details).toMatchObject({ code: 'TASK_INVALID' });
    expect(result?.explanation).toMatch(/failed on all 1 tries: .*break\.patch/);
  });

  it('does not retry an agent that crashes on its own', async () => {
    const calls: string[] = [];
    const crashing: Agent = {
      label: 'crashing',
      config: { agent: 'crashing' },
      kinds: ['swe_manager'],
      async run(input) {
        calls.push(input.attemptKey);
        throw new TypeError('cannot read properties of undefined');
      },
    };
    const { results } = await run(crashing, 2);
    expect(calls).toHaveLength(2);
    expect(results.map((r) => r.status)).toEqual(['agent_error', 'agent_error']);
    expect(results[0]?.explanation).toMatch(/the agent crashed: cannot read/);
  });
});

describe('artifacts of an attempt', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'swl-artifacts-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('lists the final try files in the result and removes what a failed try left', async () => {
    let calls = 0;
    const agent: Agent = {
      label: 'writer',
      config: { agent: 'writer' },
      kinds: ['swe_manager'],
      async run(input) {
        calls += 1;
        if (calls === 1) {
          await input.artifacts.write('partial/trace.txt', 'half done');
          throw new InfraError('the sandbox vanished');
        }
        await input.artifacts.write('notes.txt', `try ${calls}`);
        return { status: 'completed', selectedProposalId: null };
      },
    };
    const suite = memorySuite([managerTask('m1', 1000, 3, 2)]);
    const prepared = prepareRun({
      suite,
      plan: {
        source: suite.origin,
        agents: ['writer'],
        attempts: 1,
        filters: NO_FILTERS,
        shuffleProposals: false,
        seed: 0,
      },
      agents: [agent],
      command: ['run'],
      cwd,
    });
    const outcome = await executeRun(prepared, { infraRetryBaseMs: 1, logger: silentLogger });
    const reader = openRunStore(outcome.runDir, { readonly: true });
    const [result] = reader.results();
    reader.close();
    const key = result?.key ?? '';
    expect(result?.artifacts).toEqual({ 'notes.txt': `artifacts/${key}/notes.txt` });
    expect(readFileSync(join(outcome.runDir, 'artifacts', key, 'notes.txt'), 'utf8')).toBe('try 2');
    expect(existsSync(join(outcome.runDir, 'artifacts', key, 'partial'))).toBe(false);
  });
});
