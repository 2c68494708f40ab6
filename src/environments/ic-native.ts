/**
 * The native codebase IC environment (DESIGN.md §1, §4): a task whose codebase is a folder of
 * its suite. Prepared: the clean broken state with its dependencies and caches, the grading
 * sandbox (made while the agent works), the agent's sandbox and prompt. Collected: the
 * agent's diff, filtered. Graded: in a fresh sandbox with the hidden tests.
 */
import { chmod, mkdir } from 'node:fs/promises';
import { referenceFix } from '../agent/gold.ts';
import { buildIcPrompt } from '../agent/prompt-ic.ts';
import type { Agent, AgentOutcome } from '../agent/types.ts';
import { gradeWithControl } from '../grader/ic/control.ts';
import { gradingWorkspaceSpec } from '../grader/ic/grade.ts';
import { listHiddenTests } from '../grader/ic/hidden-tests.ts';
import { type IcMaterial, icWorkspaceSpec } from '../ic/app-runtime.ts';
import { ensureDependencies } from '../ic/deps-cache.ts';
import { type ExtractedDiff, extractDiff } from '../ic/diff-extract.ts';
import {
  type DiffFile,
  type DroppedChange,
  diffSummary,
  type FilteredDiff,
  filterDiff,
} from '../ic/diff-filter.ts';
import { diffOfPatch } from '../ic/fixed-diff.ts';
import { brokenStateOf, prepareBrokenState, runnable } from '../ic/prepare.ts';
import { probeBrokenState } from '../ic/probe.ts';
import { prepareTransformCache } from '../ic/transform-cache.ts';
import { createUserTool } from '../ic/user-tool.ts';
import type { Sandbox, SandboxProvider } from '../sandbox/types.ts';
import type { IcTask } from '../task/types.ts';
import { agentView, agentWorkspaceSpec } from './agent-sandbox.ts';
import { madeInAdvance, type SandboxInAdvance } from './sandbox-in-advance.ts';
import type { AttemptInput, PreparedAttempt, TaskEnvironment } from './types.ts';

/** Everything an IC attempt's sandboxes are made from, prepared once per task and cached. */
interface IcPrepared {
  material: IcMaterial;
  /** The ids the grading report must contain. */
  expectedTests: string[];
  /** Host folder of the prebuilt Playwright transform cache. */
  transformCache: string;
}

export const icNativeEnvironment: TaskEnvironment<IcTask, FilteredDiff> = {
  scoresPartialCredit: true,
  // The filtered diff is text (`git diff --binary` writes binary changes as base85).
  saveWork: (filtered) => ({
    patch: Buffer.from(filtered.patch).toString('utf8'),
    kept: filtered.kept.map((file) => ({ ...file, mode: file.mode ?? null })),
    dropped: filtered.dropped.map((change) => ({ ...change })),
  }),
  loadWork(saved) {
    const { patch, kept, dropped } = saved as unknown as SavedDiff;
    return {
      patch: new Uint8Array(Buffer.from(patch, 'utf8')),
      kept: kept.map((file) => ({ ...file, mode: file.mode ?? undefined })),
      dropped,
    };
  },
  async prepare(input, preparedFor) {
    const sandboxes = await input.context.sandboxes();
    const prepared = await prepareIc(input, sandboxes);
    // The grading sandbox holds only the clean broken state (the agent's diff and the hidden
    // tests come later), so it is made while the agent works, off the path to the verdict.
    const grading = madeInAdvance(
      sandboxes.create(
        gradingWorkspaceSpec(prepared.material, prepared.transformCache, input.context.limits),
      ),
      input.logger,
    );
    try {
      const agentSide =
        preparedFor === 'grading'
          ? NO_AGENT_SIDE
          : input.agent.fixedDiff
            ? fixedWork(input.agent, prepared.material)
            : await workInSandbox(input, sandboxes, prepared.material);
      return icAttempt(input, sandboxes, prepared, agentSide, grading);
    } catch (error) {
      await grading.release();
      throw error;
    }
  },
};

async function prepareIc(
  input: AttemptInput<IcTask>,
  sandboxes: SandboxProvider,
): Promise<IcPrepared> {
  const { task, logger, context } = input;
  const ic = runnable(task);
  const { cacheDir } = context;
  await mkdir(cacheDir, { recursive: true, mode: 0o755 });
  // Sandboxes run as their own uids and bind cached dependencies from here: they must be
  // able to traverse it (a mkdtemp folder is 0700).
  await chmod(cacheDir, 0o755);
  const deps = await ensureDependencies(ic.codebase, { cacheDir, logger, signal: input.signal });
  const prepared = await prepareBrokenState(brokenStateOf(task), cacheDir);
  const clean: IcMaterial = { task, ic, prepared, nodeModules: deps.nodeModules };
  const expectedTests = await listHiddenTests(ic, cacheDir);
  const pipeline = { sandboxes, cacheDir, logger, limits: context.limits };
  const { appCompileCache } = await probeBrokenState(clean, pipeline);
  const transformCache = await prepareTransformCache(ic, pipeline);
  return { material: { ...clean, appCompileCache }, expectedTests, transformCache };
}

/** A filtered diff as saved in the attempt's journal. */
interface SavedDiff {
  patch: string;
  kept: (Omit<DiffFile, 'mode'> & { mode: string | null })[];
  dropped: DroppedChange[];
}

