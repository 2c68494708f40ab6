import { InfraError } from '../../errors.ts';
import {
  buildServeAndTest,
  type IcMaterial,
  icWorkspaceSpec,
  RESTART_PORT,
  serveBeforeUpgrade,
} from '../../ic/app-runtime.ts';
import { linkCompileCacheLine, NODE_COMPILE_CACHE_DIR } from '../../ic/compile-cache.ts';
import { tail } from '../../ic/deps-cache.ts';
import {
  RUNNER_HIDDEN_TESTS,
  RUNNER_TRANSFORM_CACHE,
  SANDBOX_APP_COMPILE_CACHE,
  SANDBOX_HIDDEN_TESTS,
  SANDBOX_NODE,
  SANDBOX_NODE_MODULES,
  SANDBOX_RUNNER_OUT,
  SANDBOX_SCRIPTS,
  SANDBOX_TRANSFORM_CACHE,
} from '../../ic/layout.ts';
import { TRANSFORM_DIR } from '../../ic/transform-cache.ts';
import { readTextIfExists } from '../../sandbox/file-errors.ts';
import { SANDBOX_RUNNER_DIR, SANDBOX_WORKDIR } from '../../sandbox/layout.ts';
import type {
  Sandbox,
  SandboxLimits,
  SandboxProvider,
  WorkspaceSpec,
} from '../../sandbox/types.ts';
import type { ArtifactSink } from '../../util/artifact-sink.ts';
import type { Logger } from '../../util/logger.ts';
import { keepFailureEvidence } from './evidence.ts';
import { parsePlaywrightReport, type TestReport } from './playwright-report.ts';
import { verdict } from './verdict.ts';

/** The runner's writable copy of the prebuilt transform cache. */
const RUNNER_TRANSFORM_CACHE_RW = `${SANDBOX_RUNNER_DIR}/transform-cache-rw`;

/**
 * The runner's start (bash, then `exec` of its arguments). The transform cache gets a
 * writable copy in the runner's folder (out of the app's reach): a module the listing never
 * loaded (a lazy import) is then compiled instead of crashing the run. Node's compile cache
 * of Playwright is linked read-only under the runner's uid.
 */
const RUNNER_START = [
  `cp -R ${SANDBOX_TRANSFORM_CACHE}/${TRANSFORM_DIR} ${RUNNER_TRANSFORM_CACHE_RW} || exit 1`,
  linkCompileCacheLine(
    `${SANDBOX_TRANSFORM_CACHE}/${NODE_COMPILE_CACHE_DIR}`,
    `${SANDBOX_RUNNER_DIR}/node-compile-cache`,
  ),
  'exec "$@"',
].join('\n');

export interface GradeInput {
  material: IcMaterial;
  /** The filtered diff of the agent (may be empty). */
  patch: Uint8Array;
  /** Host folder of the prebuilt Playwright transform cache (`prepareTransformCache`). */
  transformCache: string;
  /** The ids the report must contain (from `listHiddenTests`). */
  expectedTests: readonly string[];
  sandboxes: SandboxProvider;
  artifacts: ArtifactSink;
  logger: Logger;
  limits?: SandboxLimits;
  /** Stop the tests at their first failure (`Agent.stopAtFirstFailure`). @default false */
  stopAtFirstFailure?: boolean;
  /**
   * The grading sandbox, made in advance from `gradingWorkspaceSpec` (e.g. while the agent
   * works: it only holds the clean broken state). Disposed here like one made here.
   * @default a sandbox made now
   */
  sandbox?: Promise<Sandbox>;
}

/**
 * The grading sandbox: the clean broken state, with the hidden tests and their compiled form
 * mounted for the test runner only (the app runs as another uid and cannot enter the
 * runner's folder: `WorkspaceSpec.runner`), and Node's compile cache of the clean broken
 * state for the app's side.
 */
export function gradingWorkspaceSpec(
  material: IcMaterial,
  transformCache: string,
  limits?: SandboxLimits,
): WorkspaceSpec {
  return icWorkspaceSpec(material, 'grade', {
    extraMounts:
      material.appCompileCache === undefined
        ? []
        : [{ hostPath: material.appCompileCache, sandboxPath: SANDBOX_APP_COMPILE_CACHE }],
    runnerMounts: [
      { hostPath: material.ic.hiddenTestsDir, sandboxPath: RUNNER_HIDDEN_TESTS },
      { hostPath: transformCache, sandboxPath: RUNNER_TRANSFORM_CACHE },
    ],
    limits,
  });
}

