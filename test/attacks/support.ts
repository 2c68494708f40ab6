/**
 * Runs one attack as a `command` agent through the runner's IC executor, in real sandboxes
 * (`local` unless asked otherwise) with tight limits, on the cheapest fixture task.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { createCommandAgent } from '../../src/agent/command.ts';
import type { Agent } from '../../src/agent/types.ts';
import { SANDBOX_HIDDEN_TESTS, SANDBOX_TRANSFORM_CACHE } from '../../src/ic/layout.ts';
import { executeAttempt } from '../../src/runner/lifecycle.ts';
import type { AttemptExecution } from '../../src/runner/types.ts';
import { openSandboxProvider } from '../../src/sandbox/registry.ts';
import { DEFAULT_LIMITS } from '../../src/sandbox/types.ts';
import { loadNativeSuite } from '../../src/task/native-suite.ts';
import type { IcTask } from '../../src/task/types.ts';
import {
  IC_FIXTURE,
  type IcTestEnvironment,
  icAttemptInput,
  memoryArtifacts,
} from '../ic-helpers.ts';

export const ATTACK_TASK = 'delete-removes-wrong-row';

/** Where the hidden tests are at grading time (now, and before the runner had its own uid). */
export const HIDDEN_PATHS = [
  SANDBOX_HIDDEN_TESTS,
  SANDBOX_TRANSFORM_CACHE,
  '/opt/swelancer/hidden-tests',
  '/opt/swelancer/transform-cache',
].join(' ');

export async function attackEnvironment(
  cacheDir: string,
  provider: 'local' | 'container' = 'local',
): Promise<IcTestEnvironment> {
  return {
    sandboxes: await openSandboxProvider(provider),
    cacheDir,
    limits: { ...DEFAULT_LIMITS, wallTimeMs: 120_000, diskBytes: 64 * 1024 ** 2 },
  };
}

export async function loadTask(id = ATTACK_TASK): Promise<IcTask> {
  const suite = await loadNativeSuite(IC_FIXTURE);
  const task = suite.tasks.find((t) => t.id === id);
  if (task?.kind !== 'ic_swe') throw new Error(`fixture task ${id} is missing`);
  return task;
}

export async function attackScript(
  name: string,
  values: Record<string, string> = {},
): Promise<string> {
  let text = await readFile(path.join(import.meta.dirname, 'scripts', `${name}.sh`), 'utf8');
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`__${key}__`, value);
  return text;
}

export interface AttackRun {
  execution: AttemptExecution;
  files: Map<string, Uint8Array>;
  text(name: string): string;
}

export async function runAttempt(
  env: IcTestEnvironment,
  agent: Agent,
  task?: IcTask,
): Promise<AttackRun> {
  const artifacts = memoryArtifacts();
  const theTask = task ?? (await loadTask());
  const execution = await executeAttempt(
    icAttemptInput(theTask, agent, {
      key: `attack-${agent.label.length}`,
      artifacts,
      seed: 1,
      env,
    }),
  );
  return {
    execution,
    files: artifacts.files,
    text: (name) => Buffer.from(artifacts.files.get(name) ?? new Uint8Array()).toString('utf8'),
  };
}

export async function runAttack(
  env: IcTestEnvironment,
  name: string,
  values: Record<string, string> = {},
  timeoutMs?: number,
): Promise<AttackRun> {
  const command = await attackScript(name, values);
  return runAttempt(env, createCommandAgent({ command, ...(timeoutMs ? { timeoutMs } : {}) }));
}

/**
 * The network attack against a real listener on the host (all interfaces): returns the run
 * and the requests the listener got, which must be none.
 */
export async function runNetworkAttack(
  env: IcTestEnvironment,
): Promise<{ run: AttackRun; hits: string[] }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const port = String((server.address() as { port: number }).port);
  const hostIp =
    Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address ?? '127.0.0.1';
  try {
    return { run: await runAttack(env, 'network', { HOST_IP: hostIp, PORT: port }), hits };
  } finally {
    server.close();
  }
}
