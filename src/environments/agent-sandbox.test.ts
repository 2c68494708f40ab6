import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptKey } from '../runner/plan.ts';
import { redactBytes, redactResult } from '../runner/redact.ts';
import type { ExecOptions, Sandbox, WorkspaceSpec } from '../sandbox/types.ts';
import {
  AGENT_BIN_DIR,
  agentView,
  agentWorkspaceSpec,
  resolveAgentSandbox,
} from './agent-sandbox.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'agent-sandbox-'));
  await chmod(root, 0o755);
});
afterAll(() => rm(root, { recursive: true, force: true }));

const SPEC: WorkspaceSpec = {
  label: 'agent-t',
  sourceDir: '/src',
  mounts: [{ hostPath: '/deps', sandboxPath: 'node_modules' }],
  network: 'loopback',
  limits: { wallTimeMs: 1, memoryBytes: 1, maxProcesses: 1, maxOutputBytes: 1, diskBytes: 1 },
};

describe('agent sandbox access', () => {
  it('the spec gets the host network and the binaries mount only when asked', () => {
    expect(agentWorkspaceSpec(SPEC, undefined)).toBe(SPEC);
    expect(agentWorkspaceSpec(SPEC, { network: 'none', env: { K: 'v' } })).toMatchObject({
      network: 'loopback',
      mounts: SPEC.mounts,
    });
    expect(agentWorkspaceSpec(SPEC, { network: 'host', binDir: '/opt/bin' })).toMatchObject({
      network: 'host',
      mounts: [...(SPEC.mounts ?? []), { hostPath: '/opt/bin', sandboxPath: AGENT_BIN_DIR }],
    });
  });

  it("the agent's view adds the variables and PATH to every exec; the command's own win", async () => {
    const seen: (ExecOptions | undefined)[] = [];
    const inner = {
      id: 'sb',
      provider: 'fake',
      workdir: '/workspace',
      exec: async (_command: string | readonly string[], options?: ExecOptions) => {
        seen.push(options);
        return {
          exitCode: 0,
          signal: undefined,
          stdout: '',
          stderr: '',
          timedOut: false,
          truncated: false,
          durationMs: 1,
        };
      },
    } as unknown as Sandbox;
    expect(agentView(inner, undefined)).toBe(inner);
    const view = agentView(inner, { env: { KEY: 'from-run', OTHER: 'x' }, binDir: '/opt/bin' });
    expect(view.workdir).toBe('/workspace');
    await view.exec('true', { env: { OTHER: 'from-task' }, timeoutMs: 5 });
    expect(seen[0]).toEqual({
      timeoutMs: 5,
      env: {
        KEY: 'from-run',
        OTHER: 'from-task',
        PATH: `${AGENT_BIN_DIR}:/opt/swelancer/node/bin:/usr/local/bin:/usr/bin:/bin`,
      },
    });
  });

  it('resolves variables from the environment and refuses what cannot work', async () => {
    expect(resolveAgentSandbox({ agentEnv: ['A_KEY'] }, { A_KEY: 'secret-value' })).toEqual({
      network: 'none',
      env: { A_KEY: 'secret-value' },
    });
    expect(() => resolveAgentSandbox({ agentEnv: ['MISSING'] }, {})).toThrow(
      '--agent-env MISSING: expected MISSING to be set in the environment of swelancer',
    );
    expect(() => resolveAgentSandbox({ agentEnv: ['SWELANCER_TASK_ID'] }, {})).toThrow(
      /not starting with SWELANCER_, found "SWELANCER_TASK_ID"/,
    );
    expect(() => resolveAgentSandbox({ agentEnv: ['1BAD'] }, {})).toThrow(/variable name/);

    const open = path.join(root, 'bin');
    await mkdir(open, { mode: 0o755 });
    await chmod(open, 0o755);
    expect(resolveAgentSandbox({ agentNetwork: 'host', agentPath: open }, {})).toEqual({
      network: 'host',
      env: {},
      binDir: open,
    });
    const closed = path.join(root, 'closed');
    await mkdir(closed, { mode: 0o700 });
    expect(() => resolveAgentSandbox({ agentPath: closed }, {})).toThrow(/found "mode 700"/);
    const inner = path.join(closed, 'bin');
    await mkdir(inner, { mode: 0o755 });
    await chmod(inner, 0o755);
    expect(() => resolveAgentSandbox({ agentPath: inner }, {})).toThrow(
      `every folder above it searchable by others: chmod o+x ${closed}`,
    );
    expect(() => resolveAgentSandbox({ agentPath: path.join(root, 'nope') }, {})).toThrow(
      /expected an existing folder of agent binaries/,
    );
    expect(() => resolveAgentSandbox({ agentPath: 'relative/bin' }, {})).toThrow(
      /expected an absolute path/,
    );
  });

  it('only the host network changes attempt keys; the default keeps the old key', () => {
    const old = attemptKey('task-hash', { agent: 'command' }, 0);
    expect(attemptKey('task-hash', { agent: 'command' }, 0, 'none')).toBe(old);
    expect(attemptKey('task-hash', { agent: 'command' }, 0, 'host')).not.toBe(old);
  });
});

describe('redaction', () => {
  it('replaces every occurrence in bytes, leaving the rest intact', () => {
    const data = Buffer.concat([
      Buffer.from([0, 1, 2]),
      Buffer.from('key=sk-12345678;again sk-12345678'),
      Buffer.from([255]),
    ]);
    const out = Buffer.from(redactBytes(data, ['sk-12345678', 'short']));
    expect(out).toEqual(
      Buffer.concat([
        Buffer.from([0, 1, 2]),
        Buffer.from('key=[redacted];again [redacted]'),
        Buffer.from([255]),
      ]),
    );
  });

  it('redacts strings inside details, even ones JSON would escape', () => {
    const secret = 'sk-"quoted\\key';
    const result = redactResult(
      {
        key: 'k',
        taskId: 't',
        agentLabel: 'a',
        attemptIndex: 0,
        status: 'agent_error',
        priceUsd: 1,
        earnedUsd: 0,
        partialCredit: undefined,
        costUsd: null,
        usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 },
        model: undefined,
        startedAt: '',
        finishedAt: '',
        durationMs: 1,
        infraRetries: 0,
        explanation: `exited: ${secret}`,
        details: { errors: [`at ${secret}`], n: 3 },
        artifacts: {},
      },
      [secret],
    );
    expect(result.explanation).toBe('exited: [redacted]');
    expect(result.details).toEqual({ errors: ['at [redacted]'], n: 3 });
  });
});
