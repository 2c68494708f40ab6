import { InfraError } from '../errors.ts';
import { readTextIfExists } from '../sandbox/file-errors.ts';
import { SERVER_EXITED_FILE } from '../sandbox/layout.ts';
import {
  DEFAULT_LIMITS,
  type ExecResult,
  type ReadOnlyMount,
  type Sandbox,
  type SandboxLimits,
  type WorkspaceSpec,
} from '../sandbox/types.ts';
import { SERVER_EXITED, SERVER_NOT_READY, serverAndTestsScript } from '../sandbox/with-server.ts';
import type { Codebase, IcRunnable, IcTask } from '../task/types.ts';
import { shellJoin } from '../util/shell-quote.ts';
import { linkCompileCacheLine } from './compile-cache.ts';
import { tail } from './deps-cache.ts';
import {
  GRADE_DIR,
  HARNESS_DIR_PREFIX,
  HOST_NODE_MODULES,
  HOST_SCRIPTS_DIR,
  READY_PATH_TIMEOUT,
  SANDBOX_APP_COMPILE_CACHE,
  SANDBOX_NODE,
  SANDBOX_NODE_MODULES,
  SANDBOX_SCRIPTS,
} from './layout.ts';
import type { PreparedState } from './prepare.ts';

/** Everything an IC sandbox is made from: the task, its clean broken state, its dependencies. */
export interface IcMaterial {
  task: IcTask;
  ic: IcRunnable;
  prepared: PreparedState;
  /** Host path of the cached `node_modules` of the codebase. */
  nodeModules: string;
  /** Host folder of Node's compile cache of the clean broken state (`probeBrokenState`). */
  appCompileCache?: string;
}

export type SandboxPurpose = 'agent' | 'grade' | 'user-tool' | 'probe';

/**
 * The workspace of every IC sandbox: the clean broken state, the cached dependencies at
 * `node_modules` and the harness's Node runtime and scripts under /opt/swelancer, all
 * read-only. Purpose-specific material (hidden tests, the user flow) comes in `extra`.
 */
export function icWorkspaceSpec(
  material: IcMaterial,
  purpose: SandboxPurpose,
  options: {
    extraMounts?: readonly ReadOnlyMount[];
    /** Mounts for the test runner only (see `WorkspaceSpec.runner`); gives the sandbox a runner. */
    runnerMounts?: readonly ReadOnlyMount[];
    limits?: SandboxLimits;
  } = {},
): WorkspaceSpec {
  const mounts: ReadOnlyMount[] = [
    { hostPath: material.nodeModules, sandboxPath: 'node_modules' },
    { hostPath: HOST_NODE_MODULES, sandboxPath: SANDBOX_NODE_MODULES },
    { hostPath: HOST_SCRIPTS_DIR, sandboxPath: SANDBOX_SCRIPTS },
    ...(options.extraMounts ?? []),
  ];
  return {
    label: `${purpose}-${material.task.id}`,
    sourceDir: material.prepared.dir,
    mounts,
    network: 'loopback',
    limits: options.limits ?? DEFAULT_LIMITS,
    ...(options.runnerMounts ? { runner: { mounts: options.runnerMounts } } : {}),
  };
}

export type StepOutcome =
  | { ok: true; durationMs: number }
  | { ok: false; failedStep: 'apply' | 'build'; reason: string };

/** Exit code of the exec applying the diff when it does not apply. */
const DIFF_DOES_NOT_APPLY = 86;

/**
 * Where the agent's diff waits to be applied: at the workspace root (the harness may create
 * files there, not folders: those would be root's), excluded from git like every
 * `.swelancer*` path. The shell line `APPLY_DIFF` applies it (as `$1`) and removes it.
 */
const AGENT_DIFF_FILE = `${HARNESS_DIR_PREFIX}-agent.diff`;
const APPLY_DIFF = 'git apply --whitespace=nowarn --binary "$1"';

