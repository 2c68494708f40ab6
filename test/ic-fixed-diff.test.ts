/**
 * Work fixed in advance (`Agent.fixedDiff`: gold, noop, `patch:<file>`) is graded without an
 * agent sandbox: the diff is applied to the clean broken state with git on the host and then
 * graded like any agent's. The real `local` provider runs the grading; a wrapper records
 * which sandboxes were made.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGoldAgent } from '../src/agent/gold.ts';
import { createPatchAgent } from '../src/agent/patch.ts';
import type { Agent } from '../src/agent/types.ts';
import { executeAttempt } from '../src/runner/lifecycle.ts';
import { openSandboxProvider } from '../src/sandbox/registry.ts';
import type { SandboxProvider } from '../src/sandbox/types.ts';
import { loadNativeSuite } from '../src/task/native-suite.ts';
import type { IcTask } from '../src/task/types.ts';
import { IC_FIXTURE, icAttemptInput, memoryArtifacts, tempDir } from './ic-helpers.ts';

let cacheDir: string;
let task: IcTask;
let local: SandboxProvider;
beforeAll(async () => {
  cacheDir = await tempDir('fixed-diff');
  const suite = await loadNativeSuite(IC_FIXTURE);
  task = suite.tasks.find((t): t is IcTask => t.id === 'amount-loses-cents') as IcTask;
  local = await openSandboxProvider('local', { rootDir: path.join(cacheDir, 'sandboxes') });
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

/** The real provider, recording the label of every sandbox it makes. */
function recording(real: SandboxProvider): SandboxProvider & { made: string[] } {
  const made: string[] = [];
  return {
    name: real.name,
    made,
    available: () => real.available(),
    cleanupLeftovers: () => real.cleanupLeftovers(),
    create: (spec) => {
      made.push(spec.label);
      return real.create(spec);
    },
  };
}

async function attempt(agent: Agent) {
  const sandboxes = recording(local);
  const artifacts = memoryArtifacts();
  const outcome = await executeAttempt(
    icAttemptInput(task, agent, {
      key: `fixed-${agent.label}`,
      artifacts,
      env: { sandboxes, cacheDir },
    }),
  );
  return { outcome, made: sandboxes.made, artifacts };
}

it('grades the reference fix without an agent sandbox', { timeout: 300_000 }, async () => {
  const { outcome, made, artifacts } = await attempt(createGoldAgent());
  expect(outcome.status).toBe('passed');
  expect(made.filter((label) => label.startsWith('agent-'))).toEqual([]);
  expect(made).toContain(`grade-${task.id}`);
  // The task's fix patch, in the form git writes it.
  const diff = Buffer.from(artifacts.files.get('agent.diff') ?? []).toString('utf8');
  expect(diff).toMatch(/^diff --git a\/public\/app\.js b\/public\/app\.js\n/);
  expect(diff).toContain('-  const value = Number.parseInt(');
});

it('is the agent’s error, naming the patch, when a given patch does not apply', {
  timeout: 300_000,
}, async () => {
  const file = path.join(cacheDir, 'stale.diff');
  await writeFile(
    file,
    ['--- a/public/app.js', '+++ b/public/app.js', '@@ -1 +1 @@', '-no such line', '+x', ''].join(
      '\n',
    ),
  );
  const { outcome, made } = await attempt(await createPatchAgent(file));
  expect(outcome.status).toBe('agent_error');
  expect(outcome.explanation).toMatch(
    new RegExp(`^the agent failed: the patch ${file} did not apply: git apply exited 1`),
  );
  expect(made.filter((label) => label.startsWith('agent-'))).toEqual([]);
});
