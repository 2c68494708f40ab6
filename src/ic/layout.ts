/**
 * Where harness material appears inside IC sandboxes. Everything under `HARNESS_ROOT` is a
 * read-only mount made by the harness; nothing there comes from the workspace, so the code
 * under test cannot replace the test runner, its config or the hidden tests.
 */
import path from 'node:path';
import { SANDBOX_RUNNER_DIR } from '../sandbox/layout.ts';

export const HARNESS_ROOT = '/opt/swelancer';
/** The harness's own node_modules: Node 24 (the `node` package), @playwright/test, playwright-core. */
export const SANDBOX_NODE_MODULES = `${HARNESS_ROOT}/node_modules`;
export const SANDBOX_NODE = `${SANDBOX_NODE_MODULES}/node/bin/node`;
export const SANDBOX_NODE_BIN_DIR = `${SANDBOX_NODE_MODULES}/node/bin`;
/** The scripts of `in-sandbox/` (readiness wait, Playwright config, user-flow runner). */
export const SANDBOX_SCRIPTS = `${HARNESS_ROOT}/bin`;
/**
 * Hidden tests: mounted into the grading sandbox only, inside the test runner's private
 * folder (`WorkspaceSpec.runner`), which the app's uid cannot enter.
 */
export const RUNNER_HIDDEN_TESTS = 'hidden-tests';
export const SANDBOX_HIDDEN_TESTS = `${SANDBOX_RUNNER_DIR}/${RUNNER_HIDDEN_TESTS}`;
/** Playwright's transform cache (compiled hidden tests): built by the harness, runner-only. */
export const RUNNER_TRANSFORM_CACHE = 'transform-cache';
export const SANDBOX_TRANSFORM_CACHE = `${SANDBOX_RUNNER_DIR}/${RUNNER_TRANSFORM_CACHE}`;
/** The test runner's output (report, screenshots, traces), in its private folder. */
export const SANDBOX_RUNNER_OUT = `${SANDBOX_RUNNER_DIR}/out`;
/**
 * Node's compile cache of the clean broken state's build and server, made by the probe
 * (probe.ts, compile-cache.ts): mounted into grading sandboxes, where the app's side links it.
 */
export const SANDBOX_APP_COMPILE_CACHE = `${HARNESS_ROOT}/app-compile-cache`;
/** The task's user flow: mounted into the user tool's sandbox only. */
export const SANDBOX_USER_FLOW = `${HARNESS_ROOT}/user-flow`;

/**
 * Workspace folders the harness writes to (grading output, the issue file of CLI agents).
 * They are excluded from git and every change under them is dropped from the agent's diff.
 */
export const HARNESS_DIR_PREFIX = '.swelancer';
export const GRADE_DIR = '.swelancer-grade';
export const TASK_DIR = '.swelancer';

/** Host folder of the in-sandbox scripts. */
export const HOST_SCRIPTS_DIR = path.join(import.meta.dirname, 'in-sandbox');
/** Host folder of the harness's node_modules (the one this file was loaded with). */
export const HOST_NODE_MODULES = path.resolve(import.meta.dirname, '../../node_modules');

/** Exit code of `in-sandbox/wait-ready.sh` when the app answered, never 2xx/3xx. */
export const READY_PATH_TIMEOUT = 91;