/** The verdict of one grading (`gradeWithControl` in control.ts decides whose fault a broken runner is). */
export interface IcGrade {
  passed: boolean;
  explanation: string;
  testsPassed: number;
  testsTotal: number;
  /** Wall time of grading (sandbox, apply, build, serve, tests, artifacts). */
  gradeMs: number;
  /** The tests' own run time as Playwright reports it. */
  testRuntimeMs: number | undefined;
  /** Test id → Playwright status, for the record. */
  tests: Record<string, string>;
  /**
   * Wall time of each grading step reached: sandbox, buildServeAndTest (of which beforeTests:
   * until Playwright's clock starts, and afterTests), report.
   */
  stepsMs: Record<string, number>;
}

export interface GradeOutcome extends IcGrade {
  /**
   * The test runner itself produced no usable result (no report, one that is not a report,
   * or one in which no test ran). Whose fault that is, `gradeWithControl` decides.
   */
  runnerBroken: boolean;
  /**
   * Every failure was running out of time (a test's own budget, or the whole run's): on a
   * loaded machine that says as little about the fix as a broken runner does.
   */
  onlyTimedOut: boolean;
}

/**
 * Grades an IC attempt in a fresh sandbox: the clean broken state plus the agent's filtered
 * diff, with the hidden tests mounted read-only for the test runner only, which runs as
 * another uid than the app. The verdict
 * comes from Playwright's exit code (returned by the sandbox, out of band) and its JSON
 * report (read from the sandbox by the harness); both must agree, and the report must list
 * exactly the expected tests, for a pass.
 */
