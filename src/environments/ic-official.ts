/**
 * The official-image IC environment (docs/official-images.md): a task of an official
 * SWE-Lancer CSV, run in its image through the Docker Engine API. Prepared: the agent's
 * container, ready, its hidden tests copied out and deleted, a fresh baseline commit, the
 * network cut; the grading container, made while the agent works. Collected: the agent's
 * binary diff. Graded: in a fresh container of the same image, by the image's own test
 * playbook, with a control grading of the clean broken state when the tests cannot run.
 */
import { datasetIcMessages } from '../agent/prompt-dataset.ts';
import { buildIcPrompt } from '../agent/prompt-ic.ts';
import type { AgentOutcome, FixedDiff } from '../agent/types.ts';
import { InfraError, InputError } from '../errors.ts';
import { diffSummary, filterDiff } from '../ic/diff-filter.ts';
import {
  commitFreshBaseline,
  type PinnedImage,
  startOfficialContainer,
  throughInteractiveShell,
} from '../official/container.ts';
import { copyTestsOut, removeTests, type TestsCopy } from '../official/hidden-tests.ts';
import { type PlaybookOutcome, runTestPlaybook } from '../official/playbook.ts';
import {
  DEFAULT_OFFICIAL_SETTINGS,
  IMAGE_PATHS,
  type OfficialSettings,
} from '../official/settings.ts';
import { createOfficialUserTool } from '../official/user-tool.ts';
import { applyWork, baselineCommit, readDiff } from '../official/work.ts';
import type { ImageSandbox, SandboxProvider } from '../sandbox/types.ts';
import type { IcInOfficialImage, IcTask } from '../task/types.ts';
import { AGENT_BIN_DIR, agentView } from './agent-sandbox.ts';
import type {
  AttemptInput,
  Collected,
  JsonObject,
  PreparedAttempt,
  TaskEnvironment,
  Verdict,
} from './types.ts';

/** The work graded: a patch for the app folder (a fixed one may be applied in reverse). */
export interface OfficialWork {
  patch: Uint8Array;
  reverse: boolean;
}

type OfficialTask = IcTask & { ic: IcInOfficialImage };

export const icOfficialEnvironment: TaskEnvironment<IcTask, OfficialWork> = {
  scoresPartialCredit: false,
  saveWork: (work) => ({
    patch: Buffer.from(work.patch).toString('base64'),
    reverse: work.reverse,
  }),
  loadWork(saved) {
    const { patch, reverse } = saved as { patch: string; reverse: boolean };
    return { patch: new Uint8Array(Buffer.from(patch, 'base64')), reverse };
  },
  async prepare(input, preparedFor) {
    const task = officialTask(input.task);
    const sandboxes = await input.context.sandboxes();
    const settings = input.context.official ?? DEFAULT_OFFICIAL_SETTINGS;
    const image = task.ic.image;
    const start = (purpose: string, keepNetwork = false) =>
      startOfficialContainer({
        keepNetwork,
        sandboxes,
        image,
        questionId: task.ic.questionId,
        variant: 'ic_swe',
        purpose,
        settings,
        signal: input.signal,
      });
    const official: Official = { input, task, image, settings, sandboxes, start };
    // The grading container needs nothing from the agent until its diff: made meanwhile.
    const grading = start('grading');
    grading.catch(() => {});
    try {
      const agentSide =
        preparedFor === 'grading'
          ? NO_AGENT_SIDE
          : input.agent.fixedDiff
            ? await fixedWork(official, await grading)
            : await workInContainer(official);
      return officialAttempt(official, agentSide, grading);
    } catch (error) {
      await grading.then((box) => box.dispose()).catch(() => {});
      throw error;
    }
  },
};

/** What every step of one attempt needs. */
interface Official {
  input: AttemptInput<IcTask>;
  task: OfficialTask & { ic: { image: PinnedImage } };
  image: PinnedImage;
  settings: OfficialSettings;
  sandboxes: SandboxProvider;
  start(purpose: string, keepNetwork?: boolean): Promise<ImageSandbox>;
}

function officialTask(task: IcTask): Official['task'] {
  if (task.ic.runnable !== 'official-image' || !task.ic.image) {
    throw new InputError(
      'TASK_INVALID',
      `task ${task.id} has no official image pinned: run it with --sandbox container`,
    );
  }
  return task as Official['task'];
}

