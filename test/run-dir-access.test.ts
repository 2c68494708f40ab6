/**
 * Run directories people cannot or must not write: a report of a read-only copy, read by
 * another user, prints the same report and leaves no file behind; a run pointed at a file
 * says so plainly.
 */
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { attempt, runOf, task, writeRun } from './report-helpers.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'swelancer.js');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'swelancer-access-'));
  chmodSync(work, 0o755);
  const ic = task('ic-1', 1000);
  const tasks = [ic, task('mgr-1', 500, { kind: 'swe_manager' })];
  const results = [
    ...tasks.map((t) => attempt(t, 'gold', 0, 'passed')),
    attempt(ic, 'noop', 0, 'failed'),
  ];
  writeRun(join(work, 'main'), runOf(tasks, results));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function swelancer(args: string[], user?: string) {
  const command = user
    ? ['setpriv', `--reuid=${user}`, `--regid=${user}`, '--clear-groups', NODE, BIN, ...args]
    : [NODE, BIN, ...args];
  const [file = NODE, ...rest] = command;
  return execa(file, rest, { cwd: work, reject: false, env: { NO_COLOR: '1' } });
}

it('reports a read-only copy of a run, as another user, the same way and writes nothing', async () => {
  if (process.getuid?.() !== 0) {
    console.warn('skipped: reading as another user needs root (setpriv)');
    return;
  }
  cpSync(join(work, 'main'), join(work, 'copy'), { recursive: true });
  const before = readdirSync(join(work, 'copy')).sort();
  await execa('chmod', ['-R', 'a-w', join(work, 'copy')]);
  const original = await swelancer(['report', 'main']);
  const copy = await swelancer(['report', 'copy'], '65534');
  expect(copy.stderr).toBe('');
  expect(copy.exitCode).toBe(0);
  expect(original.exitCode).toBe(0);
  // The run's name is the directory given: the rest is the same report.
  expect(copy.stdout.replaceAll('copy', 'main')).toBe(original.stdout);
  const html = await swelancer(['report', 'copy', '--format', 'html'], '65534');
  expect(html.exitCode).toBe(0);
  expect(readdirSync(join(work, 'copy')).sort()).toEqual(before);
  // Nor does reading the original (writable) run leave SQLite's side files beside it.
  expect(readdirSync(join(work, 'main'))).toEqual(['run.sqlite']);
});

it('refuses a run directory that is a file, with exit 2 and no stack trace', async () => {
  const result = await swelancer([
    'run',
    join(ROOT, 'suites', 'expensely'),
    '--kind',
    'swe_manager',
    '--agent',
    'gold',
    '--run-dir',
    '/etc/passwd',
  ]);
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toContain('expected a directory, found a file');
  expect(result.stderr).not.toMatch(/\n\s+at /);
});
