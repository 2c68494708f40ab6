import { InfraError } from '../../errors.ts';
import { SERVER_EXITED_FILE } from '../../sandbox/layout.ts';
import {
  DEFAULT_LIMITS,
  type ExecResult,
  type ReadOnlyMount,
  type Sandbox,
  type SandboxLimits,
  type WorkspaceSpec,
} from '../../sandbox/types.ts';
import {
  SERVER_EXITED,
  SERVER_NOT_READY,
  serverAndTestsScript,
} from '../../sandbox/with-server.ts';
import type { Codebase, IcRunnable, IcTask } from '../../task/types.ts';
import { tail } from './deps-cache.ts';
import {
  GRADE_DIR,
  HARNESS_DIR_PREFIX,
  HOST_NODE_MODULES,
  HOST_SCRIPTS_DIR,
  READY_PATH_TIMEOUT,
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

/** Exit code of `applyAndBuild`'s exec when the diff does not apply. */
const DIFF_DOES_NOT_APPLY = 86;

/**
 * Applies the agent's diff to the workspace, then runs the codebase's build, in one exec (one
 * sandbox launch fewer on the way to the verdict). A diff that does not apply and a build that
 * fails are both the agent's failure. `durationMs` covers both steps.
 */
export async function applyAndBuild(
  sandbox: Sandbox,
  patch: Uint8Array,
  codebase: Codebase,
  timeoutMs = 300_000,
): Promise<StepOutcome> {
  const steps: string[] = [];
  const file = `${HARNESS_DIR_PREFIX}-agent.diff`;
  if (patch.length > 0) {
    // At the workspace root (the harness may create files there, not folders: those would be
    // root's), excluded from git like every `.swelancer*` path; removed once applied.
    await sandbox.writeFile(file, patch);
    steps.push(
      `git apply --whitespace=nowarn --binary "$1"; status=$?; rm -f "$1"; [ $status -eq 0 ] || exit ${DIFF_DOES_NOT_APPLY}`,
    );
  }
  if (codebase.build) steps.push(`exec sh -c "$2"`);
  if (steps.length === 0) return { ok: true, durationMs: 0 };
  const result = await sandbox.exec(
    ['sh', '-c', steps.join('\n'), 'sh', file, codebase.build ?? ''],
    {
      timeoutMs,
      env: { CI: '1' },
    },
  );
  if (result.exitCode === 0) return { ok: true, durationMs: result.durationMs };
  if (patch.length > 0 && result.exitCode === DIFF_DOES_NOT_APPLY && !result.timedOut) {
    return {
      ok: false,
      failedStep: 'apply',
      reason: `the diff does not apply: ${tail(result.stderr, 600)}`,
    };
  }
  const why = result.timedOut ? `timed out after ${timeoutMs} ms` : `exit ${result.exitCode}`;
  return {
    ok: false,
    failedStep: 'build',
    reason: `the build (\`${codebase.build}\`) failed (${why}): ${tail(`${result.stdout}\n${result.stderr}`, 800)}`,
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
 * Like `serveAndRun`, but the app and the test runner run as two uids (`Sandbox.execPair`):
 * the app as the sandbox's user, the runner in its own folder (hidden tests, report) that the
 * app cannot read; only the runner gets `runnerEnv`. Both start at once: the harness's
 * Playwright config waits for the app (`wait-ready.sh`) after Playwright has loaded and before
 * its run and its clock start, so loading the runner overlaps the app's start-up.
 */
export async function serveAndTest(
  sandbox: Sandbox,
  codebase: Codebase,
  playwright: readonly string[],
  options: { runnerEnv: Record<string, string>; timeoutMs: number; readyTimeoutMs?: number },
): Promise<ServedRun> {
  if (!sandbox.execPair) {
    throw new InfraError(`the ${sandbox.provider} sandbox cannot run the app and tests apart`);
  }
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const serverLog = `${GRADE_DIR}/server.log`;
  const env = { PORT: String(codebase.port), CI: '1' };
  const result = await sandbox.execPair(
    { command: `mkdir -p ${GRADE_DIR} && exec >${serverLog} 2>&1 && ( ${codebase.serve} )`, env },
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
  const log = async () => {
    const text = await sandbox.readFile(serverLog).then(
      (data) => Buffer.from(data).toString('utf8'),
      () => '',
    );
    return text.trim() ? `; the app's output: ${tail(text, 600)}` : '';
  };
  let notServed: string | undefined;
  if (result.exitCode === SERVER_EXITED) {
    notServed = `the app exited before it was ready${await log()}`;
  } else if (result.exitCode === SERVER_NOT_READY) {
    notServed = `the app did not open port ${codebase.port} within ${readyTimeoutMs} ms${await log()}`;
  } else if (result.exitCode === READY_PATH_TIMEOUT) {
    notServed = `the app did not answer ${codebase.readyPath} within ${readyTimeoutMs} ms: ${tail(result.stderr, 400)}`;
  }
  return { result, notServed };
}

export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
