/**
 * Ctrl-C during an IC attempt's grading stops it at once: the attempt's sandboxes are
 * disposed (killing the build, the app and the browser in them), nothing is recorded for
 * it, no sandbox or lock is left, and the summary says how to resume.
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
/** A build that never ends: the patched build script waits on a process we can find. */
const HANG_MARK = '613.0417';
const HANGING_BUILD = `--- a/scripts/build.js
+++ b/scripts/build.js
@@ -1,4 +1,5 @@
 // Copies the page into dist/ and stamps the build time into it, like a real bundler would.
+import { execFileSync } from 'node:child_process';
 import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
 import { join } from 'node:path';
 
@@ -7,3 +8,4 @@
 cpSync(join(root, 'public'), join(root, 'dist'), { recursive: true });
 const page = readFileSync(join(root, 'dist', 'index.html'), 'utf8');
 writeFileSync(join(root, 'dist', 'index.html'), page.replace('%BUILD%', 'production'));
+execFileSync('sleep', ['${HANG_MARK}']);
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

it('Ctrl-C stops an attempt in grading at once and leaves nothing behind', {
  timeout: 240_000,
}, async () => {
  const runDir = path.join(dir, 'run');
  const sandboxRoot = path.join(dir, 'xdg', 'swelancer', 'sandboxes');
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
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  // The grading build has started (the probe builds the clean state, which does not hang).
  while (!(await hangingBuildRuns())) {
    if (child.exitCode !== null) throw new Error(`the run ended early:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGINT');
  // Without the abort, the run waits for the build's 300 s limit: past this test's timeout.
  expect(await exited, output).toBe(130);
  expect(await hangingBuildRuns()).toBe(false);
  expect(output).toMatch(/resume with: swelancer run --resume/);

  const store = openRunStore(runDir, { readonly: true });
  expect(store.results()).toEqual([]);
  store.close();
  expect(existsSync(path.join(runDir, LOCK_FILE))).toBe(false);
  const slots = existsSync(sandboxRoot) ? readdirSync(sandboxRoot) : [];
  expect(slots.filter((name) => name.startsWith('sb-'))).toEqual([]);
});
