/**
 * Suite validation (DESIGN.md §8): gold must pass and noop must fail every IC task, N times
 * each; manager proposals' patches must pass or fail the hidden tests as the task says. The
 * checks are attempts of an ordinary run (one run directory, recorded and resumable: the
 * same command again runs only what is missing), judged afterwards from the store.
 */

import { resolve } from 'node:path';
import { InputError } from '../errors.ts';
import type { ResolvedImage } from '../official/images.ts';
import type { OfficialSettings } from '../official/settings.ts';
import type { SandboxProvider } from '../sandbox/types.ts';
import { openRunStore } from '../store/run-store.ts';
import type { RunManifest, TaskFilters } from '../store/types.ts';
import { type QuarantineEntry, updateQuarantine } from '../task/quarantine.ts';
import type { ManagerTask, Suite } from '../task/types.ts';
import { hashValue } from '../util/hash.ts';
import type { Logger } from '../util/logger.ts';
import { GRADING_VERSION } from './plan.ts';
import type { ProgressReporter } from './progress.ts';
import { checkRunDir, executeRun, type PreparedRun } from './run.ts';
import { describeFilters, selectTasks } from './select.ts';
import { planValidation, type ValidationChecks } from './validate/checks.ts';
import { checkHeuristics, type HeuristicCheck } from './validate/heuristic-check.ts';
import { evidenceOf, judgeTask, type TaskValidation, type Verdict } from './validate/verdict.ts';

export interface ValidateSuiteOptions {
  /** Attempts of every check. @default 3 */
  repeat?: number;
  filters: TaskFilters;
  /** Which checks run besides gold and proposal patches. @default { noop: true } */
  checks?: ValidationChecks;
  /** Attempts in flight at once. @default 1 */
  concurrency?: number;
  /** Sandbox provider name. @default 'local' */
  sandbox?: string;
  /** An opened provider to use instead of opening `sandbox`. */
  sandboxes?: SandboxProvider;
  /** Harness cache (dependencies, broken states). @default `$SWELANCER_CACHE_DIR`, else /tmp/swelancer-cache */
  cacheDir?: string;
  /** @default `<cwd>/runs/validate-<suite>-<short plan id>` */
  runDir?: string;
  /**
   * Earlier validation runs (directories) whose results are copied for every check whose
   * attempt key is unchanged, so only edited or new checks run (see `reuseResults`).
   * @default none
   */
  reuseFrom?: readonly string[];
  cwd: string;
  /** Retries after an infrastructure error. @default 2 */
  maxInfraRetries?: number;
  /** The official images pinned for the suite's official IC tasks, for the manifest. */
  images?: readonly ResolvedImage[];
  /** How official images are driven. @default DEFAULT_OFFICIAL_SETTINGS */
  official?: OfficialSettings;
  /** @default 1000 */
  infraRetryBaseMs?: number;
  /** The command line, recorded in the run's manifest. */
  command: string[];
  signal?: AbortSignal;
  logger: Logger;
  progress?: ProgressReporter;
}

export interface SuiteValidation {
  suite: { name: string; version: string; origin: string };
  repeat: number;
  /** Where the attempts are recorded; empty when no task needed executing. */
  runDir: string;
  tasks: TaskValidation[];
  totals: Record<Verdict, number> & {
    tasks: number;
    /** Σ price of valid tasks, and of all validated tasks. */
    validUsd: number;
    totalUsd: number;
  };
  /**
   * What the heuristic baselines win on the validated manager tasks against chance, and where
   * the correct proposal sits; null when no manager task was validated.
   */
  heuristics: HeuristicCheck | null;
  /** Wall time of this session (a resumed validation counts only what it ran). */
  wallMs: number;
  /** Stopped before every attempt had a result (Ctrl-C). */
  interrupted: boolean;
}

