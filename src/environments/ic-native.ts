/**
 * One IC SWE attempt (DESIGN.md §1, §4): prepare the clean broken state, let the agent work
 * in its own sandbox, extract and filter its diff, grade it in a fresh sandbox with the
 * hidden tests. Infrastructure trouble is thrown (InfraError) for the runner to retry; the
 * agent's trouble is a status.
 */
import { chmod, mkdir } from 'node:fs/promises';
import { buildIcPrompt } from '../agent/prompt-ic.ts';
import type { AgentOutcome, ArtifactSink, FixedDiff } from '../agent/types.ts';
import { InfraError } from '../errors.ts';
import { gradeIcAttempt, gradingWorkspaceSpec } from '../grader/ic/grade.ts';
import { listHiddenTests } from '../grader/ic/hidden-tests.ts';
import { type IcMaterial, icWorkspaceSpec } from '../ic/app-runtime.ts';
import { ensureDependencies } from '../ic/deps-cache.ts';
import { type ExtractedDiff, extractDiff } from '../ic/diff-extract.ts';
import { filterDiff } from '../ic/diff-filter.ts';
import { diffOfPatch } from '../ic/fixed-diff.ts';
import { prepareBrokenState, runnable } from '../ic/prepare.ts';
import { probeBrokenState } from '../ic/probe.ts';
import { prepareTransformCache } from '../ic/transform-cache.ts';
import { createUserTool } from '../ic/user-tool.ts';
import { ZERO_USAGE } from '../model/usage.ts';
import type { AttemptExecution, IcAttemptInput } from '../runner/types.ts';
import { openSandboxProvider } from '../sandbox/registry.ts';
import type { Sandbox, SandboxLimits, SandboxProvider } from '../sandbox/types.ts';
import type { JsonValue } from '../util/json.ts';
import type { Logger } from '../util/logger.ts';
import { agentView, agentWorkspaceSpec } from './agent-sandbox.ts';

/** What the IC pipeline needs beyond one attempt's input. */
export interface IcEnvironment {
  /** Creates every sandbox of the attempt (agent, user tool, grading, probe). */
  sandboxes: SandboxProvider;
  /** Dependencies, prepared broken states, probe results and test lists. */
  cacheDir: string;
  /** @default DEFAULT_LIMITS of the sandbox contract */
  limits?: SandboxLimits;
  /** Wall time allowed to the agent; past it the attempt is `limit`. @default 3600000 (1 hour) */
  agentTimeoutMs?: number;
}

/** The cache used when the run does not name one. Sandbox users must be able to traverse it. */
export function defaultIcCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SWELANCER_CACHE_DIR ?? '/tmp/swelancer-cache';
}

const openedProviders = new Map<string, Promise<SandboxProvider>>();

/** The runner's entry point for `ic_swe` tasks. */
export async function executeIcAttempt(input: IcAttemptInput): Promise<AttemptExecution> {
  const name = input.options.sandbox ?? 'local';
  let sandboxes = input.options.sandboxes;
  if (!sandboxes) {
    let opened = openedProviders.get(name);
    if (!opened) {
      opened = openSandboxProvider(name, { logger: input.logger });
      openedProviders.set(name, opened);
      opened.catch(() => openedProviders.delete(name));
    }
    sandboxes = await opened;
  }
  return runIcAttempt(input, {
    sandboxes,
    cacheDir: input.options.cacheDir ?? defaultIcCacheDir(),
  });
}

export async function runIcAttempt(
  input: IcAttemptInput,
  env: IcEnvironment,
): Promise<AttemptExecution> {
  const { task, logger } = input;
  const started = performance.now();
  let ic: ReturnType<typeof runnable>;
  try {
    ic = runnable(task);
  } catch (error) {
    throw new InfraError((error as Error).message, { cause: error });
  }
  await mkdir(env.cacheDir, { recursive: true, mode: 0o755 });
  // Sandboxes run as their own uids and bind cached dependencies from here: they must be
  // able to traverse it (a mkdtemp folder is 0700).
  await chmod(env.cacheDir, 0o755);
  const deps = await ensureDependencies(ic.codebase, {
    cacheDir: env.cacheDir,
    logger,
    signal: input.signal,
  });
  const prepared = await prepareBrokenState(task, env.cacheDir);
  const clean: IcMaterial = { task, ic, prepared, nodeModules: deps.nodeModules };
  const expectedTests = await listHiddenTests(ic, env.cacheDir);
  const { appCompileCache } = await probeBrokenState(clean, { ...env, logger });
  const material: IcMaterial = { ...clean, appCompileCache };
  const transformCache = await prepareTransformCache(ic, { ...env, logger });
  const setupMs = Math.round(performance.now() - started);

  // The grading sandbox holds only the clean broken state (the agent's diff and the hidden
  // tests come later), so it is made while the agent works, off the path to the verdict.
  const grading = madeInAdvance(
    env.sandboxes.create(gradingWorkspaceSpec(material, transformCache, env.limits)),
    logger,
  );
  try {
    return await agentThenGrade(
      { input, env, material, expectedTests, transformCache, setupMs },
      grading,
    );
  } finally {
    await grading.release();
  }
}

