/**
 * A real redis-server for queue tests: loopback, a free port, its own temporary directory,
 * AOF on, a password, `noeviction` (BullMQ's production settings). Installed by
 * scripts/setup.sh (Debian's redis-server).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface TestRedis {
  url: string;
  password: string;
  /** Redis's data directory (AOF files). */
  dir: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'swl-redis-'));
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const port = await freePort();
  const server: ChildProcess = spawn(
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
      ...['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''],
      ...['--maxmemory-policy', 'noeviction', '--requirepass', password],
    ],
    { stdio: 'ignore' },
  );
  const spawned = new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new Error(`redis-server did not start (scripts/setup.sh installs it): ${error}`)),
    );
    server.once('spawn', () => resolve());
  });
  await spawned;
  const url = `redis://:${password}@127.0.0.1:${port}`;
  const { Redis } = await import('ioredis');
  for (let i = 0; ; i++) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      break;
    } catch (error) {
      client.disconnect();
      if (i > 100) throw error;
      await sleep(50);
    }
  }
  return {
    url,
    password,
    dir,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
