/**
 * A queue worker gets the official image the run pinned from a real registry: a stand-in
 * task image (a test-only name, an id of its own) is pushed to a registry on loopback and
 * planned by a coordinator with `--pull` (so the run records the registry's repo digest),
 * then removed from the engine. A worker refuses while the registry is down (saying what it
 * tried) or with `--no-pull`; once the registry is back, a worker pulls the image by digest,
 * attaches, and the attempt is recorded. A run whose image is a local build (no registry
 * digest) is refused with a message saying to build or load it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../src/store/run-store.ts';
import { icCsv } from './run-helpers.ts';
import { type CliProcess, startCli } from './support/cli-process.ts';
import { requireStandin, standinDocker, standinImage } from './support/official-standin.ts';
import { startRedis, type TestRedis } from './support/redis-server.ts';
import { registryUnavailable, startRegistry, type TestRegistry } from './support/registry.ts';

const TASK = 'standin_pass';
const unavailable = registryUnavailable();
if (unavailable && process.env.CI)
  throw new Error(`image pull tests unusable in CI: ${unavailable}`);
if (unavailable) process.stderr.write(`skipping the image pull tests: ${unavailable}\n`);
const usable = !unavailable && (await requireStandin(standinDocker()));

let root: string;
let registry: TestRegistry;
let redis: TestRedis;
let docker: Docker;
/** Ids of the test-only images (a label makes each id unique to this test), removed at the end. */
const madeImages: string[] = [];
const started: CliProcess[] = [];

beforeAll(async () => {
  if (!usable) return;
  root = mkdtempSync(join(tmpdir(), 'swl-image-pull-'));
  writeFileSync(join(root, 'tasks.csv'), icCsv([{ id: TASK, price: 1000 }]));
  [registry, redis] = await Promise.all([startRegistry(), startRedis()]);
  docker = new Docker({ socketPath: registry.socket, timeout: 120_000 });
}, 60_000);

afterEach(() => {
  for (const cli of started.splice(0)) cli.child.kill('SIGKILL');
});

afterAll(async () => {
  if (!usable) return;
  // By id: a pulled image keeps its `repo@sha256:…` name after its tag is removed.
  for (const id of madeImages) {
    await docker
      .getImage(id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  await Promise.all([registry?.close(), redis?.stop()]);
  rmSync(root, { recursive: true, force: true });
});

function cli(args: string[]): CliProcess {
  const process = startCli(args, {
    cwd: root,
    env: { DOCKER_HOST: `unix://${registry.socket}` },
  });
  started.push(process);
  return process;
}

/** The stand-in task's image under `prefix`, built with a label of its own (its own id). */
async function buildTestImage(prefix: string): Promise<string> {
  const name = `${prefix}_${TASK}:t${randomBytes(4).toString('hex')}`;
  const context = mkdtempSync(join(root, 'build-'));
  writeFileSync(
    join(context, 'Dockerfile'),
    `FROM ${standinImage(TASK)}\nLABEL swelancer.image-pull-test="${name}"\n`,
  );
  await followed(docker.buildImage({ context, src: ['Dockerfile'] }, { t: name }));
  madeImages.push((await docker.getImage(name).inspect()).Id);
  return name;
}

async function followed(stream: Promise<NodeJS.ReadableStream>): Promise<void> {
  const events = await stream;
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(
      events,
      (error: Error | null) => (error ? reject(error) : resolve()),
      (event: { error?: string }) => event.error && reject(new Error(event.error)),
    ),
  );
}

/** Plans a queue run of the task in `name`'s image, and waits until its job is queued. */
async function coordinator(name: string, runDir: string, ...flags: string[]): Promise<CliProcess> {
  const [prefix, tag] = [name.slice(0, name.lastIndexOf(`_${TASK}:`)), name.split(':').at(-1)];
  const run = cli([
    ...['run', 'tasks.csv', '--agent', 'gold', '--sandbox', 'container', '--run-dir', runDir],
    ...['--official-image-prefix', prefix, '--official-image-tag', tag ?? ''],
    ...['--max-infra-retries', '0', '--queue', redis.url, ...flags],
  ]);
  await run.waitFor(/queued 1 attempt/);
  return run;
}

function worker(...flags: string[]): CliProcess {
  return cli(['worker', redis.url, '--sandbox', 'container', ...flags]);
}

describe.skipIf(!usable)('a queue worker pulls the run’s images by digest', () => {
  it('refuses while the registry is down or with --no-pull, then pulls by digest, attaches and records the attempt', {
    timeout: 300_000,
  }, async () => {
    const name = await buildTestImage(`${registry.host}/swelancer-pull-test/swelancer_x86`);
    const repository = name.slice(0, name.lastIndexOf(':'));
    await followed(docker.getImage(repository).push({ tag: name.split(':').at(-1) }));
    // Podman records a digest of its own manifest on push, not the registry's: the run should
    // pin an image pulled from the registry, as a coordinator's host that pulls it does.
    await docker.getImage(name).remove();
    const run = await coordinator(name, 'pulled', '--pull');
    const store = openRunStore(join(root, 'pulled'), { readonly: true });
    const [pinned] = store.manifest().images ?? [];
    store.close();
    expect(pinned?.name).toBe(name);
    const digest = pinned?.repoDigests.find((d) => d.startsWith(`${repository}@sha256:`));
    expect(digest).toBeDefined();

    await docker.getImage(name).remove();
    await registry.stop();
    const down = worker();
    expect(await down.exited, down.stderr()).toBe(2);
    expect(down.stderr()).toMatch(/tried docker pull .*: .*connection refused/);
    expect(down.stderr()).toContain(
      `this worker could not get them: ${name}: expected ${pinned?.id}, found no such image ` +
        `here; tried docker pull ${digest}: `,
    );
    const noPull = worker('--no-pull');
    expect(await noPull.exited).toBe(2);
    expect(noPull.stderr()).toContain(`(docker pull ${digest}), found no such image here`);

    await registry.start();
    const puller = worker();
    expect(await run.exited, run.stderr()).toBe(0);
    expect(puller.stderr()).toContain(`pulled ${digest} as ${name} (${pinned?.id}, as the run`);
    expect(puller.stderr()).toMatch(/attached to the run/);
    expect((await docker.getImage(name).inspect()).Id).toBe(pinned?.id);
    const done = openRunStore(join(root, 'pulled'), { readonly: true });
    const results = done.results();
    done.close();
    expect(results.map((r) => [r.taskId, r.status])).toEqual([[TASK, 'passed']]);
    const details = results[0]?.details as { worker?: { images?: string[] } };
    expect(details.worker?.images).toEqual([`${name}@${pinned?.id}`]);
    puller.child.kill('SIGTERM');
    expect(await puller.exited).toBe(0);
  });

  it('refuses a run whose image is a local build, saying to build or load it here', {
    timeout: 120_000,
  }, async () => {
    const name = await buildTestImage(
      `localhost/swelancer-pull-test-${randomBytes(3).toString('hex')}/swelancer_x86`,
    );
    const run = await coordinator(name, 'local-build');
    const store = openRunStore(join(root, 'local-build'), { readonly: true });
    const [pinned] = store.manifest().images ?? [];
    store.close();
    await docker.getImage(name).remove();
    const refused = worker();
    expect(await refused.exited).toBe(2);
    expect(refused.stderr()).toContain(
      `${name}: expected ${pinned?.id}, found no such image here; the run recorded no ` +
        'registry digest for it (a local build): build or load (docker load) that image on this host',
    );
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
  });
});
