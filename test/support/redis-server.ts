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
  /** `kill -9` of the server (its AOF stays). */
  kill(): Promise<void>;
  /** Starts the server again on the same port, password and data directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'swl-redis-'));
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const port = await freePort();
  const url = `redis://:${password}@127.0.0.1:${port}`;
  const launch = async (): Promise<ChildProcess> => {
    const server = spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
        ...['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''],
        ...['--maxmemory-policy', 'noeviction', '--requirepass', password],
      ],
      { stdio: 'ignore' },
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) =>
        reject(new Error(`redis-server did not start (scripts/setup.sh installs it): ${error}`)),
      );
      server.once('spawn', () => resolve());
    });
    await untilAnswering(url);
    return server;
  };
  let server = await launch();
  const exited = (child: ChildProcess, signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const done = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    return done.then(() => undefined);
  };
  return {
    url,
    password,
    dir,
    kill: () => exited(server, 'SIGKILL'),
    async restart() {
      server = await launch();
    },
    async stop() {
      await exited(server, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function untilAnswering(url: string): Promise<void> {
  const { Redis } = await import('ioredis');
  for (let i = 0; ; i++) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return;
    } catch (error) {
      client.disconnect();
      if (i > 200) throw error;
      await sleep(50);
    }
  }
}

/** A TCP port on loopback that nothing listens on now. */
export function freePort(): Promise<number> {
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
