import { describe, expect, it } from 'vitest';
import { managerTask } from '../../test/run-helpers.ts';
import type { Agent, AgentOutcome } from '../agent/types.ts';
import type {
  Collected,
  PreparedAttempt,
  SavedWork,
  TaskEnvironment,
} from '../environments/types.ts';
import { InfraError } from '../errors.ts';
import type { ManagerTask } from '../task/types.ts';
import { silentLogger } from '../util/logger.ts';
import { executeAttempt, runLifecycle } from './lifecycle.ts';

const task = managerTask('t1', 1000, 3, 1);
const agent: Agent = {
  label: 'test',
  config: null,
  kinds: ['swe_manager'],
  run: async () => ({ status: 'completed', selectedProposalId: 1 }),
};

function input(agentTimeoutMs?: number) {
  return {
    task,
    agent,
    plan: { key: 'k', taskId: task.id, agentLabel: agent.label, attemptIndex: 0 },
    seed: 1,
    signal: new AbortController().signal,
    logger: silentLogger,
    artifacts: { write: async (name: string) => name },
    context: {
      shuffleProposals: false,
      sandboxes: () => Promise.reject(new Error('no sandbox in this test')),
      cacheDir: '/nonexistent',
    },
    ...(agentTimeoutMs === undefined ? {} : { agentTimeoutMs }),
  };
}

/** An environment whose steps are the given functions; records which steps ran. */
function environment(steps: {
  work: (signal: AbortSignal) => Promise<AgentOutcome>;
  collect?: () => Promise<Collected<string>>;
  grade?: () => Promise<{ passed: boolean; explanation: string }>;
  partialCredit?: boolean;
}) {
  const ran: string[] = [];
  const env: TaskEnvironment<ManagerTask, string> = {
    scoresPartialCredit: steps.partialCredit ?? false,
    saveWork: (work) => `saved:${work}`,
    loadWork: (saved) => `loaded:${String(saved)}`,
    async prepare(_input, preparedFor): Promise<PreparedAttempt<string>> {
      ran.push(`prepare for ${preparedFor}`);
      return {
        work: (signal) => {
          ran.push('work');
          return steps.work(signal);
        },
        collect: async () => {
          ran.push('collect');
          return (await steps.collect?.()) ?? { ok: true, work: 'w', details: { collected: 1 } };
        },
        grade: async (work) => {
          ran.push(`grade ${work}`);
          const verdict = (await steps.grade?.()) ?? { passed: true, explanation: 'right' };
          return { ...verdict, details: { graded: 1 }, durations: { gradeMs: 5 } };
        },
        dispose: async () => {
          ran.push('dispose');
        },
      };
    },
  };
  return { env, ran };
}