/** Writes the diff into the workspace; returns its path for `APPLY_DIFF`, '' when empty. */
async function placeDiff(sandbox: Sandbox, patch: Uint8Array): Promise<string> {
  if (patch.length === 0) return '';
  await sandbox.writeFile(AGENT_DIFF_FILE, patch);
  return AGENT_DIFF_FILE;
}

const diffDoesNotApply = (output: string) => `the diff does not apply: ${tail(output, 600)}`;

const buildFailed = (codebase: Codebase, why: string, output: string) =>
  `the build (\`${codebase.build}\`) ${why}: ${tail(output, 800)}`;

/**
 * Applies the agent's diff to the workspace, then runs the codebase's build, in one exec (one
 * sandbox launch fewer on the way to the verdict). A diff that does not apply and a build that
 * fails are both the agent's failure. `durationMs` covers both steps.
 */
export async function applyAndBuild(
  sandbox: Sandbox,
  patch: Uint8Array,
  codebase: Codebase,
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<StepOutcome> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const file = await placeDiff(sandbox, patch);
  const steps: string[] = [];
  if (file) {
    steps.push(
      `${APPLY_DIFF}; status=$?; rm -f "$1"; [ $status -eq 0 ] || exit ${DIFF_DOES_NOT_APPLY}`,
    );
  }
  if (codebase.build) steps.push(`exec sh -c "$2"`);
  if (steps.length === 0) return { ok: true, durationMs: 0 };
  const result = await sandbox.exec(
    ['sh', '-c', steps.join('\n'), 'sh', file, codebase.build ?? ''],
    {
      timeoutMs,
      env: { CI: '1', ...options.env },
    },
  );
  if (result.exitCode === 0) return { ok: true, durationMs: result.durationMs };
  if (file && result.exitCode === DIFF_DOES_NOT_APPLY && !result.timedOut) {
    return { ok: false, failedStep: 'apply', reason: diffDoesNotApply(result.stderr) };
  }
  const why = result.timedOut ? `timed out after ${timeoutMs} ms` : `exit ${result.exitCode}`;
  return {
    ok: false,
    failedStep: 'build',
    reason: buildFailed(codebase, `failed (${why})`, `${result.stdout}\n${result.stderr}`),
  };
}

export interface ServedRun {
  result: ExecResult;
  /** Set when the app could not be served: why, with the end of the server's output. */
  notServed: string | undefined;
}

/**
 * One exec: start the app, wait for its port and then for `readyPath`, run `command`
 * (argv, run with the harness's Node when it starts with `node`), stop the app.
 */
export async function serveAndRun(
  sandbox: Sandbox,
  codebase: Codebase,
  command: readonly string[],
  options: { env?: Record<string, string>; timeoutMs: number; readyTimeoutMs?: number },
): Promise<ServedRun> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const serverLog = `${GRADE_DIR}/server.log`;
  const waitReady = [
    '/bin/bash',
    `${SANDBOX_SCRIPTS}/wait-ready.sh`,
    String(codebase.port),
    codebase.readyPath,
    String(readyTimeoutMs),
  ];
  const script = serverAndTestsScript({
    serve: codebase.serve,
    port: codebase.port,
    test: `${shellJoin(waitReady)} && ${shellJoin(command)}`,
    readyTimeoutMs,
    serverLog,
  });
  await sandbox.exec(['mkdir', '-p', GRADE_DIR], { timeoutMs: 30_000 });
  const result = await sandbox.exec(['/bin/bash', '-c', script], {
    timeoutMs: options.timeoutMs + 2 * readyTimeoutMs,
    env: { PORT: String(codebase.port), CI: '1', ...options.env },
  });
  let notServed: string | undefined;
  if (result.exitCode === SERVER_EXITED) {
    notServed = `the app exited before its port ${codebase.port} opened: ${tail(result.stderr, 800)}`;
  } else if (result.exitCode === SERVER_NOT_READY) {
    notServed = `the app did not open port ${codebase.port} within ${readyTimeoutMs} ms: ${tail(result.stderr, 800)}`;
  } else if (result.exitCode === READY_PATH_TIMEOUT) {
    notServed = `the app did not answer ${codebase.readyPath} within ${readyTimeoutMs} ms: ${tail(result.stderr, 400)}`;
  }
  return { result, notServed };
}

