/**
 * A real image registry for tests (Debian's `docker-registry`, the CNCF distribution) on
 * loopback, a free port and its own storage directory, and a Podman API service of its own
 * that may talk plain HTTP to it. Podman only pulls from an HTTP registry listed as
 * `insecure` in its registries.conf, read once by the service at start: so the test starts a
 * service with a registries.conf naming this registry (`CONTAINERS_REGISTRIES_CONF`), over
 * the same image storage as the sandbox's service, and leaves the machine's files alone.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import { freePort } from './redis-server.ts';

export interface TestRegistry {
  /** `127.0.0.1:<port>`: the registry part of an image name. */
  host: string;
  /** The Docker Engine API socket of a Podman service that trusts this registry over HTTP. */
  socket: string;
  /** Stops the registry (its storage stays): pulls from it fail. */
  stop(): Promise<void>;
  /** Starts it again on the same port and storage. */
  start(): Promise<void>;
  /** Stops the registry and the Podman service, and removes their files. */
  close(): Promise<void>;
}

/** Why a registry test cannot run here, or undefined when it can. */
export function registryUnavailable(): string | undefined {
  for (const program of ['docker-registry', 'podman']) {
    if (spawnSync(program, ['--version'], { stdio: 'ignore' }).status !== 0) {
      return `${program} is not installed (apt-get install -y docker-registry podman)`;
    }
  }
  return undefined;
}

export async function startRegistry(): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'swl-registry-'));
  const host = `127.0.0.1:${await freePort()}`;
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: warn }',
      `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} } }`,
      `http: { addr: "${host}" }`,
      '',
    ].join('\n'),
  );
  const registriesConf = join(dir, 'registries.conf');
  writeFileSync(registriesConf, `[[registry]]\nlocation = "${host}"\ninsecure = true\n`);
  let registry: ChildProcess | undefined;
  const start = async () => {
    registry = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
    await until(`the registry at ${host}`, async () => {
      const response = await fetch(`http://${host}/v2/`).catch(() => undefined);
      return response?.ok === true;
    });
  };
  const stop = () => exited(registry);
  await start();

  const socket = join(dir, 'podman.sock');
  const containersConf = process.env.CONTAINERS_CONF ?? '/etc/swelancer/containers.conf';
  // From / : conmon leaves an `oom` marker file in the service's working directory.
  const podman = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], {
    cwd: '/',
    stdio: 'ignore',
    env: {
      ...process.env,
      CONTAINERS_REGISTRIES_CONF: registriesConf,
      ...(existsSync(containersConf) ? { CONTAINERS_CONF: containersConf } : {}),
    },
  });
  await until(`a Podman API service on ${socket}`, async () => {
    if (!existsSync(socket)) return false;
    return new Docker({ socketPath: socket, timeout: 2000 }).ping().then(
      () => true,
      () => false,
    );
  });
  return {
    host,
    socket,
    stop,
    start,
    async close() {
      await Promise.all([stop(), exited(podman)]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function until(what: string, ready: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await ready()) return;
    await sleep(100);
  }
  throw new Error(`${what} did not answer within 20 s`);
}

function exited(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return done;
}