/** The agent side of an attempt: how its work is done, then read out. */
interface AgentSide {
  work(signal: AbortSignal): Promise<AgentOutcome>;
  /** The agent's changes against the baseline, before filtering. */
  diff(): Promise<ExtractedDiff>;
  dispose(): Promise<void>;
}

/** Prepared for grading saved work: the agent does not run again. */
const NO_AGENT_SIDE: AgentSide = {
  work: () => Promise.reject(new Error('the agent phase is over: its work was saved')),
  diff: () => Promise.reject(new Error('the agent phase is over: its work was saved')),
  dispose: async () => {},
};

/** The agent works in its own sandbox; its diff is read out of it afterwards. */
async function workInSandbox(
  input: AttemptInput<IcTask>,
  sandboxes: SandboxProvider,
  material: IcMaterial,
): Promise<AgentSide> {
  const { task, agent, logger, context } = input;
  const access = context.agentSandbox;
  const sandbox: Sandbox = await sandboxes.create(
    agentWorkspaceSpec(icWorkspaceSpec(material, 'agent', { limits: context.limits }), access),
  );
  let disposed: Promise<void> | undefined;
  const dispose = () => {
    disposed ??= sandbox.dispose().catch((error: unknown) => logger.warn(String(error)));
    return disposed;
  };
  try {
    const userTool = createUserTool({
      material,
      agentSandbox: sandbox,
      sandboxes,
      artifacts: input.artifacts,
      logger,
      limits: context.limits,
    });
    const prompt = buildIcPrompt(task, {
      workdir: sandbox.workdir,
      userTool: userTool ? 'call the `user_tool` tool.' : undefined,
    });
    await input.artifacts.write('prompt.md', prompt);
    return {
      work: (signal) =>
        agent.run({
          kind: 'ic_swe',
          task,
          sandbox: agentView(sandbox, access),
          prompt,
          userTool,
          attemptKey: input.plan.key,
          attemptIndex: input.plan.attemptIndex,
          seed: input.seed,
          signal,
          logger,
          artifacts: input.artifacts,
          onProgress: (progress) => input.onStage?.('agent', progress),
        }),
      async diff() {
        try {
          return await extractDiff(sandbox, material.prepared);
        } finally {
          // Every process the agent left is killed before grading starts.
          await dispose();
        }
      },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Work fixed in advance (`Agent.fixedDiff`): applied to the broken state with git, no sandbox. */
function fixedWork(agent: Agent, material: IcMaterial): AgentSide {
  let diff: ExtractedDiff = { ok: true, patch: new Uint8Array() };
  return {
    async work() {
      const fixed = await agent.fixedDiff?.(material.task, referenceFix(material.ic));
      if (!fixed?.ok) return { status: 'agent_error', reason: fixed?.reason ?? 'no fixed diff' };
      const applied = await diffOfPatch(material.prepared, fixed.patch, { reverse: fixed.reverse });
      if (!applied.ok) {
        return { status: 'agent_error', reason: `${fixed.name} did not apply: ${applied.reason}` };
      }
      diff = applied;
      return { status: 'completed' };
    },
    diff: async () => diff,
    dispose: async () => {},
  };
}

function icAttempt(
  input: AttemptInput<IcTask>,
  sandboxes: SandboxProvider,
  prepared: IcPrepared,
  agentSide: AgentSide,
  grading: SandboxInAdvance,
): PreparedAttempt<FilteredDiff> {
  const { material } = prepared;
  return {
    work: (signal) => agentSide.work(signal),
    async collect() {
      const diff = await agentSide.diff();
      if (!diff.ok) {
        return {
          ok: false,
          reason: `the agent's changes could not be collected: ${diff.reason}`,
          details: { diff: { tooLarge: diff.tooLarge, reason: diff.reason } },
        };
      }
      const filtered = filterDiff(diff.patch, { lockfiles: material.ic.codebase.lockfiles });
      await input.artifacts.write('agent.diff', filtered.patch);
      return { ok: true, work: filtered, details: { diff: diffSummary(filtered) } };
    },
    async grade(filtered) {
      const grade = await gradeWithControl({
        sandbox: grading.take(),
        material,
        patch: filtered.patch,
        expectedTests: prepared.expectedTests,
        transformCache: prepared.transformCache,
        sandboxes,
        artifacts: input.artifacts,
        logger: input.logger,
        limits: input.context.limits,
        stopAtFirstFailure: input.agent.stopAtFirstFailure === true,
      });
      return {
        passed: grade.passed,
        explanation: `${grade.explanation}${droppedNote(filtered)}`,
        partialCredit: grade.testsTotal > 0 ? grade.testsPassed / grade.testsTotal : 0,
        details: {
          tests: { passed: grade.testsPassed, total: grade.testsTotal, results: grade.tests },
          // Gradings that only ran out of time on an overloaded machine, before this one.
          ...(grade.timedOutGradings.length > 0
            ? { timedOutGradings: grade.timedOutGradings }
            : {}),
        },
        durations: {
          gradeMs: grade.gradeMs,
          testRuntimeMs: grade.testRuntimeMs ?? null,
          gradeStepsMs: grade.stepsMs,
        },
      };
    },
    async dispose() {
      await Promise.all([agentSide.dispose(), grading.release()]);
    },
  };
}

function droppedNote(filtered: FilteredDiff): string {
  if (filtered.dropped.length === 0) return '';
  const some = filtered.dropped
    .slice(0, 3)
    .map((d) => d.path)
    .join(', ');
  return ` (${filtered.dropped.length} change(s) outside the gradable work were dropped: ${some})`;
}
