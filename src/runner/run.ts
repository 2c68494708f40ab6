/**
 * A run from plan to results: choose tasks, plan attempts, find or create the run
 * directory, execute what has no final result yet with bounded concurrency, summarize.
 * `prepareRun` validates everything without writing anything, so bad input never leaves a
 * run directory behind; `executeRun` does the work.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Agent } from '../agent/types.ts';
import type { AgentSandboxAccess } from '../environments/agent-sandbox.ts';
import { type ManagerCodebase, MONOLITH_CODEBASE } from '../environments/manager-codebase.ts';
import type { EnvironmentContext } from '../environments/types.ts';
import { wantsWorkspace } from '../environments/wants-workspace.ts';
import { InfraError, InputError } from '../errors.ts';
import type { ResolvedImage } from '../official/images.ts';
import { type OfficialSettings, officialImageName } from '../official/settings.ts';
import type { SandboxProvider } from '../sandbox/types.ts';
import { LOCK_FILE, LOCK_FILE_PREFIX } from '../store/lock.ts';
import {
  createRunStore,
  inspectRunStore,
  openRunStore,
  type RunStore,
} from '../store/run-store.ts';
import { DB_FILE } from '../store/schema.ts';
import type {
  AttemptResult,
  RunManifest,
  RunPlanInputs,
  TaskRecord,
  TaskText,
} from '../store/types.ts';
import type { Suite, Task } from '../task/types.ts';
import { hashValue } from '../util/hash.ts';
import type { Logger } from '../util/logger.ts';
import { type AttemptRunContext, runAttempt } from './attempt.ts';
import { inFlightNotes } from './in-flight-notes.ts';
import { officialSettingsOf } from './official-images.ts';
import {
  type AttemptPlanning,
  describeSkipped,
  GRADING_VERSION,
  type PlannedAttempt,
  planAttempts,
} from './plan.ts';
import type { ProgressReporter, RunProgress } from './progress.ts';
import { reuseResults } from './reuse-results.ts';
import { describeFilters, selectTasks } from './select.ts';
import { type AgentSummary, summarizeByAgent } from './summary.ts';
import { readSavedWork } from './work-journal.ts';

export interface PrepareRunInput {
  suite: Suite;
  plan: RunPlanInputs;
  /** The agents named in `plan.agents`, in the same order. */
  agents: readonly Agent[];
  /** The command line, recorded in the manifest. */
  command: string[];
  /** Where the run lives. @default `<cwd>/runs/<suite name>-<short plan id>` */
  runDir?: string;
  cwd: string;
  /** The official images pinned for its tasks (`withOfficialImages`), for the manifest. */
  images?: readonly ResolvedImage[];
}

export interface PreparedRun {
  runDir: string;
  /** True when the run directory already holds this run: only missing keys will run. */
  resuming: boolean;
  manifest: RunManifest;
  planning: AttemptPlanning;
  tasks: Task[];
  /** Earlier run directories whose results for planned keys are copied in first (`reuseResults`). */
  reuseFrom?: readonly string[];
}

export function prepareRun(input: PrepareRunInput): PreparedRun {
  const { suite, plan } = input;
  const tasks = selectTasks(suite.tasks, plan.filters, suite.origin);
  if (tasks.length === 0) {
    throw new InputError(
      'FLAG_INVALID',
      `no task of ${suite.origin} matches ${describeFilters(plan.filters)} ` +
        `(the suite has ${suite.tasks.length} tasks)`,
    );
  }
  const planning = planRun(tasks, input.agents, plan);
  if (planning.attempts.length === 0) {
    const why = planning.skipped.map(describeSkipped).join('; ');
    throw new InputError('FLAG_INVALID', `nothing to run: ${why}`);
  }
  if (plan.prompt === 'dataset') checkDatasetPrompts(plan, planning);
  const planId = hashValue({
    keys: planning.attempts.map((a) => a.plan.key),
    shuffleProposals: plan.shuffleProposals,
    seed: plan.seed,
    grading: GRADING_VERSION,
    // Reports read the categories: another mapping is another run directory.
    ...(plan.categories === undefined ? {} : { categories: plan.categories }),
  });
  const runDir = resolve(
    input.cwd,
    input.runDir ?? join('runs', `${slug(suite.name)}-${planId.slice(0, 10)}`),
  );
  const manifest: RunManifest = {
    command: input.command,
    suite: { name: suite.name, version: suite.version, origin: suite.origin },
    agents: input.agents.map((agent, i) => ({
      name: plan.agents[i] ?? agent.label,
      label: agent.label,
      config: agent.config,
    })),
    plan,
    skipped: planning.skipped,
    planId,
    gradingVersion: GRADING_VERSION,
    createdAt: new Date().toISOString(),
    ...(input.images?.length ? { images: [...input.images] } : {}),
  };
  return { runDir, resuming: checkRunDir(runDir, planId), manifest, planning, tasks };
}

