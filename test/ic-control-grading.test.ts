/**
 * When the hidden-test runner yields nothing usable (no report, or no test ran), grading
 * decides whose fault it is by grading the clean broken state the same way: a runner that
 * breaks there too is the machine's fault (infra error, retried, never scored); a runner that
 * breaks only with the agent's changes is the agent's failure. The real `local` provider runs
 * everything; a wrapper breaks the runner of chosen grading sandboxes, as a crashing browser
 * or a full disk would.
 */

import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGoldAgent } from '../src/agent/gold.ts';
import { createNoopAgent } from '../src/agent/noop.ts';
import type { Agent } from '../src/agent/types.ts';
import { InfraError } from '../src/errors.ts';
import { executeAttempt } from '../src/runner/lifecycle.ts';
import { openSandboxProvider } from '../src/sandbox/registry.ts';
import type { ExecResult, Sandbox, SandboxProvider } from '../src/sandbox/types.ts';
import { loadNativeSuite } from '../src/task/native-suite.ts';
import type { IcTask } from '../src/task/types.ts';
import { IC_FIXTURE, icAttemptInput, memoryArtifacts, tempDir } from './ic-helpers.ts';

const CRASHED: ExecResult = {
  exitCode: 1,
  signal: undefined,
  stdout: '',
  stderr: 'Error: the test runner crashed before writing a report',
  timedOut: false,
  durationMs: 1,
  truncated: false,
};

/** The real provider, but grading sandboxes for which `breaks` says so get a runner that crashes. */
function withBrokenRunner(
  real: SandboxProvider,
  breaks: (sandbox: Sandbox) => Promise<boolean>,
): SandboxProvider & { broken: number } {
  const provider = {
    name: real.name,
    broken: 0,
    available: () => real.available(),
    cleanupLeftovers: () => real.cleanupLeftovers(),
    async create(spec: Parameters<SandboxProvider['create']>[0]): Promise<Sandbox> {
      const sandbox = await real.create(spec);
      if (!spec.label.startsWith('grade-') || !sandbox.execPair) return sandbox;
      const execPair = sandbox.execPair.bind(sandbox);
      return {
        id: sandbox.id,
        provider: sandbox.provider,
        workdir: sandbox.workdir,
        exec: sandbox.exec.bind(sandbox),
        readFile: sandbox.readFile.bind(sandbox),
        writeFile: sandbox.writeFile.bind(sandbox),
        copyIn: sandbox.copyIn.bind(sandbox),
        copyOut: sandbox.copyOut.bind(sandbox),
        dispose: sandbox.dispose.bind(sandbox),
        execPair: async (...args: Parameters<typeof execPair>) => {
          if (!(await breaks(sandbox))) return execPair(...args);
          provider.broken++;
          return CRASHED;
        },
      };
    },
  };
  return provider;
}

/** True when the grading run is about to apply a diff (grading writes it in the workspace first). */
async function holdsAChange(sandbox: Sandbox): Promise<boolean> {
  return sandbox.readFile('.swelancer-agent.diff').then(
    () => true,
    () => false,
  );
}

let cacheDir: string;
let task: IcTask;
let local: SandboxProvider;
beforeAll(async () => {
  cacheDir = await tempDir('control-grading');
  const suite = await loadNativeSuite(IC_FIXTURE);
  task = suite.tasks.find((t): t is IcTask => t.id === 'amount-loses-cents') as IcTask;
  // A root of its own, to check that no sandbox outlives an attempt.
  local = await openSandboxProvider('local', { rootDir: path.join(cacheDir, 'sandboxes') });
});
afterEach(async () => {
  const left = await readdir(path.join(cacheDir, 'sandboxes')).catch(() => []);
  expect(left.filter((name) => name.startsWith('sb-'))).toEqual([]);
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

function attempt(agent: Agent, sandboxes: SandboxProvider) {
  const artifacts = memoryArtifacts();
  const result = executeAttempt(
    icAttemptInput(task, agent, {
      key: `control-${agent.label}`,
      artifacts,
      env: { sandboxes, cacheDir },
    }),
  );
  return { result, artifacts };
}

describe('a test runner that yields no report', () => {
  it('is the agent’s failure when it breaks only with the agent’s changes', {
    timeout: 300_000,
  }, async () => {
    const sandboxes = withBrokenRunner(local, holdsAChange);
    const { result, artifacts } = attempt(createGoldAgent(), sandboxes);
    const outcome = await result;
    expect(outcome.status).toBe('failed');
    expect(outcome.explanation).toMatch(/the test runner wrote no report \(exit 1\)/);
    // One broken grading of the agent's work, then a control grading of the clean state that ran.
    expect(sandboxes.broken).toBe(1);
    expect([...artifacts.files.keys()]).toContain('control-test-report.json');
    // The control grading's tests failed (clean broken state): their evidence is kept.
    const evidence = [...artifacts.files.keys()].filter((name) =>
      name.startsWith('control-grade/'),
    );
    expect(evidence.some((name) => name.endsWith('.png'))).toBe(true);
    expect(evidence.some((name) => name.endsWith('trace.zip'))).toBe(true);
    expect(evidence.filter((name) => name.includes('/.'))).toEqual([]);
  });

  it('is an infrastructure error when it breaks on the clean broken state too', {
    timeout: 300_000,
  }, async () => {
    const sandboxes = withBrokenRunner(local, async () => true);
    const { result } = attempt(createGoldAgent(), sandboxes);
    await expect(result).rejects.toThrow(InfraError);
    await expect(result).rejects.toThrow(/failed on the clean broken state too/);
    expect(sandboxes.broken).toBe(2);
  });

  it('is an infrastructure error without a second grading when the agent changed nothing', {
    timeout: 300_000,
  }, async () => {
    const sandboxes = withBrokenRunner(local, async () => true);
    const { result } = attempt(createNoopAgent(), sandboxes);
    await expect(result).rejects.toThrow(/failed on the clean broken state too/);
    expect(sandboxes.broken).toBe(1);
  });
});

it('disposes the grading sandbox made during the agent phase when the attempt ends before grading', {
  timeout: 300_000,
}, async () => {
  const failing: Agent = {
    label: 'gives-up',
    config: { agent: 'gives-up' },
    kinds: ['ic_swe'],
    run: async () => ({ status: 'agent_error', reason: 'gave up' }),
  };
  const outcome = await attempt(failing, local).result;
  expect(outcome).toMatchObject({
    status: 'agent_error',
    explanation: 'the agent failed: gave up',
  });
});
