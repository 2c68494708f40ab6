/**
 * `network: 'host'`, the opt-in for CLI agents that call their model API, in both providers:
 * a TCP server the test starts on the host's 127.0.0.1 is unreachable from a sandbox with its
 * own loopback and reachable from one on the host's network. Name resolution (resolv.conf)
 * is visible only with the host's network.
 */
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSandboxProvider } from '../src/sandbox/registry.ts';
import { DEFAULT_LIMITS, type SandboxProvider, type WorkspaceSpec } from '../src/sandbox/types.ts';
import { tempDir } from './ic-helpers.ts';
import { requireContainers } from './support/container.ts';

const TOKEN = 'hello-from-the-host-side';
let server: net.Server;
let port: number;
let source: string;

beforeAll(async () => {
  server = net.createServer((socket) => socket.end(`${TOKEN}\n`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
  source = await tempDir('host-net');
});
afterAll(async () => {
  server.close();
  await rm(source, { recursive: true, force: true });
});

/** Connects to the host's server from inside; prints what it read or the error code. */
function connectScript(): string[] {
  return [
    'node',
    '-e',
    `require('node:net').connect(${port}, '127.0.0.1')
      .on('data', (d) => { process.stdout.write(String(d)); process.exit(0); })
      .on('error', (e) => { process.stdout.write(e.code); process.exit(3); });`,
  ];
}

async function probe(
  provider: SandboxProvider,
  network: WorkspaceSpec['network'],
): Promise<{ exitCode: number | null; stdout: string; resolv: number | null }> {
  const sandbox = await provider.create({
    label: `net-${network}`,
    sourceDir: source,
    network,
    limits: DEFAULT_LIMITS,
  });
  try {
    const connect = await sandbox.exec(connectScript(), { timeoutMs: 30_000 });
    const resolv = await sandbox.exec(['test', '-e', '/etc/resolv.conf'], { timeoutMs: 30_000 });
    return { exitCode: connect.exitCode, stdout: connect.stdout.trim(), resolv: resolv.exitCode };
  } finally {
    await sandbox.dispose();
  }
}

const containers = await requireContainers();

for (const name of ['local', 'container'] as const) {
  const usable = name === 'local' || containers;
  describe(`sandbox provider "${name}": host network opt-in`, () => {
    it.skipIf(!usable)(
      'loopback cannot reach the host loopback; host can',
      { timeout: 60_000 },
      async () => {
        const provider = await openSandboxProvider(name);
        const own = await probe(provider, 'loopback');
        expect(own).toEqual({ exitCode: 3, stdout: 'ECONNREFUSED', resolv: 1 });
        const none = await probe(provider, 'none');
        expect(none.exitCode).not.toBe(0);
        expect(none.stdout).not.toContain(TOKEN);
        const host = await probe(provider, 'host');
        expect(host).toEqual({ exitCode: 0, stdout: TOKEN, resolv: 0 });
      },
    );
  });
}

describe('the facade', () => {
  it('refuses an unknown network mode, naming the ones that exist', async () => {
    const provider = await openSandboxProvider('local');
    await expect(
      provider.create({
        label: 'bad',
        sourceDir: source,
        network: 'bridge' as WorkspaceSpec['network'],
        limits: DEFAULT_LIMITS,
      }),
    ).rejects.toThrow('field "network": expected "loopback", "none" or "host", found "bridge"');
  });
});