interface AttemptSetup {
  input: IcAttemptInput;
  env: IcEnvironment;
  material: IcMaterial;
  expectedTests: string[];
  transformCache: string;
  setupMs: number;
}

async function agentThenGrade(
  setup: AttemptSetup,
  grading: SandboxInAdvance,
): Promise<AttemptExecution> {
  const { input, env, material, expectedTests, transformCache, setupMs } = setup;
  const { task, agent, logger } = input;
  const { ic } = material;
  const { outcome, diff, agentMs } = agent.fixedDiff
    ? await fixedWork(await agent.fixedDiff(task), material)
    : await workInSandbox(setup);

  const money = {
    costUsd: outcome.costUsd === undefined ? 0 : outcome.costUsd,
    usage: outcome.usage ?? ZERO_USAGE,
    ...(outcome.model === undefined ? {} : { model: outcome.model }),
  };
  const durations: Record<string, JsonValue> = { setupMs, agentMs };
  if (!diff.ok) {
    return {
      ...money,
      status: outcome.status === 'completed' ? 'failed' : outcome.status,
      explanation: `the agent's changes could not be collected: ${diff.reason}`,
      partialCredit: 0,
      details: { durations, diff: { tooLarge: diff.tooLarge, reason: diff.reason } },
    };
  }
  const filtered = filterDiff(diff.patch, { lockfiles: ic.codebase.lockfiles });
  await input.artifacts.write('agent.diff', filtered.patch);
  const diffDetails: Record<string, JsonValue> = {
    bytes: filtered.patch.length,
    files: filtered.kept.map((f) => f.path),
    dropped: filtered.dropped.map((d) => ({ path: d.path, reason: d.reason })),
  };
  if (outcome.status !== 'completed') {
    const what = outcome.status === 'limit' ? 'hit a limit' : 'failed';
    return {
      ...money,
      status: outcome.status,
      explanation: `the agent ${what}${outcome.reason ? `: ${outcome.reason}` : ''}`,
      partialCredit: 0,
      details: { durations, diff: diffDetails },
    };
  }

  // --- grading ------------------------------------------------------------------------
  const gradePatch = (patch: Uint8Array, artifacts: ArtifactSink, sandbox?: Promise<Sandbox>) =>
    gradeIcAttempt({
      sandbox,
      material,
      patch,
      expectedTests,
      transformCache,
      sandboxes: env.sandboxes,
      artifacts,
      logger,
      limits: env.limits,
      stopAtFirstFailure: agent.stopAtFirstFailure === true,
    });
  const grade = await gradePatch(filtered.patch, input.artifacts, grading.take());
  if (grade.runnerBroken) {
    // Whose fault? Grade the clean broken state the same way: if the runner breaks there too,
    // the harness or the machine is at fault (infra_error, retried); otherwise the agent's
    // changes broke the test run, which is a plain failure. Never the other way round, or an
    // agent could turn a failure into an unscored infra error.
    const control =
      filtered.patch.length === 0
        ? grade
        : await gradePatch(new Uint8Array(0), prefixedSink(input.artifacts, 'control-'));
    if (control.runnerBroken) {
      throw new InfraError(
        `the hidden-test runner failed on the clean broken state too: ${control.explanation}`,
      );
    }
  }
  const dropped = filtered.dropped.length
    ? ` (${filtered.dropped.length} change(s) outside the gradable work were dropped: ${filtered.dropped
        .slice(0, 3)
        .map((d) => d.path)
        .join(', ')})`
    : '';
  return {
    ...money,
    status: grade.passed ? 'passed' : 'failed',
    explanation: `${grade.explanation}${dropped}`,
    partialCredit: grade.testsTotal > 0 ? grade.testsPassed / grade.testsTotal : 0,
    details: {
      tests: { passed: grade.testsPassed, total: grade.testsTotal, results: grade.tests },
      durations: {
        ...durations,
        gradeMs: grade.gradeMs,
        testRuntimeMs: grade.testRuntimeMs ?? null,
        gradeStepsMs: grade.stepsMs,
      },
      diff: diffDetails,
    },
  };
}

interface AgentWork {
  outcome: AgentOutcome;
  /** The agent's changes against the baseline, before filtering. */
  diff: ExtractedDiff;
  agentMs: number;
}

