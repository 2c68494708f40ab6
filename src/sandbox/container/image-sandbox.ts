/**
 * A sandbox that is a container of an image bringing its own system, user and start-up, as
 * the official SWE-Lancer images do (their `ENTRYPOINT`/`CMD` start services and write a
 * readiness file): the image's entrypoint runs untouched, commands run as root in the
 * image's working folder through the shell the image expects, files move through the API's
 * archive endpoints. Unlike a workspace sandbox nothing of the host is mounted.
 */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { InfraError } from '../../errors.ts';
import type { Logger } from '../../util/logger.ts';
import { currentHarness, ownerLabels } from '../owner.ts';
import { DEFAULT_RETRY_DELAYS_MS, retrying } from '../retry.ts';
import type { ExecOptions, ExecResult, ImageSandbox, ImageSandboxSpec } from '../types.ts';
import { ContainerArchiveFiles } from './archive-files.ts';
import { ContainerExecs, describeError } from './execs.ts';
import { removeContainer } from './sandbox.ts';

/** The label every image sandbox carries, for the clean-up of a killed harness's leftovers. */
export const IMAGE_SANDBOX_LABEL = 'swelancer.image-sandbox';

/** The noise `bash -i` prints without a terminal, dropped from the start of stderr. */
const INTERACTIVE_NOISE =
  /^bash: cannot set terminal process group \(-?\d+\): Inappropriate ioctl for device\nbash: no job control in this shell\n/;

export async function createImageSandbox(
  docker: Docker,
  spec: ImageSandboxSpec,
  options: { logger: Logger; retryDelaysMs?: readonly number[] },
): Promise<ImageSandbox> {
  const harness = await currentHarness();
  const id = `${spec.label.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40)}-${randomBytes(3).toString('hex')}`;
  const container = await docker.createContainer({
    name: `swelancer-${id}`,
    Image: spec.image,
    Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
    // As the official harness creates them: a terminal and open stdin, root.
    Tty: true,
    OpenStdin: true,
    User: '0',
    Labels: { [IMAGE_SANDBOX_LABEL]: '1', ...ownerLabels(harness) },
    HostConfig: {
      NetworkMode: spec.network,
      ExtraHosts: [...(spec.extraHosts ?? [])],
    },
  });
  try {
    await container.start();
  } catch (error) {
    await removeContainer(container).catch(() => {});
    throw error;
  }
  options.logger.debug(`sandbox ${id}: container ${container.id.slice(0, 12)} of ${spec.image}`);
  const workdir = (await container.inspect()).Config.WorkingDir || '/';
  return new ImageContainerSandbox({ id, docker, container, spec, workdir, ...options });
}

class ImageContainerSandbox implements ImageSandbox {
  readonly id: string;
  readonly provider = 'container';
  readonly workdir: string;
  readonly #docker: Docker;
  readonly #container: Docker.Container;
  readonly #spec: ImageSandboxSpec;
  readonly #logger: Logger;
  readonly #retryDelaysMs: readonly number[];
  readonly #execs: ContainerExecs;
  readonly #files: ContainerArchiveFiles;
  #disposed = false;
  #disposal: Promise<InfraError | undefined> | undefined;

  constructor(init: {
    id: string;
    docker: Docker;
    container: Docker.Container;
    spec: ImageSandboxSpec;
    workdir: string;
    logger: Logger;
    retryDelaysMs?: readonly number[];
  }) {
    const { id, docker, container, spec } = init;
    this.id = id;
    this.#docker = docker;
    this.#container = container;
    this.#spec = spec;
    this.#logger = init.logger;
    this.#retryDelaysMs = init.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.workdir = init.workdir;
    this.#execs = new ContainerExecs({
      id,
      docker,
      container,
      logger: init.logger,
      limits: spec.limits,
      disposal: () => this.#disposal,
      retryDelaysMs: this.#retryDelaysMs,
    });
    this.#files = new ContainerArchiveFiles(container, this.workdir, async (folder) => {
      const made = await this.exec(['mkdir', '-p', '--', folder]);
      if (made.exitCode !== 0) throw new Error(`mkdir -p ${folder}: ${made.stderr.trim()}`);
    });
  }

  async exec(command: string | readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (this.#disposed || this.#disposal) throw new Error(`sandbox ${this.id} is disposed`);
    const argv = typeof command === 'string' ? [...this.#spec.shell, command] : command;
    const cwd = options.cwd ? posixResolve(this.workdir, options.cwd) : this.workdir;
    const { done } = await this.#execs.start(argv, {
      uid: 0,
      env: { ...options.env },
      workingDir: cwd,
      pidDir: '/tmp/.swelancer',
      options,
    });
    const result = await done;
    return { ...result, stderr: withoutInteractiveNoise(result.stderr) };
  }

  async running(): Promise<boolean> {
    const info = await this.#container.inspect();
    return info.State.Running === true;
  }

  async cutNetwork(): Promise<void> {
    const info = await this.#container.inspect();
    for (const name of Object.keys(info.NetworkSettings.Networks ?? {})) {
      await this.#docker
        .getNetwork(name)
        .disconnect({ Container: this.#container.id, Force: true });
    }
  }

  readFile(file: string): Promise<Uint8Array> {
    return this.#files.readFile(file);
  }

  writeFile(file: string, data: string | Uint8Array): Promise<void> {
    return this.#files.writeFile(file, data);
  }

  copyIn(hostPath: string, sandboxPath: string): Promise<void> {
    return this.#files.copyIn(hostPath, sandboxPath);
  }

  copyOut(sandboxPath: string, hostPath: string): Promise<void> {
    return this.#files.copyOut(sandboxPath, hostPath);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposal ??= this.#remove();
    const failure = await this.#disposal;
    if (failure) {
      this.#disposal = undefined;
      throw failure;
    }
  }

  async #remove(): Promise<InfraError | undefined> {
    const container = this.#container;
    try {
      await retrying(() => removeContainer(container), {
        delaysMs: this.#retryDelaysMs,
        onFailure: (error, tries, next) =>
          this.#logger.warn(
            `sandbox ${this.id}: could not remove container ${container.id.slice(0, 12)} (try ${tries}): ${describeError(error)}${next === undefined ? '' : `; trying again in ${next} ms`}`,
          ),
      });
    } catch (error) {
      const failure = new InfraError(
        `sandbox ${this.id}: could not remove container ${container.id.slice(0, 12)}: ${describeError(error)}`,
        { cause: error },
      );
      this.#execs.cutOffAll(failure);
      return failure;
    }
    this.#disposed = true;
    this.#execs.cutOffAll(undefined);
    return undefined;
  }
}

function posixResolve(base: string, relative: string): string {
  return relative.startsWith('/') ? relative : `${base.replace(/\/$/, '')}/${relative}`;
}

function withoutInteractiveNoise(stderr: string): string {
  return stderr.replace(INTERACTIVE_NOISE, '');
}
