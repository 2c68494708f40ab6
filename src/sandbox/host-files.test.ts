import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InfraError } from '../errors.ts';
import { withFacade } from './facade.ts';
import { readFileIfExists, SandboxFileNotFoundError } from './file-errors.ts';
import { HostWorkspaceFiles } from './host-files.ts';
import type { Sandbox } from './types.ts';
import { DEFAULT_LIMITS } from './types.ts';

/** A sandbox whose files are a host folder, behind the facade as the runner sees it. */
async function sandboxOver(dir: string): Promise<Sandbox> {
  const files = new HostWorkspaceFiles(dir, '/workspace', process.getuid?.() ?? 0);
  const inner = {
    id: 'files',
    provider: 'files',
    workdir: '/workspace',
    exec: () => Promise.reject(new Error('not used')),
    readFile: (file: string) => files.readFile(file),
    writeFile: (file: string, data: string | Uint8Array) => files.writeFile(file, data),
    copyIn: (from: string, to: string) => files.copyIn(from, to),
    copyOut: (from: string, to: string) => files.copyOut(from, to),
    dispose: async () => {},
  } satisfies Sandbox;
  const provider = withFacade({
    name: 'files',
    available: async () => ({ ok: true }),
    create: async () => inner,
    cleanupLeftovers: async () => 0,
  });
  return provider.create({
    label: 'files',
    sourceDir: dir,
    network: 'none',
    limits: DEFAULT_LIMITS,
  });
}

describe('reading a host-folder workspace', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'swl-files-'));
    await writeFile(path.join(dir, 'report.json'), '{}');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('tells a file the sandbox has not written apart from a read that failed', async () => {
    const sandbox = await sandboxOver(dir);
    expect(Buffer.from(await sandbox.readFile('report.json')).toString()).toBe('{}');
    await expect(sandbox.readFile('missing.json')).rejects.toBeInstanceOf(SandboxFileNotFoundError);
    await expect(sandbox.readFile('report.json/inner')).rejects.toBeInstanceOf(
      SandboxFileNotFoundError,
    );
    expect(await readFileIfExists(sandbox, 'missing.json')).toBeUndefined();
    await rm(dir, { recursive: true });
    await expect(sandbox.readFile('report.json')).rejects.toBeInstanceOf(InfraError);
    await expect(readFileIfExists(sandbox, 'report.json')).rejects.toBeInstanceOf(InfraError);
  });
});