/** The attempts of a plan over the selected tasks (also how a queue's workers find them). */
export function planRun(
  tasks: readonly Task[],
  agents: readonly Agent[],
  plan: RunPlanInputs,
): AttemptPlanning {
  return planAttempts(tasks, agents, plan.attempts, {
    agentNetwork: plan.agentNetwork ?? 'none',
    prompt: plan.prompt ?? 'swelancer',
    expensify: plan.codebases?.expensify !== undefined,
  });
}

/**
 * True when `runDir` holds this very plan; an error when it holds anything else, including
 * a store that cannot be read (which is never written over).
 */
export function checkRunDir(
  runDir: string,
  planId: string,
  /** What else the user can do, ending the message. @default continuing with `--resume` */
  otherwise = `continue that run with --resume ${runDir}`,
): boolean {
  if (existsSync(runDir) && !statSync(runDir).isDirectory()) {
    throw new InputError(
      'FLAG_INVALID',
      `${runDir}: expected a directory, found a file; choose another --run-dir`,
      { location: runDir },
    );
  }
  const store = inspectRunStore(runDir);
  if (store.kind === 'run') {
    const recorded = store.manifest;
    if (recorded.planId === planId) return true;
    throw new InputError(
      'RUN_MISMATCH',
      `${runDir} holds a different run (created by \`swelancer ${recorded.command.join(' ')}\`): ` +
        'its tasks, agents, attempts or options differ from this command. Choose another ' +
        `--run-dir, or ${otherwise}`,
      { location: runDir },
    );
  }
  // A run killed while its store was being created leaves only these: creation starts over.
  const leftovers = new Set([DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, LOCK_FILE]);
  const others = existsSync(runDir)
    ? readdirSync(runDir).filter((n) => !leftovers.has(n) && !n.startsWith(LOCK_FILE_PREFIX))
    : [];
  if (others.length > 0) {
    throw new InputError(
      'RUN_NOT_FOUND',
      store.kind === 'uninitialized'
        ? `${store.detail}, and ${runDir} holds more than a run being created ` +
            `(${others.slice(0, 3).join(', ')}): expected a run store with its manifest, or an ` +
            'empty directory; nothing was changed'
        : `${runDir} exists and is not a swelancer run: expected an empty or new directory`,
      { location: runDir },
    );
  }
  return false;
}

export interface ExecuteRunOptions {
  /** Attempts in flight at once. @default 1 */
  concurrency?: number;
  /** Retries after an infrastructure error. @default 2 */
  maxInfraRetries?: number;
  /**
   * Run again the attempts whose final result is `infra_error` (`--retry-infra`); their
   * earlier results are kept in the store's `supersededResults`. @default false
   */
  retryInfra?: boolean;
  /** First retry delay, doubling each retry. @default 1000 */
  infraRetryBaseMs?: number;
  /** Extra wait before each attempt (crash-safety tests). @default 0 */
  attemptDelayMs?: number;
  /** Sandbox provider for IC attempts and manager workspaces. @default 'local' */
  sandbox?: string;
  /** An opened provider to use instead of opening `sandbox` on first need. */
  sandboxes?: SandboxProvider;
  /** Harness cache (dependencies, broken states). @default `defaultCacheDir()` */
  cacheDir?: string;
  /** How official images are driven. @default DEFAULT_OFFICIAL_SETTINGS */
  official?: OfficialSettings;
  /** Abort to stop scheduling; in-flight attempts abort and are not recorded. */
  signal?: AbortSignal;
  /**
   * The run's spend cap (`--max-spend`): once exhausted, no new attempt starts; attempts in
   * flight finish and are recorded, and a later resume runs what is left.
   */
  budget?: { exhausted(): boolean };
  /**
   * The agent sandbox's network, variables and binaries: `resolveAgentSandbox(plan, env)`.
   * Its network must be the plan's (it is part of the keys). @default none of them
   */
  agentSandbox?: AgentSandboxAccess;
  /** Strings redacted from artifacts and results besides `agentSandbox.env` (model keys). */
  secrets?: readonly string[];
  logger: Logger;
  progress?: ProgressReporter;
}