/** Plans the checks, runs what has no result yet, and judges every selected task. */
export async function validateSuite(
  suite: Suite,
  options: ValidateSuiteOptions,
): Promise<SuiteValidation> {
  const started = performance.now();
  const repeat = options.repeat ?? 3;
  const tasks = selectTasks(suite.tasks, options.filters, suite.origin);
  if (tasks.length === 0) {
    throw new InputError(
      'FLAG_INVALID',
      `no task of ${suite.origin} matches ${describeFilters(options.filters)} ` +
        `(the suite has ${suite.tasks.length} tasks)`,
    );
  }
  const plan = await planValidation(tasks, repeat, options.checks);
  const planId = hashValue({
    validation: 1,
    keys: plan.attempts.map((a) => a.plan.key),
    grading: GRADING_VERSION,
  });
  const runDir = resolve(
    options.cwd,
    options.runDir ?? `runs/validate-${suite.name}-${planId.slice(0, 10)}`,
  );
  const manifest: RunManifest = {
    command: options.command,
    suite: { name: suite.name, version: suite.version, origin: suite.origin },
    agents: plan.agents.map((agent, i) => ({
      name: plan.agentNames[i] ?? agent.label,
      label: agent.label,
      config: agent.config,
    })),
    plan: {
      source: suite.origin,
      agents: plan.agentNames,
      attempts: repeat,
      filters: options.filters,
      shuffleProposals: false,
      seed: 0,
    },
    skipped: plan.skipped,
    planId,
    gradingVersion: GRADING_VERSION,
    createdAt: new Date().toISOString(),
    ...(options.images?.length ? { images: [...options.images] } : {}),
  };

  let interrupted = false;
  if (plan.attempts.length > 0) {
    const prepared: PreparedRun = {
      runDir,
      // A task edited since (or a new one) changes the plan: validation starts a new run,
      // which can take over the unchanged checks' results.
      resuming: checkRunDir(
        runDir,
        planId,
        `validate into another --run-dir with --reuse ${runDir} (unchanged checks keep their results)`,
      ),
      manifest,
      planning: { attempts: plan.attempts, skipped: plan.skipped },
      tasks: [...new Set(plan.attempts.map((a) => a.task))],
      reuseFrom: (options.reuseFrom ?? []).map((dir) => resolve(options.cwd, dir)),
    };
    const outcome = await executeRun(prepared, {
      concurrency: options.concurrency ?? 1,
      maxInfraRetries: options.maxInfraRetries ?? 2,
      ...(options.official ? { official: options.official } : {}),
      infraRetryBaseMs: options.infraRetryBaseMs ?? 1000,
      ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }),
      ...(options.sandboxes === undefined ? {} : { sandboxes: options.sandboxes }),
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.progress === undefined ? {} : { progress: options.progress }),
      logger: options.logger,
    });
    interrupted = outcome.interrupted;
  }

  const planned = new Set(plan.attempts.map((a) => a.plan.key));
  const results =
    plan.attempts.length > 0 ? readResults(runDir).filter((r) => planned.has(r.key)) : [];
  const managerTasks = tasks.filter((task): task is ManagerTask => task.kind === 'swe_manager');
  const validations = tasks.map((task) =>
    judgeTask(
      task,
      plan.checks.filter((check) => check.taskId === task.id),
      results,
      repeat,
      plan.notes.get(task.id),
    ),
  );
  return {
    suite: { name: suite.name, version: suite.version, origin: suite.origin },
    repeat,
    runDir: plan.attempts.length > 0 ? runDir : '',
    tasks: validations,
    totals: totalsOf(validations),
    heuristics: managerTasks.length > 0 ? checkHeuristics(managerTasks) : null,
    wallMs: Math.round(performance.now() - started),
    interrupted,
  };
}

function readResults(runDir: string) {
  const reader = openRunStore(runDir, { readonly: true });
  try {
    return reader.results();
  } finally {
    reader.close();
  }
}

function totalsOf(tasks: readonly TaskValidation[]): SuiteValidation['totals'] {
  const totals = {
    valid: 0,
    invalid: 0,
    flaky: 0,
    error: 0,
    incomplete: 0,
    skipped: 0,
    tasks: tasks.length,
    validUsd: 0,
    totalUsd: 0,
  };
  for (const task of tasks) {
    totals[task.verdict] += 1;
    totals.totalUsd += task.price;
    if (task.verdict === 'valid') totals.validUsd += task.price;
  }
  return totals;
}

/**
 * True when every validated task is valid (skipped tasks aside) and no heuristic baseline
 * wins more than chance allows.
 */
export function allValid(validation: SuiteValidation): boolean {
  return (
    validation.tasks.every((t) => t.verdict === 'valid' || t.verdict === 'skipped') &&
    validation.heuristics?.biased !== true
  );
}

/**
 * Writes the quarantine of a native suite: flaky tasks enter with their evidence, tasks found
 * valid leave; every other entry (tasks not validated now, or invalid) stays as it was.
 */
export async function writeQuarantine(
  suiteDir: string,
  validation: SuiteValidation,
): Promise<{ file: string; entries: QuarantineEntry[] }> {
  const since = new Date().toISOString();
  const flaky = validation.tasks
    .filter((task) => task.verdict === 'flaky')
    .map(
      (task): QuarantineEntry => ({
        id: task.id,
        reason: `flaky: ${task.problems.join('; ')}`,
        since,
        contentHash: task.contentHash,
        evidence: Object.fromEntries(
          [task.gold, task.noop, ...task.proposals]
            .filter((o) => o !== undefined)
            .map((o) => [o.role, evidenceOf(o)]),
        ),
        runDir: validation.runDir,
      }),
    );
  const released = validation.tasks.filter((t) => t.verdict === 'valid').map((t) => t.id);
  return updateQuarantine(suiteDir, { flaky, released });
}
