/** Shared set-up of the IC pipeline tests: the fixture suite, the real CLI, a cache folder. */
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { Agent, ArtifactSink } from '../src/agent/types.ts';
import type { AttemptInput } from '../src/environments/types.ts';
import type { SandboxLimits, SandboxProvider } from '../src/sandbox/types.ts';
import type { IcTask } from '../src/task/types.ts';
import { silentLogger } from '../src/util/logger.ts';

export const REPO = path.resolve(import.meta.dirname, '..');
export const IC_FIXTURE = path.join(REPO, 'test', 'fixtures', 'ic-app');
export const IC_TASK_IDS = [
  'amount-loses-cents',
  'zero-amount-accepted',
  'delete-removes-wrong-row',
];

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `swelancer-${prefix}-`));
  // Sandbox users bind folders from under here.
  await chmod(dir, 0o755);
  return dir;
}

export interface AgentSummary {
  agent: string;
  attempts: number;
  finished: number;
  passed: number;
  infraErrors: number;
  earnedUsd: number;
  availableUsd: number;
}

/** Runs `swelancer run ... --json` as a user would, and returns the parsed summary. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<{ exitCode: number; summary: { agents: AgentSummary[] } | undefined; stderr: string }> {
  const result = await execa(
    path.join(REPO, 'node_modules', '.bin', 'node'),
    [path.join(REPO, 'bin', 'swelancer.js'), 'run', ...args, '--json'],
    {
      cwd: REPO,
      env,
      reject: false,
      timeout: options.timeoutMs ?? 240_000,
    },
  );
  let summary: { agents: AgentSummary[] } | undefined;
  try {
    summary = JSON.parse(String(result.stdout));
  } catch {
    summary = undefined;
  }
  return { exitCode: result.exitCode ?? -1, summary, stderr: String(result.stderr) };
}

/** Keeps artifacts in memory so tests can look at what an attempt wrote. */
export function memoryArtifacts(): ArtifactSink & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    async write(name, data) {
      files.set(name, typeof data === 'string' ? Buffer.from(data) : data);
      return `artifacts/${name}`;
    },
  };
}

/** What an IC attempt runs on in a test: the run's sandbox provider and cache. */
export interface IcTestEnvironment {
  sandboxes: SandboxProvider;
  cacheDir: string;
  limits?: SandboxLimits;
  agentTimeoutMs?: number;
}

/** One attempt of `agent` on `task` as the runner would start it (`executeAttempt`'s input). */
export function icAttemptInput(
  task: IcTask,
  agent: Agent,
  options: { key: string; artifacts: ArtifactSink; seed?: number; env: IcTestEnvironment },
): AttemptInput<IcTask> {
  const { env } = options;
  return {
    task,
    agent,
    plan: { key: options.key, taskId: task.id, agentLabel: agent.label, attemptIndex: 0 },
    seed: options.seed ?? 0,
    signal: new AbortController().signal,
    logger: silentLogger,
    artifacts: options.artifacts,
    context: {
      shuffleProposals: false,
      sandboxes: async () => env.sandboxes,
      cacheDir: env.cacheDir,
      ...(env.limits ? { limits: env.limits } : {}),
    },
    ...(env.agentTimeoutMs ? { agentTimeoutMs: env.agentTimeoutMs } : {}),
  };
}