export interface RunOutcome {
  runDir: string;
  /** Planned attempts. */
  total: number;
  /** Attempts that already had a result when this session started. */
  alreadyDone: number;
  /** Attempts recorded in this session. */
  recorded: number;
  /** True when the run stopped (Ctrl-C or the spend cap) with attempts still missing. */
  interrupted: boolean;
  /** True when the spend cap stopped the scheduling of new attempts. */
  stoppedBySpendCap: boolean;
  skipped: AttemptPlanning['skipped'];
  agents: AgentSummary[];
  durationMs: number;
}

export async function executeRun(
  prepared: PreparedRun,
  options: ExecuteRunOptions,
): Promise<RunOutcome> {
  const t0 = performance.now();
  const session = await beginRun(prepared, options);
  const { store, todo, progress } = session;
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  try {
    const context: AttemptRunContext = {
      store,
      staleArtifacts: store.artifactKeys(),
      savedWork: (key) => readSavedWork(prepared.runDir, key),
      runSeed: prepared.manifest.plan.seed,
      environment: environmentOf(prepared.manifest, options),
      secrets: [...(options.secrets ?? []), ...Object.values(options.agentSandbox?.env ?? {})],
      maxInfraRetries: options.maxInfraRetries ?? 2,
      infraRetryBaseMs: options.infraRetryBaseMs ?? 1000,
      attemptDelayMs: options.attemptDelayMs ?? 0,
      signal,
      logger: options.logger,
      stage: inFlightNotes(store, options.progress, (message) => options.logger.warn(message)),
    };

    let next = 0;
    let fatal: unknown;
    let stoppedBySpendCap = false;
    const worker = async () => {
      while (!signal.aborted) {
        if (options.budget?.exhausted()) {
          stoppedBySpendCap = true;
          return;
        }
        const attempt = todo[next++];
        if (!attempt) return;
        const result = await runAttempt(attempt, context);
        options.progress?.settled(attempt.plan.key, result);
        if (!result) {
          // Interrupted: it runs again on resume; nothing is in flight any more.
          try {
            store.clearInFlight(attempt.plan.key);
          } catch {
            // The next writer clears what is left.
          }
          continue;
        }
        try {
          if (!store.record(result)) {
            options.logger.warn(`attempt ${result.key} was already recorded; kept the first`);
            continue;
          }
        } catch (error) {
          // The store itself failed (disk full, I/O error): nothing more can be recorded.
          fatal ??= error;
          stop.abort();
          return;
        }
        countResult(progress, result, t0);
        options.progress?.update(progress);
      }
    };
    // The totals from the start: on a terminal they stay under the attempts in flight.
    if (todo.length > 0) options.progress?.update(progress);
    const workers = Math.max(1, Math.min(options.concurrency ?? 1, todo.length));
    await Promise.all(Array.from({ length: workers }, worker));
    if (fatal !== undefined) throw storeFailed(prepared.runDir, fatal);
    return endRun(prepared, session, { t0, stoppedBySpendCap, progress: options.progress });
  } finally {
    store.close();
  }
}

/** A run's store opened for this session, with what is left to do and the progress so far. */
export interface RunSession {
  store: RunStore;
  /** The plan's keys. */
  planned: ReadonlySet<string>;
  /** Planned attempts without a final result, in plan order. */
  todo: PlannedAttempt[];
  progress: RunProgress;
  /** Attempts that already had a result when this session started. */
  alreadyDone: number;
}

/**
 * Opens (or creates) the run's store and works out what is left: results reused from
 * earlier runs are copied in, `--retry-infra` releases infra errors. The caller closes
 * `store`.
 */
