/**
 * The user tool, reached by a CLI agent through the request-file protocol: the harness
 * serves the agent's current code in a separate sandbox, walks the user flow in Chromium and
 * hands back what a person would see (never pass/fail).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCommandAgent } from '../src/agent/command.ts';
import { attackEnvironment, runAttempt } from './attacks/support.ts';
import { type IcTestEnvironment, tempDir } from './ic-helpers.ts';

let dir: string;
let env: IcTestEnvironment;
beforeAll(async () => {
  dir = await tempDir('ic-user-tool');
  env = await attackEnvironment(path.join(dir, 'cache'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ASK_AND_KEEP = [
  'set -e',
  'touch "$SWELANCER_USER_TOOL_DIR/request"',
  'for i in $(seq 1 600); do [ -f "$SWELANCER_USER_TOOL_DIR/1/done" ] && break; sleep 0.2; done',
  // Keep what the tool returned in the workspace, so the test can read it from the diff.
  'cp "$SWELANCER_USER_TOOL_DIR/1/report.json" seen-report.json',
  'ls "$SWELANCER_USER_TOOL_DIR/1" > seen-files.txt',
].join('\n');

it('shows a CLI agent what a user sees in the broken app, without a verdict', {
  timeout: 120_000,
}, async () => {
  const run = await runAttempt(env, createCommandAgent(ASK_AND_KEEP));
  expect(run.text('agent-output.txt')).toContain('--- exit 0');
  const diff = run.text('agent.diff');
  // The flow adds rent, coffee and lunch and deletes coffee: in the broken app lunch goes.
  const report = JSON.parse(addedFile(diff, 'seen-report.json')) as Record<string, unknown>;
  expect(Object.keys(report).sort()).toEqual([
    'consoleErrors',
    'networkErrors',
    'ok',
    'pageText',
    'screenshots',
  ]);
  expect(report.pageText).toContain('Coffee');
  expect(report.pageText).not.toContain('Lunch');
  expect(JSON.stringify(report)).not.toMatch(/passed|expected|assert/i);
  expect(diff).toMatch(/\+\d\d-three-expenses\.png/);
  // Screenshots are also kept as artifacts of the attempt.
  expect([...run.files.keys()].some((name) => /^user-tool\/1\/.*\.png$/.test(name))).toBe(true);
  // The agent only looked: the attempt is graded on its (non-)fix as usual.
  expect(run.execution.status).toBe('failed');
});

/** The content of a file the diff adds. */
function addedFile(diff: string, name: string): string {
  const section = diff.split('diff --git ').find((part) => part.startsWith(`a/${name} `)) ?? '';
  const body = section.slice(section.indexOf('@@'));
  return body
    .split('\n')
    .filter((line) => line.startsWith('+'))
    .map((line) => line.slice(1))
    .join('\n');
}