/** The agent side of an attempt: how its work is done, then read out. */
interface AgentSide {
  work(signal: AbortSignal): Promise<AgentOutcome>;
  collect(): Promise<{ ok: true; work: OfficialWork } | { ok: false; reason: string }>;
  /** Where the task's tests were copied out to, once they were. */
  tests(): TestsCopy | undefined;
  dispose(): Promise<void>;
}

const NO_AGENT_SIDE: AgentSide = {
  work: () => Promise.reject(new Error('the agent phase is over: its work was saved')),
  collect: () => Promise.reject(new Error('the agent phase is over: its work was saved')),
  tests: () => undefined,
  dispose: async () => {},
};

/** The agent works as root in its own container of the image, without the tests. */
async function workInContainer(official: Official): Promise<AgentSide> {
  const { input, task, image, settings, sandboxes } = official;
  const { agent, logger, context } = input;
  const access = context.agentSandbox;
  const sandbox = await official.start('agent', access?.network === 'host');
  let disposed: Promise<void> | undefined;
  const dispose = () => {
    disposed ??= sandbox.dispose().catch((error: unknown) => logger.warn(String(error)));
    return disposed;
  };
  try {
    const tests = await copyTestsOut(sandbox, image, task.ic.questionId, context.cacheDir);
    await removeTests(sandbox);
    if (access?.binDir) await sandbox.copyIn(access.binDir, AGENT_BIN_DIR);
    await commitFreshBaseline(sandbox);
    const baseline = await baselineCommit(sandbox);
    const userTool = createOfficialUserTool({
      sandboxes,
      image,
      questionId: task.ic.questionId,
      settings,
      agentSandbox: sandbox,
      baseline,
      artifacts: input.artifacts,
      logger,
    });
    const messages = context.prompt === 'dataset' ? datasetIcMessages(task) : undefined;
    const prompt =
      messages?.join('\n\n') ??
      buildIcPrompt(task, { workdir: IMAGE_PATHS.app, userTool: 'call the `user_tool` tool.' });
    await input.artifacts.write('prompt.md', prompt);
    return {
      work: (signal) =>
        agent.run({
          kind: 'ic_swe',
          task,
          sandbox: agentView(throughInteractiveShell(sandbox), access),
          prompt,
          ...(messages ? { promptMessages: messages } : {}),
          userTool,
          attemptKey: input.plan.key,
          attemptIndex: input.plan.attemptIndex,
          seed: input.seed,
          signal,
          logger,
          artifacts: input.artifacts,
          onProgress: (progress) => input.onStage?.('agent', progress),
        }),
      async collect() {
        try {
          const diff = await readDiff(sandbox, baseline);
          return diff.ok ? { ok: true, work: { patch: diff.patch, reverse: false } } : diff;
        } finally {
          // Every process the agent left is killed before grading starts.
          await dispose();
        }
      },
      tests: () => tests,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/**
 * Work fixed in advance (`Agent.fixedDiff`): no agent container. The reference fix is the
 * task's `bug_reintroduce.patch` undone, read from the tests the grading container holds.
 */
async function fixedWork(official: Official, grading: ImageSandbox): Promise<AgentSide> {
  const { input, task, image } = official;
  const tests = await copyTestsOut(grading, image, task.ic.questionId, input.context.cacheDir);
  let work: OfficialWork = { patch: new Uint8Array(), reverse: false };
  let fixed: FixedDiff | undefined;
  return {
    async work() {
      fixed = await input.agent.fixedDiff?.(task, {
        patch: `${tests.dir}/bug_reintroduce.patch`,
        reverse: true,
      });
      if (!fixed?.ok) return { status: 'agent_error', reason: fixed?.reason ?? 'no fixed diff' };
      work = { patch: fixed.patch, reverse: fixed.reverse === true };
      return { status: 'completed' };
    },
    collect: async () => ({ ok: true, work }),
    tests: () => tests,
    dispose: async () => {},
  };
}

function officialAttempt(
  official: Official,
  agentSide: AgentSide,
  grading: Promise<ImageSandbox>,
): PreparedAttempt<OfficialWork> {
  const { input } = official;
  let gradingTaken = false;
  return {
    work: (signal) => agentSide.work(signal),
    async collect(): Promise<Collected<OfficialWork>> {
      const read = await agentSide.collect();
      if (!read.ok) {
        return {
          ok: false,
          reason: `the agent's changes could not be collected: ${read.reason}`,
          details: {},
        };
      }
      const filtered = filterDiff(read.work.patch, { lockfiles: [] });
      await input.artifacts.write('agent.diff', filtered.patch);
      return {
        ok: true,
        work: { patch: filtered.patch, reverse: read.work.reverse },
        details: { diff: diffSummary(filtered) },
      };
    },
    async grade(work) {
      gradingTaken = true;
      const box = await grading;
      const tests =
        agentSide.tests() ??
        (await copyTestsOut(
          box,
          official.image,
          official.task.ic.questionId,
          input.context.cacheDir,
        ));
      return gradeWithControl(official, box, work, tests);
    },
    async dispose() {
      await agentSide.dispose();
      if (!gradingTaken) await grading.then((box) => box.dispose()).catch(() => {});
    },
  };
}

/**
 * Grades the work; when the tests cannot run on it (no exit code, or pytest's 2 or more),
 * grades the clean broken state the same way. If the tests run there, the agent's work broke
 * them: a plain failure. If not, the task or the machine is broken: an `InfraError`, retried
 * and never scored (the official harness scores the missing exit code as the agent's 0).
 */
async function gradeWithControl(
  official: Official,
  box: ImageSandbox,
  work: OfficialWork,
  tests: TestsCopy,
): Promise<Verdict> {
  const started = performance.now();
  const graded = await gradeIn(official, box, work, 'grading/');
  const details: JsonObject = {
    image: { name: official.image.name, id: official.image.id },
    testsSha256: tests.hash,
    runs: runsOf(graded),
  };
  const durations = { gradeMs: Math.round(performance.now() - started) };
  if (graded.verdict === 'unapplied') {
    return {
      passed: false,
      explanation: `the work did not apply to the broken state: ${graded.reason}`,
      details,
      durations,
    };
  }
  if (graded.verdict !== 'broken') {
    return {
      passed: graded.verdict === 'passed',
      explanation: explain(graded),
      details,
      durations,
    };
  }
  if (work.patch.length === 0) {
    throw new InfraError(`the tests cannot run on the clean broken state: ${graded.reason}`);
  }
  const control = await gradeIn(official, await official.start('control'), EMPTY_WORK, 'control/');
  details.control = runsOf(control);
  if (control.verdict === 'broken') {
    throw new InfraError(
      `the tests cannot run on the clean broken state either (${control.reason}): the task or its image is broken`,
    );
  }
  return {
    passed: false,
    explanation: `the agent's changes broke the test run (${graded.reason}); on the clean broken state the tests run`,
    details,
    durations: { gradeMs: Math.round(performance.now() - started) },
  };
}

const EMPTY_WORK: OfficialWork = { patch: new Uint8Array(), reverse: false };

type Graded = PlaybookOutcome | { verdict: 'unapplied'; reason: string; runs: [] };

/** One grading in `box` (disposed after): fresh baseline, the work applied, the playbook. */
async function gradeIn(
  official: Official,
  box: ImageSandbox,
  work: OfficialWork,
  prefix: string,
): Promise<Graded> {
  try {
    await commitFreshBaseline(box);
    const applied = await applyWork(box, work.patch, { reverse: work.reverse });
    if (!applied.ok) return { verdict: 'unapplied', reason: applied.reason, runs: [] };
    return await runTestPlaybook({
      sandbox: box,
      questionId: official.task.ic.questionId,
      testRuns: official.settings.testRuns,
      timeoutMs: official.settings.gradingTimeoutMs,
      artifacts: official.input.artifacts,
      prefix,
    });
  } finally {
    await box.dispose().catch((error: unknown) => official.input.logger.warn(String(error)));
  }
}

function runsOf(graded: Graded): JsonObject[] {
  return graded.runs.map((run) => ({ exitCode: run.exitCode, durationMs: run.durationMs }));
}

function explain(graded: PlaybookOutcome): string {
  const codes = graded.runs.map((run) => run.exitCode ?? 'none').join(', ');
  const runs = `${graded.runs.length} run${graded.runs.length === 1 ? '' : 's'}`;
  return graded.verdict === 'passed'
    ? `the hidden tests passed (pytest exit codes: ${codes}; ${runs})`
    : `the hidden tests failed on every run (pytest exit codes: ${codes})`;
}