export async function beginRun(
  prepared: PreparedRun,
  options: Pick<ExecuteRunOptions, 'agentSandbox' | 'retryInfra' | 'logger'>,
): Promise<RunSession> {
  const { planning, manifest } = prepared;
  const network = manifest.plan.agentNetwork ?? 'none';
  if ((options.agentSandbox?.network ?? 'none') !== network) {
    throw new InputError(
      'FLAG_INVALID',
      `the run's plan has agent network "${network}" but its agent sandbox is given ` +
        `"${options.agentSandbox?.network ?? 'none'}": expected the same (it is part of the keys)`,
    );
  }
  const tasks = [...new Set(planning.attempts.map((a) => a.task))];
  const store = prepared.resuming
    ? openRunStore(prepared.runDir)
    : createRunStore(prepared.runDir, {
        manifest,
        tasks: tasks.map(taskRecord),
        texts: tasks.map(taskText),
        plans: planning.attempts.map((a) => a.plan),
      });
  try {
    const planned = new Set(planning.attempts.map((a) => a.plan.key));
    if (prepared.reuseFrom && prepared.reuseFrom.length > 0) {
      const reused = await reuseResults(store, prepared.runDir, planned, prepared.reuseFrom);
      options.logger.info(`reused ${reused} result(s) from ${prepared.reuseFrom.join(', ')}`);
    }
    if (options.retryInfra) {
      const released = store.releaseInfraErrors(planned);
      options.logger.info(
        released > 0
          ? `retrying ${released} attempt(s) that ended as infra_error (their earlier results are kept apart)`
          : 'no attempt of this run ended as infra_error: nothing to retry',
      );
    }
    const finished = store.finishedKeys();
    const todo = planning.attempts.filter((a) => !finished.has(a.plan.key));
    const progress: RunProgress = {
      total: planning.attempts.length,
      done: 0,
      passed: 0,
      earnedUsd: 0,
      attemptedUsd: 0,
      doneThisSession: 0,
      todoThisSession: todo.length,
      elapsedMs: 0,
    };
    for (const result of store.results()) {
      if (!planned.has(result.key)) continue;
      progress.done += 1;
      if (result.status === 'passed') progress.passed += 1;
      progress.earnedUsd += result.earnedUsd;
      if (result.status !== 'infra_error') progress.attemptedUsd += result.priceUsd;
    }
    options.logger.info(
      prepared.resuming
        ? `resuming: ${todo.length} of ${progress.total} attempts left in ${prepared.runDir}`
        : todo.length < progress.total
          ? `starting ${todo.length} of ${progress.total} attempts (the others reused) in ${prepared.runDir}`
          : `starting ${progress.total} attempts in ${prepared.runDir}`,
    );
    return { store, planned, todo, progress, alreadyDone: progress.done };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** Counts a result just recorded in this session. */
export function countResult(progress: RunProgress, result: AttemptResult, t0: number): void {
  progress.done += 1;
  progress.doneThisSession += 1;
  if (result.status === 'passed') progress.passed += 1;
  progress.earnedUsd += result.earnedUsd;
  if (result.status !== 'infra_error') progress.attemptedUsd += result.priceUsd;
  progress.elapsedMs = performance.now() - t0;
}

/** The session's outcome, read from its store (still open). */
export function endRun(
  prepared: PreparedRun,
  { store, progress, alreadyDone, todo }: RunSession,
  session: { t0: number; stoppedBySpendCap: boolean; progress?: ProgressReporter | undefined },
): RunOutcome {
  progress.elapsedMs = performance.now() - session.t0;
  if (todo.length > 0) session.progress?.finish(progress);
  return {
    runDir: prepared.runDir,
    total: progress.total,
    alreadyDone,
    recorded: progress.doneThisSession,
    interrupted: progress.done < progress.total,
    stoppedBySpendCap: session.stoppedBySpendCap && progress.done < progress.total,
    skipped: prepared.planning.skipped,
    agents: summarizeByAgent(store.tasks(), store.plans(), store.results()),
    durationMs: performance.now() - session.t0,
  };
}

/** The error a run ends with when its store fails (disk full, I/O error). */
export function storeFailed(runDir: string, cause: unknown): InfraError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new InfraError(`the run store at ${runDir} failed: ${message}`, { cause });
}

/** What every attempt's environment gets from the run (the same on a queue's workers). */
export function environmentOf(
  manifest: RunManifest,
  options: Pick<
    ExecuteRunOptions,
    'sandbox' | 'sandboxes' | 'cacheDir' | 'agentSandbox' | 'official' | 'logger'
  >,
): EnvironmentContext {
  return {
    shuffleProposals: manifest.plan.shuffleProposals,
    sandboxes: sandboxesOnFirstNeed(options),
    cacheDir: options.cacheDir ?? defaultCacheDir(),
    agentSandbox: options.agentSandbox,
    ...(options.official ? { official: options.official } : {}),
    prompt: manifest.plan.prompt ?? 'swelancer',
    managerCodebase: managerCodebaseOf(manifest.plan, manifest.images),
  };
}

/**
 * The outcome of a run whose every planned attempt already has a final result, read from
 * the store alone (no suite to load); undefined when something is left to run or the run
 * was planned under another grading version.
 */
export function finishedRunOutcome(runDir: string): RunOutcome | undefined {
  const t0 = performance.now();
  const reader = openRunStore(runDir, { readonly: true });
  try {
    const manifest = reader.manifest();
    if (manifest.gradingVersion !== GRADING_VERSION) return undefined;
    const plans = reader.plans();
    const results = reader.results();
    const final = new Set(results.map((r) => r.key));
    if (!plans.every((p) => final.has(p.key))) return undefined;
    return {
      runDir: reader.dir,
      total: plans.length,
      alreadyDone: plans.length,
      recorded: 0,
      interrupted: false,
      stoppedBySpendCap: false,
      skipped: manifest.skipped,
      agents: summarizeByAgent(reader.tasks(), plans, results),
      durationMs: performance.now() - t0,
    };
  } finally {
    reader.close();
  }
}

/**
 * `--prompt dataset` needs every planned task's own prompt, with its proposals in the order
 * and with the ids the prompt gives them.
 */
function checkDatasetPrompts(plan: RunPlanInputs, planning: AttemptPlanning): void {
  if (plan.shuffleProposals) {
    throw new InputError(
      'FLAG_INVALID',
      '--prompt dataset and --shuffle-proposals: expected one of them (the dataset prompt lists the proposals in its own order)',
    );
  }
  const without = new Map<string, string>();
  for (const { task } of planning.attempts) {
    const prompt = task.datasetPrompt;
    if (!prompt?.available) {
      without.set(task.id, prompt ? prompt.reason : 'not from an official SWE-Lancer CSV');
    }
  }
  if (without.size === 0) return;
  const shown = [...without]
    .slice(0, 3)
    .map(([id, why]) => `${id}: ${why}`)
    .join('; ');
  throw new InputError(
    'FLAG_INVALID',
    `--prompt dataset: expected every selected task to have the dataset's own prompt, but ` +
      `${without.size} have none (${shown}${without.size > 3 ? '; …' : ''}); use --prompt swelancer or leave them out`,
    { location: '--prompt' },
  );
}

/** The harness cache when the run names none. Sandbox users must be able to traverse it. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SWELANCER_CACHE_DIR ?? '/tmp/swelancer-cache';
}

/**
 * The run's sandbox provider: the one given, or `options.sandbox` opened once, on the first
 * attempt that needs a sandbox (a failed opening is tried again by the next attempt).
 */
function sandboxesOnFirstNeed(
  options: Pick<ExecuteRunOptions, 'sandbox' | 'sandboxes' | 'logger'>,
): () => Promise<SandboxProvider> {
  if (options.sandboxes) {
    const given = Promise.resolve(options.sandboxes);
    return () => given;
  }
  let opening: Promise<SandboxProvider> | undefined;
  return () => {
    if (!opening) {
      const attempt = import('../sandbox/registry.ts').then((registry) =>
        registry.openSandboxProvider(options.sandbox ?? 'local', { logger: options.logger }),
      );
      attempt.catch(() => {
        if (opening === attempt) opening = undefined;
      });
      opening = attempt;
    }
    return opening;
  };
}

/** True when some attempt of the plan runs in a sandbox (IC, or a manager workspace). */
export function planNeedsSandbox(
  planning: AttemptPlanning,
  codebase: ManagerCodebase | undefined = undefined,
): boolean {
  return planning.attempts.some(
    ({ task, agent }) => task.kind === 'ic_swe' || wantsWorkspace(task, agent, codebase),
  );
}

/** The codebase official manager tasks read, from the plan (`--codebase expensify=...`). */
export function managerCodebaseOf(
  plan: Pick<RunPlanInputs, 'codebases' | 'officialImage'>,
  /** The run's pinned images (`RunManifest.images`): the monolith is used by its id. */
  images: RunManifest['images'] = [],
): ManagerCodebase | undefined {
  const dir = plan.codebases?.expensify;
  if (dir === undefined) return undefined;
  if (dir === MONOLITH_CODEBASE) {
    const name = officialImageName('monolith', { ...officialSettingsOf(plan), image: 'monolith' });
    const image = images.find((pinned) => pinned.name === name)?.id ?? name;
    return { kind: 'monolith', name: 'expensify', image };
  }
  return { kind: 'clone', name: 'expensify', dir };
}

export function taskRecord(task: Task): TaskRecord {
  return {
    id: task.id,
    kind: task.kind,
    title: task.title,
    price: task.price,
    categories: task.categories,
    nature: task.nature,
    tags: task.tags,
    contentHash: task.contentHash,
  };
}

/** The task's words for attempt pages: what its agents read, proposals by original id. */
export function taskText(task: Task): TaskText {
  return {
    taskId: task.id,
    issue: task.issue,
    proposals:
      task.kind === 'swe_manager'
        ? task.proposals.map((proposal) => ({ id: proposal.id, text: proposal.text }))
        : undefined,
  };
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'run'
  );
}