describe('the attempt lifecycle', () => {
  it('runs prepare → work → collect → grade → dispose and merges details and durations', async () => {
    const { env, ran } = environment({ work: async () => ({ status: 'completed', costUsd: 0.5 }) });
    const execution = await runLifecycle(env, input());
    expect(ran).toEqual(['prepare for attempt', 'work', 'collect', 'grade w', 'dispose']);
    expect(execution).toMatchObject({ status: 'passed', explanation: 'right', costUsd: 0.5 });
    expect(execution.details).toMatchObject({
      graded: 1,
      collected: 1,
      durations: { gradeMs: 5, setupMs: expect.any(Number), agentMs: expect.any(Number) },
    });
  });

  it('tells each stage it enters, for the store to note the attempt in flight', async () => {
    const { env } = environment({ work: async () => ({ status: 'completed' }) });
    const stages: string[] = [];
    await runLifecycle(env, { ...input(), onStage: (stage: string) => stages.push(stage) });
    expect(stages).toEqual(['prepare', 'agent', 'grade']);
  });

  it('never grades the work of an agent that did not complete, and scores its partial credit 0', async () => {
    const { env, ran } = environment({
      work: async () => ({ status: 'limit', reason: 'max steps' }),
      partialCredit: true,
    });
    const execution = await runLifecycle(env, input());
    expect(ran).toEqual(['prepare for attempt', 'work', 'collect', 'dispose']);
    expect(execution).toMatchObject({
      status: 'limit',
      explanation: 'the agent hit a limit: max steps',
      partialCredit: 0,
      details: { reason: 'max steps', collected: 1 },
    });
  });

  it('turns an agent that throws into agent_error, and an InfraError into a throw', async () => {
    const crashed = environment({ work: () => Promise.reject(new TypeError('boom')) });
    const execution = await runLifecycle(crashed.env, input());
    expect(execution.status).toBe('agent_error');
    expect(execution.explanation).toMatch(/the agent crashed: boom/);
    expect(execution.partialCredit).toBeUndefined();

    const broken = environment({ work: () => Promise.reject(new InfraError('disk gone')) });
    await expect(runLifecycle(broken.env, input())).rejects.toThrow('disk gone');
    expect(broken.ran.at(-1)).toBe('dispose');
  });

  it('fails work that could not be collected, without grading it', async () => {
    const { env, ran } = environment({
      work: async () => ({ status: 'completed' }),
      collect: async () => ({ ok: false, reason: 'the diff is too large', details: { big: true } }),
    });
    const execution = await runLifecycle(env, input());
    expect(ran).not.toContain('grade');
    expect(execution).toMatchObject({ status: 'failed', explanation: 'the diff is too large' });
  });

  it('holds every environment to the wall-time limit, an agent that ignores it included', async () => {
    const { env } = environment({
      // Ignores its abort signal: the runner stops waiting after a grace period.
      work: (signal) =>
        new Promise((resolve) =>
          signal.addEventListener('abort', () =>
            setTimeout(() => resolve({ status: 'completed' }), 50),
          ),
        ),
    });
    const execution = await runLifecycle(env, input(20));
    expect(execution.status).toBe('limit');
    expect(execution.explanation).toMatch(/ran past its 20 ms time limit/);
  });

  it('saves collected work when the agent phase ends, and a later try grades it without the agent', async () => {
    const saved: SavedWork[] = [];
    const first = environment({ work: async () => ({ status: 'completed', costUsd: 0.25 }) });
    await runLifecycle(first.env, {
      ...input(),
      journal: { saved: undefined, save: async (work) => void saved.push(work) },
    });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      outcome: { status: 'completed', costUsd: 0.25 },
      collected: { ok: true, work: 'saved:w' },
    });

    const again = environment({ work: () => Promise.reject(new Error('the agent ran again')) });
    const execution = await runLifecycle(again.env, {
      ...input(),
      journal: { saved: saved[0], save: () => Promise.reject(new Error('saved twice')) },
    });
    expect(again.ran).toEqual(['prepare for grading', 'grade loaded:saved:w', 'dispose']);
    expect(execution).toMatchObject({ status: 'passed', costUsd: 0.25 });
    expect(execution.details).toMatchObject({ durations: { gradedFromSavedWork: true } });
  });

  it('attempts a manager task in the manager environment', async () => {
    const execution = await executeAttempt(input());
    expect(execution).toMatchObject({
      status: 'passed',
      explanation: 'picked proposal 1, the one the manager chose',
    });
  });

  it("passes the agent's progress on as the agent stage's, for live views", async () => {
    const reporting: Agent = {
      ...agent,
      run: async (agentInput) => {
        agentInput.onProgress?.({ steps: 1, spendUsd: 0.02 });
        agentInput.onProgress?.({ steps: 2, spendUsd: null });
        return { status: 'completed', selectedProposalId: 1 };
      },
    };
    const seen: unknown[] = [];
    await executeAttempt({
      ...input(),
      agent: reporting,
      onStage: (stage, progress) => seen.push(progress ? [stage, progress] : stage),
    });
    expect(seen).toEqual([
      'prepare',
      'agent',
      ['agent', { steps: 1, spendUsd: 0.02 }],
      ['agent', { steps: 2, spendUsd: null }],
      'grade',
    ]);
  });
});
