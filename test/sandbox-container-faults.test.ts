// The container provider under Docker-API faults, injected by a proxy in front of the real
// socket: a step whose outcome the provider cannot learn is an InfraError, never a result.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InfraError } from '../src/errors.ts';
import { resolveSocket } from '../src/sandbox/container/index.ts';
import type { ContainerSandbox } from '../src/sandbox/container/sandbox.ts';
import type { SandboxFacade } from '../src/sandbox/facade.ts';
import { openSandboxProvider } from '../src/sandbox/index.ts';
import type { Sandbox, SandboxProvider } from '../src/sandbox/types.ts';
import { DEFAULT_LIMITS } from '../src/sandbox/types.ts';
import { requireContainers } from './support/container.ts';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.ts';

const PROJECT = path.resolve(fileURLToPath(import.meta.url), '../..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const usable = await requireContainers();
const EXEC_INSPECT = /^GET \/(v[\d.]+\/)?exec\/[0-9a-f]+\/json/;

if (!usable) {
  describe('container sandbox under API faults', () => {
    it.skip('needs a Docker Engine API and the sandbox image (see the printed reason)', () => {});
  });
}

describe.runIf(usable)('container sandbox under API faults', () => {
  const upstream = resolveSocket({});
  const docker = new Docker({ socketPath: upstream });
  let root: string;
  let sourceDir: string;
  let proxy: FaultProxy;
  let provider: SandboxProvider;
  const live: Sandbox[] = [];

  const create = async () => {
    const sandbox = await provider.create({
      label: 'faults',
      sourceDir,
      network: 'loopback',
      limits: { ...DEFAULT_LIMITS, wallTimeMs: 30_000 },
    });
    live.push(sandbox);
    return sandbox;
  };
  const containerOf = (sandbox: Sandbox) =>
    ((sandbox as SandboxFacade).inner as ContainerSandbox).containerId;

  beforeAll(async () => {
    root = await mkdtemp('/tmp/swl-faults-');
    await chmod(root, 0o711);
    sourceDir = path.join(root, 'source');
    await mkdir(sourceDir);
    await writeFile(path.join(sourceDir, 'README.md'), '# fixture\n');
    execFileSync('git', ['init', '-q'], { cwd: sourceDir });
    proxy = await startFaultProxy(upstream);
    provider = await openSandboxProvider('container', {
      dockerSocket: proxy.socketPath,
      rootDir: path.join(root, 'sandboxes'),
    });
  });

  afterEach(async () => {
    proxy.up();
    proxy.failWhen(undefined);
    proxy.cutHalfClosedStreams(false);
    await Promise.all(live.splice(0).map((sandbox) => sandbox.dispose()));
  });

  afterAll(async () => {
    await proxy?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("an outage when the exec's exit code is read is an InfraError, not exit null", async () => {
    const sandbox = await create();
    proxy.failWhen(EXEC_INSPECT);
    await expect(sandbox.exec('exit 0')).rejects.toBeInstanceOf(InfraError);
    expect(proxy.log.some((line) => EXEC_INSPECT.test(line) && line.endsWith(' 503'))).toBe(true);
    proxy.failWhen(undefined);
    expect((await sandbox.exec('exit 3')).exitCode).toBe(3);
  });

  it('an exec whose stream ends while the command still runs is not read as exit 0', async () => {
    const sandbox = await create();
    proxy.cutHalfClosedStreams(true);
    const started = Date.now();
    await expect(sandbox.exec('sleep 3; exit 0')).rejects.toBeInstanceOf(InfraError);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a dispose that meets an outage is retried, and removes the container once the API is back', async () => {
    const sandbox = await create();
    const id = containerOf(sandbox);
    proxy.down();
    const disposing = sandbox.dispose();
    await sleep(1500);
    proxy.up();
    await disposing;
    expect(proxy.log.some((line) => /^DELETE \S*containers\/.* 503$/.test(line))).toBe(true);
    await expect(docker.getContainer(id).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  // A run-like sequence: a command left running, then an outage that outlasts the dispose's
  // retries. The harness must still exit as soon as it is done, not when the command's
  // 10-minute limit runs out; what it leaked is a leftover of a dead harness.
  it('a harness whose dispose fails in an outage exits promptly; the leftover is cleaned up', async () => {
    const rootDir = path.join(root, 'outage');
    const child = spawn(
      process.execPath,
      [path.join(PROJECT, 'test/support/outage-harness.ts'), proxy.socketPath, rootDir, sourceDir],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const lines: string[] = [];
    const arrivals = new Map<string, number>();
    child.stdout.on('data', (data: Buffer) => {
      for (const line of String(data).split('\n').filter(Boolean)) {
        lines.push(line);
        arrivals.set(line, Date.now());
      }
    });
    let gone = false;
    const exited = new Promise<number>((resolve) =>
      child.once('exit', () => {
        gone = true;
        resolve(Date.now());
      }),
    );
    const seen = async (line: string): Promise<number> => {
      for (;;) {
        const at = arrivals.get(line);
        if (at !== undefined) return at;
        if (gone) throw new Error(`harness exited without "${line}": ${lines}`);
        await sleep(20);
      }
    };
    await seen('ready');
    proxy.down();
    child.stdin.write('go\n');
    const summary = await seen('summary');
    const exit = await Promise.race([exited, sleep(10_000).then(() => undefined)]);
    if (exit === undefined) child.kill('SIGKILL');
    proxy.up();
    expect(lines.toSorted()).toEqual([
      'dispose: InfraError',
      'exec: InfraError',
      'ready',
      'summary',
    ]);
    expect(exit).toBeDefined();
    expect((exit ?? Infinity) - summary).toBeLessThan(2000);
    const cleaner = await openSandboxProvider('container', { rootDir });
    expect(await cleaner.cleanupLeftovers()).toBeGreaterThanOrEqual(1);
    expect(readdirSync(rootDir).filter((name) => name.startsWith('sb-'))).toEqual([]);
  });
});