/**
 * The first half of grading an upgrade (`IcRunnable.upgrade`): the workspace as it is, before
 * the patch, is served until `readyPath` answers and stopped (SIGTERM), so the data the app
 * makes at its start exists when the patched app starts over it. That is the task's own
 * broken state, which the probe served already: failing here is the environment's fault.
 */
export async function serveBeforeUpgrade(sandbox: Sandbox, codebase: Codebase): Promise<void> {
  const run = await serveAndRun(sandbox, codebase, ['true'], { timeoutMs: 30_000 });
  if (run.notServed !== undefined || run.result.exitCode !== 0) {
    const why = run.notServed ?? `exit ${run.result.exitCode}: ${tail(run.result.stderr, 600)}`;
    throw new InfraError(`the app before the patch (to grade an upgrade) was not served: ${why}`);
  }
}

/** What the app side of `buildServeAndTest` reached, in its stage file (see there). */
const STAGE_FILE = `${GRADE_DIR}/stage`;
const BUILD_LOG = `${GRADE_DIR}/build.log`;
const SERVER_LOG = `${GRADE_DIR}/server.log`;
/** Exit code of coreutils `timeout` when the time ran out. */
const TIMEOUT_EXIT_CODE = '124';

/**
 * The app side of `buildServeAndTest`: apply the diff, build, serve, noting each stage in
 * the stage file. Arguments: the diff file ('' for none), the build command ('' for none),
 * the serve command, the build's time limit in seconds, and for an app the tests may restart
 * (`IcRunnable.restartable`) the supervisor's control port, the app's port and readyPath.
 */
const APP_SIDE_SCRIPT = [
  `mkdir -p ${GRADE_DIR} || exit 1`,
  linkCompileCacheLine(SANDBOX_APP_COMPILE_CACHE, '/tmp/node-compile-cache'),
  `stage() { printf '%s\\n' "$1" > ${STAGE_FILE}; }`,
  'if [ -n "$1" ]; then',
  '  stage applying',
  `  ${APPLY_DIFF} >${BUILD_LOG} 2>&1; status=$?; rm -f "$1"`,
  `  [ $status -eq 0 ] || { stage apply-failed; exit ${DIFF_DOES_NOT_APPLY}; }`,
  'fi',
  'if [ -n "$2" ]; then',
  '  stage building',
  `  timeout -k 5 "$4" sh -c "$2" >>${BUILD_LOG} 2>&1; status=$?`,
  '  [ $status -eq 0 ] || { stage "build-failed $status"; exit 1; }',
  'fi',
  'stage serving',
  'if [ -n "$5" ]; then',
  `  exec ${SANDBOX_NODE} ${SANDBOX_SCRIPTS}/app-supervisor.ts "$3" "$6" "$7" "$5" >${SERVER_LOG} 2>&1`,
  'fi',
  `exec sh -c "$3" >${SERVER_LOG} 2>&1`,
].join('\n');

/**
 * Where the supervisor of a restartable app (`in-sandbox/app-supervisor.ts`) takes restart
 * requests: `SWELANCER_RESTART_URL` for the hidden tests.
 */
export const RESTART_PORT = 39217;

export interface GradingRun extends ServedRun {
  /** Set when the diff did not apply or the build failed (the agent's failure either way). */
  notBuilt?: { failedStep: 'apply' | 'build'; reason: string };
}

/**
 * The grading run, in one `Sandbox.execPair`: on the app side, as the sandbox's user, apply
 * the agent's diff, build and serve the app; on the runner side, as the runner's uid, start
 * Playwright at once. The harness's Playwright config waits for the app (`wait-ready.sh`)
 * once Playwright is loaded and before its run and its clock start, so loading the runner
 * overlaps the build and the app's start-up instead of following them. Only the runner gets
 * `runnerEnv`.
 *
 * Why the app is not ready comes from the stage file the app side writes in the workspace.
 * Code under test can write there too (the build and the app are the agent's code), but it
 * can only change which of the agent's own failures is named: every outcome read from it is
 * a failure.
 */