export async function gradeOnce(input: GradeInput): Promise<GradeOutcome> {
  const started = performance.now();
  const { material } = input;
  // Where grading time goes, step by step (details.durations.gradeStepsMs).
  const stepsMs: Record<string, number> = {};
  let stepStart = started;
  const step = (name: string) => {
    const now = performance.now();
    stepsMs[name] = Math.round(now - stepStart);
    stepStart = now;
  };
  // Made in advance by the caller (while the agent worked), or now.
  const sandbox = await (input.sandbox ??
    input.sandboxes.create(gradingWorkspaceSpec(material, input.transformCache, input.limits)));
  step('sandbox');
  const base = { testsPassed: 0, testsTotal: input.expectedTests.length, tests: {}, stepsMs };
  const failed = (
    explanation: string,
    why: { runnerBroken?: boolean; onlyTimedOut?: boolean } = {},
  ): GradeOutcome => ({
    passed: false,
    explanation,
    ...base,
    gradeMs: Math.round(performance.now() - started),
    testRuntimeMs: undefined,
    runnerBroken: why.runnerBroken ?? false,
    onlyTimedOut: why.onlyTimedOut ?? false,
  });
  try {
    const reportFile = `${SANDBOX_RUNNER_OUT}/report.json`;
    if (material.ic.upgrade) {
      await serveBeforeUpgrade(sandbox, material.ic.codebase);
      step('serveBeforeUpgrade');
    }
    const runStarted = Date.now();
    const run = await buildServeAndTest(
      sandbox,
      input.patch,
      material.ic.codebase,
      [
        '/bin/bash',
        '-c',
        RUNNER_START,
        'bash',
        SANDBOX_NODE,
        `${SANDBOX_NODE_MODULES}/@playwright/test/cli.js`,
        'test',
        '-c',
        `${SANDBOX_SCRIPTS}/playwright.config.ts`,
        ...(input.stopAtFirstFailure ? ['--max-failures=1'] : []),
      ],
      {
        timeoutMs: material.ic.testTimeoutMs,
        ...(material.ic.upgrade ? { appEnv: material.ic.upgrade.env } : {}),
        restartable: material.ic.restartable === true,
        runnerEnv: {
          SWELANCER_TESTS_DIR: SANDBOX_HIDDEN_TESTS,
          SWELANCER_OUTPUT_DIR: `${SANDBOX_RUNNER_OUT}/test-results`,
          SWELANCER_REPORT_FILE: reportFile,
          SWELANCER_BASE_URL: `http://127.0.0.1:${material.ic.codebase.port}`,
          // The app's workspace, read-only: tests may check what it stores (its database).
          SWELANCER_APP_DIR: SANDBOX_WORKDIR,
          ...(material.ic.restartable
            ? { SWELANCER_RESTART_URL: `http://127.0.0.1:${RESTART_PORT}/restart` }
            : {}),
          // Prebuilt (transform-cache.ts): lookups hit, nothing is compiled in the usual case.
          PLAYWRIGHT_TRANSFORM_CACHE_DIR: RUNNER_TRANSFORM_CACHE_RW,
        },
      },
    );
    step('buildServeAndTest');
    const runEnded = Date.now();
    await input.artifacts.write(
      'grade-output.txt',
      `${run.result.stdout}\n--- stderr ---\n${run.result.stderr}`,
    );
    if (run.notBuilt) {
      const why =
        run.notBuilt.failedStep === 'build'
          ? "the app no longer builds with the agent's changes: "
          : '';
      return failed(`${why}${run.notBuilt.reason}`);
    }
    if (run.notServed)
      return failed(`the app could not be served with the agent's changes: ${run.notServed}`);
    if (run.result.timedOut) {
      await keepFailureEvidence(sandbox, input.artifacts);
      return failed(`the hidden tests did not finish within ${material.ic.testTimeoutMs} ms`, {
        onlyTimedOut: true,
      });
    }

    const reportText = await readTextIfExists(sandbox, reportFile);
    if (reportText === undefined) {
      return failed(
        `the test runner wrote no report (exit ${run.result.exitCode}): ${tail(run.result.stderr, 600)}`,
        { runnerBroken: true },
      );
    }
    await input.artifacts.write('test-report.json', reportText);
    const parsed = parsePlaywrightReport(reportText);
    if (!parsed.ok) return failed(parsed.reason, { runnerBroken: true });
    const report = parsed.report;
    if (report.tests.length === 0) {
      const why = report.errors[0] ?? `exit ${run.result.exitCode}`;
      return failed(`no hidden test ran: ${tail(why, 600)}`, { runnerBroken: true });
    }
    if (report.startedAtMs !== undefined) {
      // Inside buildServeAndTest: before Playwright's clock (apply, build and the app's start,
      // overlapped with the runner's start-up) and after it.
      stepsMs.beforeTests = report.startedAtMs - runStarted;
      stepsMs.afterTests = Math.round(runEnded - report.startedAtMs - report.durationMs);
    }
    assertBrowserStarted(report);
    const tests = Object.fromEntries(report.tests.map((t) => [t.id, t.status]));
    if (run.result.exitCode === null) {
      // Its exit code is half of a pass. Killed by a signal: by the machine, or starved by the
      // app beside it; the control grading tells which.
      return failed(
        `the test runner was killed (${run.result.signal ?? 'no exit code'}) after its report`,
        { runnerBroken: true },
      );
    }
    const outcome = verdict(report, run.result.exitCode, input.expectedTests);
    if (!outcome.passed) await keepFailureEvidence(sandbox, input.artifacts);
    step('report');
    return {
      stepsMs,
      passed: outcome.passed,
      explanation: outcome.explanation,
      testsPassed: outcome.passedCount,
      testsTotal: input.expectedTests.length,
      gradeMs: Math.round(performance.now() - started),
      testRuntimeMs: Math.round(report.durationMs),
      tests,
      runnerBroken: false,
      onlyTimedOut: !outcome.passed && onlyTimeoutsFailed(report, input.expectedTests),
    };
  } finally {
    await sandbox.dispose().catch((error: unknown) => {
      input.logger.warn(`could not dispose grading sandbox ${sandbox.id}: ${String(error)}`);
    });
  }
}

/**
 * The report lists exactly the hidden tests and each one that failed ran out of its time
 * budget (Playwright's "Test timeout of …ms exceeded"), not an assertion.
 */
export function onlyTimeoutsFailed(report: TestReport, expectedTests: readonly string[]): boolean {
  if (report.tests.length !== expectedTests.length) return false;
  const failures = report.tests.filter((t) => t.status === 'unexpected' || t.status === 'flaky');
  return (
    failures.length > 0 &&
    failures.every((t) => t.error !== undefined && /Test timeout of \d+ms exceeded/.test(t.error))
  );
}

/** A browser that cannot start is the machine's problem, not the agent's. */
function assertBrowserStarted(report: TestReport): void {
  const launch = report.tests.find((t) => t.error?.includes('browserType.launch'));
  if (launch) {
    throw new InfraError(
      `the browser could not start in the grading sandbox: ${launch.error?.split('\n').slice(0, 3).join(' ')}`,
    );
  }
}
