/**
 * The baseline of the grading-overhead bench: the hidden tests of a fixed IC task run the way
 * a developer runs them on their own machine, with no harness around them: a copy of the
 * broken state with the reference fix applied, the codebase's build, its server started in
 * the background, and `playwright test` with the same config and Chromium. Its wall time
 * (build → runner exit) is what running the tests costs by itself; what grading takes beyond
 * it is what the harness adds (fresh sandbox, copying the state in, applying the diff,
 * sandboxed processes, reading the report and keeping artifacts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { referenceFix } from '../src/agent/gold.ts';
import { ensureDependencies } from '../src/ic/deps-cache.ts';
import { HOST_NODE_MODULES, HOST_SCRIPTS_DIR } from '../src/ic/layout.ts';
import { brokenStateOf, prepareBrokenState, runnable } from '../src/ic/prepare.ts';
import type { IcTask } from '../src/task/types.ts';
import { silentLogger } from '../src/util/logger.ts';

export interface ByHandRun {
  /** Build start → test runner exit. */
  wallMs: number;
  /** Playwright's own `stats.duration`. */
  testRuntimeMs: number;
  passed: boolean;
}

export async function runHiddenTestsByHand(task: IcTask, cacheDir: string): Promise<ByHandRun> {
  const ic = runnable(task);
  const { nodeModules } = await ensureDependencies(ic.codebase, { cacheDir, logger: silentLogger });
  const prepared = await prepareBrokenState(brokenStateOf(task), cacheDir);
  const work = await mkdtemp(path.join(tmpdir(), 'swelancer-by-hand-'));
  const app = path.join(work, 'app');
  try {
    await cp(prepared.dir, app, { recursive: true });
    await symlink(nodeModules, path.join(app, 'node_modules'));
    const fix = referenceFix(ic);
    if (fix) {
      const args = ['apply', '--whitespace=nowarn', ...(fix.reverse ? ['-R'] : []), fix.patch];
      execFileSync('git', args, { cwd: app });
    }
    const report = path.join(work, 'report.json');
    const env = { ...process.env, CI: '1', PORT: String(ic.codebase.port) };
    const started = performance.now();
    if (ic.codebase.build) {
      execFileSync('sh', ['-c', ic.codebase.build], { cwd: app, env, stdio: 'ignore' });
    }
    const server = spawn('sh', ['-c', `exec ${ic.codebase.serve}`], {
      cwd: app,
      env,
      stdio: 'ignore',
      detached: true,
    });
    try {
      const waitReady = `${HOST_SCRIPTS_DIR}/wait-ready.sh ${ic.codebase.port} ${ic.codebase.readyPath} 60000`;
      const runner = spawn(
        process.execPath,
        [
          path.join(HOST_NODE_MODULES, '@playwright/test/cli.js'),
          'test',
          '-c',
          path.join(HOST_SCRIPTS_DIR, 'playwright.config.ts'),
        ],
        {
          cwd: app,
          stdio: 'ignore',
          env: {
            ...env,
            SWELANCER_TESTS_DIR: ic.hiddenTestsDir,
            SWELANCER_OUTPUT_DIR: path.join(work, 'test-results'),
            SWELANCER_REPORT_FILE: report,
            SWELANCER_BASE_URL: `http://127.0.0.1:${ic.codebase.port}`,
            SWELANCER_WAIT_READY: waitReady,
          },
        },
      );
      const exitCode = await new Promise<number | null>((resolve) => runner.on('exit', resolve));
      const wallMs = Math.round(performance.now() - started);
      const stats = JSON.parse(await readFile(report, 'utf8')).stats as { duration: number };
      return { wallMs, testRuntimeMs: Math.round(stats.duration), passed: exitCode === 0 };
    } finally {
      if (server.pid) process.kill(-server.pid, 'SIGKILL');
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
