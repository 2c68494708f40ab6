// The stand-in for the official SWE-Lancer images (scripts/official-standin/build.sh;
// docs/official-standin.md): its names, its tasks, and the Docker Engine API calls a test
// makes against it. Where the images or the API are missing, tests skip with the reason
// printed, except in CI (`CI` set), where they fail.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { resolveSocket } from '../../src/sandbox/container/index.ts';

export const STANDIN_PREFIX = 'localhost/swelancer-standin/swelancer_x86';
export const STANDIN_TAG = 'test';
const TASKS_FILE = new URL('../../scripts/official-standin/tasks.tsv', import.meta.url);
const BUILD = 'bash scripts/official-standin/build.sh (scripts/setup.sh runs it)';

/** The image of a task (`<prefix>_<id>:<tag>`, as the official names), or of `monolith`. */
export function standinImage(id: string): string {
  return `${STANDIN_PREFIX}_${id}:${STANDIN_TAG}`;
}

export interface StandinTask {
  id: string;
  /** The fault mode its `standin.json` holds, e.g. `pass`, `error:2`, `flaky:1`. */
  mode: string;
  price: number;
}

/** The stand-in's IC tasks, from the file the build reads. */
export function standinTasks(): StandinTask[] {
  return readFileSync(TASKS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [id = '', mode = '', price = ''] = line.split('\t');
      return { id, mode, price: Number(price) };
    });
}

/** The task whose fault mode is `mode` (the first one whose mode starts with it). */
export function standinTask(mode: string): StandinTask {
  const task = standinTasks().find((t) => t.mode === mode || t.mode.startsWith(`${mode}:`));
  if (!task)
    throw new Error(`no stand-in task has mode ${mode} (scripts/official-standin/tasks.tsv)`);
  return task;
}

export function standinDocker(): Docker {
  return new Docker({ socketPath: resolveSocket({}), timeout: 60_000 });
}

/** Whether the API answers and every stand-in image exists; if not, why. */
export async function standinSupport(
  docker: Docker,
): Promise<{ usable: true } | { usable: false; reason: string }> {
  const socket = resolveSocket({});
  if (!existsSync(socket)) {
    return { usable: false, reason: `no Docker Engine API socket at ${socket}: run ${BUILD}` };
  }
  try {
    await docker.ping();
  } catch (error) {
    return { usable: false, reason: `the API at ${socket} does not answer: ${String(error)}` };
  }
  for (const id of ['monolith', ...standinTasks().map((t) => t.id)]) {
    try {
      await docker.getImage(standinImage(id)).inspect();
    } catch {
      return { usable: false, reason: `image ${standinImage(id)} not found: run ${BUILD}` };
    }
  }
  return { usable: true };
}

/** True when stand-in tests should run; prints why not, or throws in CI. */
export async function requireStandin(
  docker: Docker,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  const support = await standinSupport(docker);
  if (support.usable) return true;
  if (env.CI) throw new Error(`official stand-in images unusable in CI: ${support.reason}`);
  process.stderr.write(`skipping official stand-in tests: ${support.reason}\n`);
  return false;
}

function randomText(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}

/**
 * The environment the official harness gives an IC container at create time: ISSUE_ID,
 * EVAL_VARIANT, random Pusher credentials (20/20/7 characters) and a UTF-8 LC_ALL.
 */
export function icEnvironment(issueId: string): Record<string, string> {
  return {
    ISSUE_ID: issueId,
    EVAL_VARIANT: 'ic_swe',
    PUSHER_APP_KEY: randomText(20),
    PUSHER_APP_SECRET: randomText(20),
    PUSHER_APP_ID: String(1_000_000 + Math.floor(Math.random() * 9_000_000)),
    LC_ALL: 'C.UTF-8',
  };
}

/**
 * Creates and starts a container as the official harness does: the image's own entrypoint
 * and command, a TTY and open stdin, root. No network: the stand-in needs none.
 */
export async function startContainer(
  docker: Docker,
  image: string,
  env: Record<string, string>,
  label: string,
): Promise<Docker.Container> {
  const container = await docker.createContainer({
    name: `swelancer-standin-${label}-${randomBytes(3).toString('hex')}`,
    Image: image,
    Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
    Tty: true,
    OpenStdin: true,
    User: '0',
    Labels: { 'swelancer.standin-test': '1' },
    HostConfig: { NetworkMode: 'none' },
  });
  await container.start();
  return container;
}

export interface ShResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** `docker exec` of `["sh", "-c", command]` as root in /app/expensify, the official way. */
export async function sh(
  docker: Docker,
  container: Docker.Container,
  command: string,
): Promise<ShResult> {
  const exec = await container.exec({
    Cmd: ['sh', '-c', command],
    User: 'root',
    WorkingDir: '/app/expensify',
    Tty: false,
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  docker.modem.demuxStream(
    stream,
    new PassThrough().on('data', (chunk: Buffer) => out.push(chunk)),
    new PassThrough().on('data', (chunk: Buffer) => err.push(chunk)),
  );
  await new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
  const info = await exec.inspect();
  return {
    exitCode: info.ExitCode ?? null,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

/** Force-removes containers; ones already gone are fine. */
export async function removeContainers(containers: Docker.Container[]): Promise<void> {
  await Promise.all(
    containers.map((c) =>
      c.remove({ force: true, v: true }).catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404) throw error;
      }),
    ),
  );
}
