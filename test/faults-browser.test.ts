/**
 * A fault injected on purpose: a Chromium that cannot start. The harness runs in a mount
 * namespace of its own where /usr/bin/chromium is a program that exits 1 (the sandboxes it
 * starts see the host's /usr through it; the machine's Chromium is untouched). Every
 * attempt then ends as infra_error, never as a verdict, the run says nothing was measured,
 * and nothing is left behind. With the fault lifted, --retry-infra measures the same
 * attempts and records the verdicts an undisturbed run records, the infra errors kept apart.
 */
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../src/store/lock.ts';
import { openRunStore } from '../src/store/run-store.ts';
import { IC_FIXTURE, REPO, tempDir } from './ic-helpers.ts';

const BIN = path.join(REPO, 'bin', 'swelancer.js');
const CHROMIUM = '/usr/bin/chromium';

let dir: string;
let brokenChromium: string;
/** Root can give one process tree a mount namespace of its own (CI and these machines run as root). */
const canUnshare =
  process.getuid?.() === 0 &&
  (await execa('unshare', ['-m', 'true'], { reject: false })).exitCode === 0;
if (!canUnshare) console.warn('skipping the browser fault test: needs root and unshare -m');

beforeAll(async () => {
  dir = await tempDir('faults-browser');
  const tools = path.join(dir, 'tools');
  await mkdir(tools, { mode: 0o755 });
  brokenChromium = path.join(tools, 'chromium');
  await writeFile(
    brokenChromium,
    '#!/bin/sh\necho "chromium: cannot start (injected)" >&2\nexit 1\n',
  );
  await chmod(brokenChromium, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const RUN = [
  'run',
  IC_FIXTURE,
  '--id',
  'amount-loses-cents',
  '--agent',
  'gold',
  '--agent',
  'noop',
  '--max-infra-retries',
  '0',
  '--json',
];

function swelancer(args: string[], options: { brokenBrowser: boolean }) {
  const env = {
    ...process.env,
    XDG_CACHE_HOME: path.join(dir, 'xdg'),
    SWELANCER_CACHE_DIR: path.join(dir, 'cache'),
  };
  if (!options.brokenBrowser) {
    return execa(process.execPath, [BIN, ...args], { cwd: dir, env, reject: false });
  }
  const inside = `mount --bind "$0" ${CHROMIUM} && exec "$@"`;
  return execa(
    'unshare',
    [
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      inside,
      brokenChromium,
      process.execPath,
      BIN,
      ...args,
    ],
    { cwd: dir, env, reject: false },
  );
}

function statuses(runDir: string) {
  const store = openRunStore(runDir, { readonly: true });
  try {
    const of = (results: ReturnType<typeof store.results>) =>
      results.map((r) => `${r.agentLabel} ${r.status}`).sort();
    return {
      results: of(store.results()),
      superseded: of(store.supersededResults()),
      explanations: store.results().map((r) => r.explanation),
    };
  } finally {
    store.close();
  }
}

describe.skipIf(!canUnshare)('a browser that cannot start', () => {
  it('is an infra error, retried into the undisturbed verdicts once lifted, leaving nothing', {
    timeout: 300_000,
  }, async () => {
    const runDir = path.join(dir, 'run');
    const broken = await swelancer([...RUN, '--run-dir', runDir], { brokenBrowser: true });
    expect(broken.exitCode, broken.stderr).toBe(3);
    expect(broken.stderr).toMatch(/nothing was measured.*--retry-infra/s);
    const faulted = statuses(runDir);
    expect(faulted.results).toEqual(['gold infra_error', 'noop infra_error']);
    for (const why of faulted.explanations) {
      expect(why).toMatch(/the browser could not start in the grading sandbox/);
    }
    // The machine's Chromium never saw the fault.
    expect((await execa(CHROMIUM, ['--version'], { reject: false })).exitCode).toBe(0);

    const retried = await swelancer(['run', '--resume', runDir, '--retry-infra', '--json'], {
      brokenBrowser: false,
    });
    expect(retried.exitCode, retried.stderr).toBe(0);
    expect(statuses(runDir)).toMatchObject({
      results: ['gold passed', 'noop failed'],
      superseded: ['gold infra_error', 'noop infra_error'],
    });

    const slots = await readdir(path.join(dir, 'xdg', 'swelancer', 'sandboxes')).catch(() => []);
    expect(slots.filter((name) => name.startsWith('sb-'))).toEqual([]);
    expect(await readdir(runDir)).not.toContain(LOCK_FILE);
  });
});