/** The agent works in its own sandbox; its diff is read out of it afterwards. */
async function workInSandbox(setup: AttemptSetup): Promise<AgentWork> {
  const { input, env, material } = setup;
  const { task, agent, logger } = input;
  const agentStarted = performance.now();
  const access = input.options.agentSandbox;
  const agentSandbox = await env.sandboxes.create(
    agentWorkspaceSpec(icWorkspaceSpec(material, 'agent', { limits: env.limits }), access),
  );
  try {
    const userTool = createUserTool({
      material,
      agentSandbox,
      sandboxes: env.sandboxes,
      artifacts: input.artifacts,
      logger,
      limits: env.limits,
    });
    const prompt = buildIcPrompt(task, {
      workdir: agentSandbox.workdir,
      userTool: userTool ? 'call the `user_tool` tool.' : undefined,
    });
    await input.artifacts.write('prompt.md', prompt);
    const outcome = await runAgentWithin(env.agentTimeoutMs ?? 3_600_000, input.signal, (signal) =>
      agent.run({
        kind: 'ic_swe',
        task,
        sandbox: agentView(agentSandbox, access),
        prompt,
        userTool,
        attemptKey: input.plan.key,
        attemptIndex: input.plan.attemptIndex,
        seed: input.seed,
        signal,
        logger,
        artifacts: input.artifacts,
      }),
    );
    const agentMs = Math.round(performance.now() - agentStarted);
    return { outcome, diff: await extractDiff(agentSandbox, material.prepared), agentMs };
  } finally {
    await agentSandbox.dispose().catch((error: unknown) => logger.warn(String(error)));
  }
}

/** Work fixed in advance (`Agent.fixedDiff`): applied to the broken state with git, no sandbox. */
async function fixedWork(fixed: FixedDiff, material: IcMaterial): Promise<AgentWork> {
  const started = performance.now();
  const nothing: ExtractedDiff = { ok: true, patch: new Uint8Array() };
  const done = (outcome: AgentOutcome, diff = nothing): AgentWork => ({
    outcome,
    diff,
    agentMs: Math.round(performance.now() - started),
  });
  if (!fixed.ok) return done({ status: 'agent_error', reason: fixed.reason });
  const diff = await diffOfPatch(material.prepared, fixed.patch, { reverse: fixed.reverse });
  if (!diff.ok) {
    return done({ status: 'agent_error', reason: `${fixed.name} did not apply: ${diff.reason}` });
  }
  return done({ status: 'completed' }, diff);
}

/**
 * Runs the agent with a wall-time limit. The agent gets an abort signal at the limit; if it
 * has not returned shortly after, the attempt stops waiting and reports `limit` (disposing
 * the sandbox then kills whatever it left running).
 */
async function runAgentWithin(
  timeoutMs: number,
  outer: AbortSignal,
  run: (signal: AbortSignal) => Promise<AgentOutcome>,
): Promise<AgentOutcome> {
  const timer = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([outer, timer]);
  let stop: NodeJS.Timeout | undefined;
  const late = new Promise<AgentOutcome>((resolve) => {
    const onAbort = () => {
      stop = setTimeout(
        () =>
          resolve({ status: 'limit', reason: `the agent ran past its ${timeoutMs} ms time limit` }),
        10_000,
      );
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const outcome = await Promise.race([
      run(signal).catch((error: unknown): AgentOutcome => {
        if (error instanceof InfraError) throw error;
        const message = error instanceof Error ? error.message : String(error);
        return { status: 'agent_error', reason: `the agent crashed: ${message}` };
      }),
      late,
    ]);
    if (outer.aborted) throw new InfraError('the run was interrupted');
    if (timer.aborted && outcome.status === 'completed') {
      return {
        ...outcome,
        status: 'limit',
        reason: `the agent ran past its ${timeoutMs} ms time limit`,
      };
    }
    return outcome;
  } finally {
    clearTimeout(stop);
  }
}

/** A sandbox being made ahead of its use: handed over once, or disposed if never used. */
interface SandboxInAdvance {
  /** The sandbox, for its user to await and dispose; undefined after the first call. */
  take(): Promise<Sandbox> | undefined;
  /** Disposes the sandbox unless it was taken. */
  release(): Promise<void>;
}

function madeInAdvance(making: Promise<Sandbox>, logger: Logger): SandboxInAdvance {
  let pending: Promise<Sandbox> | undefined = making;
  making.catch(() => {}); // seen by whoever takes it; a release ignores it
  return {
    take() {
      const taken = pending;
      pending = undefined;
      return taken;
    },
    async release() {
      const left = pending;
      pending = undefined;
      await left
        ?.then((sandbox) => sandbox.dispose())
        .catch((error: unknown) => logger.warn(`unused grading sandbox: ${String(error)}`));
    },
  };
}

/** Writes a second grading's artifacts beside the first without overwriting them. */
function prefixedSink(artifacts: ArtifactSink, prefix: string): ArtifactSink {
  return { write: (name, data) => artifacts.write(`${prefix}${name}`, data) };
}
