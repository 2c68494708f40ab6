/**
 * An IC attempt stopped in grading. Ctrl-C stops it at once: the attempt's sandboxes are
 * disposed (killing the build, the app and the browser in them), nothing is recorded for
 * it, no sandbox or lock is left, and the summary says how to resume. A harness killed with
 * SIGKILL there loses nothing of the agent's work: the resumed attempt grades the work it
 * saved when the agent phase ended, without running the agent again.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOCK_FILE } from '../src/store/lock.ts';
import { openRunStore } from '../src/store/run-store.ts';
import { IC_FIXTURE, REPO, tempDir } from './ic-helpers.ts';

const BIN = path.join(REPO, 'bin', 'swelancer.js');
/**
 * A build that never ends until released: the patched build script waits on a process we can
 * find, unless the dependencies folder (mounted from the host's cache) holds a release file.
 */
const HANG_MARK = '613.0417';
const RELEASE_FILE = '.release-the-build';
const HANGING_BUILD = `--- a/scripts/build.js
+++ b/scripts/build.js
@@ -1,4 +1,6 @@
 // Copies the page into dist/ and stamps the build time into it, like a real bundler would.
+import { execFileSync } from 'node:child_process';
+import { existsSync } from 'node:fs';
 import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
 import { join } from 'node:path';
 
@@ -7,3 +9,4 @@
 cpSync(join(root, 'public'), join(root, 'dist'), { recursive: true });
 const page = readFileSync(join(root, 'dist', 'index.html'), 'utf8');
 writeFileSync(join(root, 'dist', 'index.html'), page.replace('%BUILD%', 'production'));
+if (!existsSync('node_modules/${RELEASE_FILE}')) execFileSync('sleep', ['${HANG_MARK}']);
`;

let dir: string;
beforeAll(async () => {
  dir = await tempDir('interrupt-ic');
  writeFileSync(path.join(dir, 'hang.patch'), HANGING_BUILD);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function hangingBuildRuns(): Promise<boolean> {
  const found = await execa('pgrep', ['-f', `sleep ${HANG_MARK}`], { reject: false });
  return found.exitCode === 0;
}

const SANDBOX_ROOT = () => path.join(dir, 'xdg', 'swelancer', 'sandboxes');

/** Starts the run and returns once its grading build hangs. */
async function runUntilGradingHangs(runDir: string) {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'run',
      IC_FIXTURE,
      '--id',
      'amount-loses-cents',
      '--agent',
      'patch:hang.patch',
      '--run-dir',
      runDir,
    ],
    {
      cwd: dir,
      env: {
        ...process.env,
        XDG_CACHE_HOME: path.join(dir, 'xdg'),
        SWELANCER_CACHE_DIR: path.join(dir, 'cache'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const run = {
    child,
    output: '',
    exited: new Promise<number | null>((done) => child.on('exit', done)),
  };
  child.stdout.on('data', (chunk: Buffer) => {
    run.output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    run.output += chunk.toString();
  });
  // The grading build has started (the probe builds the clean state, which does not hang).
  while (!(await hangingBuildRuns())) {
    if (child.exitCode !== null) throw new Error(`the run ended early:\n${run.output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return run;
}

function sandboxSlots(): string[] {
  const root = SANDBOX_ROOT();
  return existsSync(root) ? readdirSync(root).filter((name) => name.startsWith('sb-')) : [];
}

it('Ctrl-C stops an attempt in grading at once and leaves nothing behind', {
  timeout: 240_000,
}, async () => {
  const runDir = path.join(dir, 'interrupted');
  const run = await runUntilGradingHangs(runDir);
  run.child.kill('SIGINT');
  // Without the abort, the run waits for the build's 300 s limit: past this test's timeout.
  expect(await run.exited, run.output).toBe(130);
  expect(await hangingBuildRuns()).toBe(false);
  expect(run.output).toMatch(/resume with: swelancer run --resume/);
  const store = openRunStore(runDir, { readonly: true });
  expect(store.results()).toEqual([]);
  store.close();
  expect(existsSync(path.join(runDir, LOCK_FILE))).toBe(false);
  expect(sandboxSlots()).toEqual([]);
});

it('after a SIGKILL in grading, the resumed attempt grades the saved work without the agent', {
  timeout: 300_000,
}, async () => {
  const runDir = path.join(dir, 'killed');
  const run = await runUntilGradingHangs(runDir);
  run.child.kill('SIGKILL');
  await run.exited;
  const saved = path.join(runDir, 'artifacts');
  expect(readdirSync(saved)).toHaveLength(1);
  const [deps] = readdirSync(path.join(dir, 'cache', 'deps')).filter(
    (name) => !name.startsWith('.'),
  );
  writeFileSync(path.join(dir, 'cache', 'deps', deps ?? '', 'node_modules', RELEASE_FILE), '');

  const resumed = await execa(process.execPath, [BIN, 'run', '--resume', runDir, '--json'], {
    cwd: dir,
    env: { XDG_CACHE_HOME: path.join(dir, 'xdg'), SWELANCER_CACHE_DIR: path.join(dir, 'cache') },
    reject: false,
  });
  expect(resumed.exitCode, resumed.stderr).toBe(0);
  const store = openRunStore(runDir, { readonly: true });
  const [result] = store.results();
  store.close();
  // The patch does not fix the bug: graded, it fails, from the work saved before the kill.
  expect(result?.status).toBe('failed');
  expect(result?.details).toMatchObject({ durations: { gradedFromSavedWork: true } });
  expect(Object.keys(result?.artifacts ?? {})).toEqual(
    expect.arrayContaining(['agent.diff', 'collected-work.json', 'test-report.json']),
  );
});