export async function buildServeAndTest(
  sandbox: Sandbox,
  patch: Uint8Array,
  codebase: Codebase,
  playwright: readonly string[],
  options: {
    runnerEnv: Record<string, string>;
    timeoutMs: number;
    buildTimeoutMs?: number;
    readyTimeoutMs?: number;
    /** Variables for the app side only (`IcRunnable.upgrade`). @default none */
    appEnv?: Record<string, string>;
    /** Serve under the supervisor the tests may restart (`IcRunnable.restartable`). @default false */
    restartable?: boolean;
  },
): Promise<GradingRun> {
  if (!sandbox.execPair) {
    throw new InfraError(`the ${sandbox.provider} sandbox cannot run the app and tests apart`);
  }
  const buildTimeoutMs = options.buildTimeoutMs ?? 300_000;
  const readyTimeoutMs = buildTimeoutMs + (options.readyTimeoutMs ?? 60_000);
  const diffFile = await placeDiff(sandbox, patch);
  const env = { PORT: String(codebase.port), CI: '1' };
  const result = await sandbox.execPair(
    {
      command: [
        '/bin/bash',
        '-c',
        APP_SIDE_SCRIPT,
        'bash',
        diffFile,
        codebase.build ?? '',
        codebase.serve,
        String(Math.ceil(buildTimeoutMs / 1000)),
        ...(options.restartable
          ? [String(RESTART_PORT), String(codebase.port), codebase.readyPath]
          : []),
      ],
      env: { ...options.appEnv, ...env },
    },
    {
      command: playwright,
      env: {
        ...env,
        ...options.runnerEnv,
        SWELANCER_WAIT_READY: shellJoin([
          `${SANDBOX_SCRIPTS}/wait-ready.sh`,
          String(codebase.port),
          codebase.readyPath,
          String(readyTimeoutMs),
          SERVER_EXITED_FILE,
        ]),
      },
    },
    { timeoutMs: options.timeoutMs + 2 * readyTimeoutMs },
  );
  const notReady = [SERVER_EXITED, SERVER_NOT_READY, READY_PATH_TIMEOUT].includes(
    result.exitCode ?? -1,
  );
  if (!notReady) return { result, notServed: undefined };
  // A file the app side never wrote reads as empty; a read that fails is the harness's.
  const read = async (file: string) => (await readTextIfExists(sandbox, file)) ?? '';
  const [stage = '', code] = (await read(STAGE_FILE)).trim().split(' ');
  if (stage === 'apply-failed') {
    const reason = diffDoesNotApply(await read(BUILD_LOG));
    return { result, notServed: undefined, notBuilt: { failedStep: 'apply', reason } };
  }
  if (stage === 'build-failed' || stage === 'building') {
    const why =
      stage === 'building' || code === TIMEOUT_EXIT_CODE
        ? `timed out after ${buildTimeoutMs} ms`
        : `failed (exit ${code})`;
    const reason = buildFailed(codebase, why, await read(BUILD_LOG));
    return { result, notServed: undefined, notBuilt: { failedStep: 'build', reason } };
  }
  const log = tail(await read(SERVER_LOG), 600);
  const output = log.trim() ? `; the app's output: ${log}` : '';
  let notServed: string;
  if (result.exitCode === SERVER_EXITED) {
    notServed = `the app exited before it was ready${output}`;
  } else if (result.exitCode === SERVER_NOT_READY) {
    notServed = `the app did not open port ${codebase.port} within ${readyTimeoutMs} ms${output}`;
  } else {
    notServed = `the app did not answer ${codebase.readyPath} within ${readyTimeoutMs} ms: ${tail(result.stderr, 400)}`;
  }
  return { result, notServed };
}
