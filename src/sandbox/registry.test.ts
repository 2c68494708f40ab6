import { describe, expect, it } from 'vitest';
import { InfraError, InputError } from '../errors.ts';
import { withFacade } from './facade.ts';
import { openSandboxProvider, sandboxNames } from './registry.ts';
import type { ExecResult, Sandbox, SandboxProvider } from './types.ts';
import { DEFAULT_LIMITS } from './types.ts';
import { serverAndTestsScript } from './with-server.ts';

const result = (stdout: string): ExecResult => ({
  exitCode: 0,
  signal: undefined,
  stdout,
  stderr: '',
  timedOut: false,
  truncated: false,
  durationMs: 1,
});

/** A provider whose sandbox records what the facade passes down. */
function recordingProvider(seen: unknown[], behaviour: 'echo' | 'crash' | 'hang'): SandboxProvider {
  const sandbox: Sandbox = {
    id: 'rec',
    provider: 'rec',
    workdir: '/workspace',
    async exec(command, options) {
      seen.push(options);
      if (behaviour === 'crash') throw new Error('socket closed');
      if (behaviour === 'hang') return new Promise<ExecResult>(() => {});
      return result(`${String(command)}:${'x'.repeat(50)}`);
    },
    readFile: async () => new Uint8Array(),
    writeFile: async () => {},
    copyIn: async () => {},
    copyOut: async () => {},
    dispose: async () => {},
  };
  return {
    name: 'rec',
    available: async () => ({ ok: true }),
    create: async () => sandbox,
    cleanupLeftovers: async () => 0,
  };
}

const spec = {
  label: 't',
  sourceDir: '/nonexistent',
  network: 'loopback' as const,
  limits: { ...DEFAULT_LIMITS, wallTimeMs: 1000, maxOutputBytes: 10 },
};

describe('sandbox registry', () => {
  it('names the known providers when given an unknown one', async () => {
    expect(sandboxNames()).toEqual(['local', 'container']);
    const error = await openSandboxProvider('kubernetes').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      'unknown sandbox provider "kubernetes": expected one of local, container',
    );
  });
});

describe('sandbox facade', () => {
  it('clamps timeouts and output to the sandbox limits', async () => {
    const seen: unknown[] = [];
    const sandbox = await withFacade(recordingProvider(seen, 'echo')).create(spec);
    const out = await sandbox.exec('hi', { timeoutMs: 99_999, maxOutputBytes: 99_999 });
    expect(seen[0]).toMatchObject({ timeoutMs: 1000, maxOutputBytes: 10 });
    expect(out).toMatchObject({ stdout: 'hi:xxxxxxx', truncated: true });
    await expect(sandbox.exec('  ')).rejects.toBeInstanceOf(InputError);
  });

  it('turns provider crashes and hangs into InfraError', async () => {
    const crashing = await withFacade(recordingProvider([], 'crash')).create(spec);
    await expect(crashing.exec('x')).rejects.toThrow(
      /running a command in sandbox rec failed: socket closed/,
    );
    const hanging = await withFacade(recordingProvider([], 'hang'), { graceMs: 10 }).create(spec);
    await expect(hanging.exec('x', { timeoutMs: 20 })).rejects.toBeInstanceOf(InfraError);
  });

  it('rejects limits that are not positive numbers', async () => {
    const provider = withFacade(recordingProvider([], 'echo'));
    await expect(
      provider.create({ ...spec, limits: { ...spec.limits, memoryBytes: 0 } }),
    ).rejects.toThrow('field "limits.memoryBytes": expected a positive number, found 0');
  });
});

describe('serverAndTestsScript', () => {
  it('refuses a port out of range', () => {
    expect(() => serverAndTestsScript({ serve: 's', port: 70000, test: 't' })).toThrow(RangeError);
  });
});
