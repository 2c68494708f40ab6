import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { type Logger, silentLogger } from '../../util/logger.ts';
import {
  defaultSandboxRoot,
  orphanSlots,
  populateRunnerFolder,
  populateWorkspace,
  readOwner,
  removeSlot,
  reserveSlot,
  type Slot,
  type SlotOwner,
  writeOwner,
} from '../host-workspace.ts';
import {
  ETC_ALLOWLIST,
  HOST_NETWORK_ETC,
  nodeFolder,
  runnerPathOf,
  SANDBOX_NODE_DIR,
  SANDBOX_RUNNER_DIR,
  SANDBOX_WORKDIR,
  sandboxPathOf,
  writeIdentityFiles,
} from '../layout.ts';
import { currentHarness, ownerFromLabels, ownerLabels, ownerLiveness } from '../owner.ts';
import { DEFAULT_RETRY_DELAYS_MS, retrying } from '../retry.ts';
import type {
  Availability,
  ImageSandbox,
  ImageSandboxSpec,
  Sandbox,
  SandboxProvider,
  WorkspaceSpec,
} from '../types.ts';
import { createImageSandbox, IMAGE_SANDBOX_LABEL } from './image-sandbox.ts';
import { ContainerSandbox, removeContainer } from './sandbox.ts';

export const DEFAULT_IMAGE = 'localhost/swelancer-sandbox:1';
export const DEFAULT_SOCKET = '/run/swelancer-podman.sock';
const LABEL = 'swelancer.sandbox';
const SLOT_LABEL = 'swelancer.slot';

export interface ContainerProviderOptions {
  /** Docker Engine API socket (Docker or `podman system service`). @default `DOCKER_HOST` (unix://…), else /run/swelancer-podman.sock */
  dockerSocket?: string;
  /** @default localhost/swelancer-sandbox:1 (built by scripts/sandbox-image.sh) */
  image?: string;
  /**
   * Bind-mount the host's /usr and a few /etc files read-only, so node, git and Chromium
   * come from the host. Turn off for an image that brings its own system. @default true
   */
  hostSystem?: boolean;
  /** CPU cores a container may use. @default 2 */
  cpus?: number;
  /** Host folder for workspaces (bind-mounted into containers). @default as the `local` provider */
  rootDir?: string;
  /** @default process.execPath */
  nodeBinary?: string;
  uidBase?: number;
  uidCount?: number;
  /** @default a silent logger */
  logger?: Logger;
  /** Waits between tries of removing a container or killing an exec. @default DEFAULT_RETRY_DELAYS_MS (about 30 s in all) */
  retryDelaysMs?: readonly number[];
}

export function resolveSocket(options: ContainerProviderOptions, env = process.env): string {
  if (options.dockerSocket) return options.dockerSocket;
  const host = env.DOCKER_HOST;
  if (host?.startsWith('unix://')) return host.slice('unix://'.length);
  return DEFAULT_SOCKET;
}

/** The `container` provider: one container per sandbox through the Docker Engine API. */
export function createContainerProvider(options: ContainerProviderOptions = {}): SandboxProvider & {
  readonly rootDir: string;
} {
  const socketPath = resolveSocket(options);
  const docker = new Docker({ socketPath, timeout: 60_000 });
  const image = options.image ?? DEFAULT_IMAGE;
  const rootDir = options.rootDir ?? defaultSandboxRoot();
  const logger = options.logger ?? silentLogger;
  const hostSystem = options.hostSystem ?? true;
  const nodeDir = nodeFolder(options.nodeBinary ?? process.execPath);

  return {
    name: 'container',
    rootDir,

    async available(): Promise<Availability> {
      const setup =
        "run scripts/sandbox-setup.sh (starts Podman's API service and builds the image)";
      if (!existsSync(socketPath)) {
        return {
          ok: false,
          reason: `no Docker Engine API socket at ${socketPath}: ${setup}, or set DOCKER_HOST`,
        };
      }
      try {
        await docker.ping();
      } catch (error) {
        return {
          ok: false,
          reason: `the API at ${socketPath} does not answer (${(error as Error).message}): ${setup}`,
        };
      }
      try {
        await docker.getImage(image).inspect();
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) {
          return { ok: false, reason: `image ${image} not found: ${setup}` };
        }
        return {
          ok: false,
          reason: `the API at ${socketPath} cannot describe image ${image} (${(error as Error).message})`,
        };
      }
      return { ok: true };
    },

    async create(spec: WorkspaceSpec): Promise<Sandbox> {
      const claim = { provider: 'container', label: spec.label };
      const slot = await reserveSlot(rootDir, claim, options.uidBase, options.uidCount);
      const id = `${spec.label.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40)}-${slot.uid}-${randomBytes(2).toString('hex')}`;
      const harness = await currentHarness();
      const owner: SlotOwner = {
        id,
        label: spec.label,
        provider: 'container',
        uid: slot.uid,
        ...harness,
        createdAt: new Date().toISOString(),
        cgroups: [],
      };
      let container: Docker.Container | undefined;
      let runner: Slot | undefined;
      try {
        await writeOwner(slot, owner);
        if (spec.runner) {
          // A slot of its own gives the runner a uid of its own (and leftover clean-up).
          runner = await reserveSlot(rootDir, claim, options.uidBase, options.uidCount);
          await writeOwner(runner, { ...owner, id: `${id}-runner`, uid: runner.uid });
          await populateRunnerFolder(runner);
        }
        await writeIdentityFiles(slot.dir, slot.uid, runner?.uid);
        await populateWorkspace(slot, spec.sourceDir);
        const binds = [
          ...(hostSystem ? ['/usr:/usr:ro', ...etcBinds(spec.network)] : []),
          ...(hostSystem && nodeDir ? [`${nodeDir}:${SANDBOX_NODE_DIR}:ro`] : []),
          `${path.join(slot.dir, 'passwd')}:/etc/passwd:ro`,
          `${path.join(slot.dir, 'group')}:/etc/group:ro`,
          `${path.join(slot.dir, 'hosts')}:/etc/hosts:ro`,
          `${slot.workspace}:${SANDBOX_WORKDIR}:rw`,
          ...(spec.mounts ?? []).map((m) => `${m.hostPath}:${sandboxPathOf(m.sandboxPath)}:ro`),
          // The runner's folder is its uid's, mode 0700: the sandbox's uid cannot enter it,
          // so it cannot reach the mounts inside either.
          ...(runner ? [`${runner.workspace}:${SANDBOX_RUNNER_DIR}:rw`] : []),
          ...(spec.runner?.mounts ?? []).map(
            (m) => `${m.hostPath}:${runnerPathOf(m.sandboxPath)}:ro`,
          ),
        ];
        const tmpSize = Math.min(spec.limits.diskBytes, spec.limits.memoryBytes);
        container = await docker.createContainer({
          name: `swelancer-${id}`,
          Image: image,
          // PID 1 only reaps orphans, so zombies never pile up against the pids limit.
          Entrypoint: [
            'perl',
            '-e',
            '$SIG{TERM}=sub{exit 0}; for(;;){ sleep 1 if waitpid(-1, 0) == -1 }',
          ],
          Cmd: [],
          User: `${slot.uid}:${slot.uid}`,
          WorkingDir: SANDBOX_WORKDIR,
          Hostname: 'sandbox',
          Labels: { [LABEL]: '1', [SLOT_LABEL]: slot.dir, ...ownerLabels(harness) },
          NetworkDisabled: spec.network === 'none',
          HostConfig: {
            Binds: binds,
            // `host`: the opt-in for CLI agents that call their model API (WorkspaceSpec).
            NetworkMode: spec.network === 'host' ? 'host' : 'none',
            ReadonlyRootfs: true,
            Tmpfs: { '/tmp': `rw,exec,size=${tmpSize},mode=1777` },
            ShmSize: Math.min(spec.limits.memoryBytes, 512 * 1024 ** 2),
            Memory: spec.limits.memoryBytes,
            MemorySwap: spec.limits.memoryBytes,
            PidsLimit: spec.limits.maxProcesses,
            NanoCpus: Math.round((options.cpus ?? 2) * 1e9),
            CapDrop: ['ALL'],
            SecurityOpt: ['no-new-privileges'],
            // Listing any ulimit replaces the engine's defaults, and root here cannot raise
            // nofile or nproc above the host's hard limits: set all three explicitly.
            Ulimits: [
              { Name: 'fsize', Soft: spec.limits.diskBytes, Hard: spec.limits.diskBytes },
              { Name: 'nofile', Soft: 4096, Hard: 4096 },
              { Name: 'nproc', Soft: spec.limits.maxProcesses, Hard: spec.limits.maxProcesses },
            ],
          },
        });
        owner.containerId = container.id;
        await writeOwner(slot, owner);
        await container.start();
        logger.debug(`sandbox ${id}: container ${container.id.slice(0, 12)} started`);
        return new ContainerSandbox({
          id,
          spec,
          slot,
          runner,
          docker,
          container,
          logger,
          ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
        });
      } catch (error) {
        const made = container;
        await retrying(
          async () => {
            if (made) await removeContainer(made);
            await removeSlot(slot.dir);
            if (runner) await removeSlot(runner.dir);
          },
          { delaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS },
        ).catch((cleanup: unknown) => {
          // The create fails either way (with its own error, below); what is left here is
          // labelled with its owner and removed by cleanupLeftovers once this process ends.
          logger.warn(`sandbox ${id}: could not remove what a failed create left: ${cleanup}`);
        });
        throw error;
      }
    },

    createFromImage(spec: ImageSandboxSpec): Promise<ImageSandbox> {
      return createImageSandbox(docker, spec, {
        logger,
        ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
      });
    },

    /**
     * Removes the containers and slots of this provider's root folder whose harness is gone,
     * judged by the owner their labels and records name: never one of a live harness, nor
     * one made on another host, nor a container that names no owner or slot. Other roots
     * (another user's, a test's) are theirs to clean. A leftover that cannot be removed is
     * reported and left for the next call.
     */
    async cleanupLeftovers(): Promise<number> {
      let removed = 0;
      const kept = new Set<string>();
      const containers = await docker.listContainers({ all: true, filters: { label: [LABEL] } });
      for (const info of containers) {
        const owner = ownerFromLabels(info.Labels);
        const slot = info.Labels[SLOT_LABEL];
        if (slot === undefined || path.resolve(path.dirname(slot)) !== path.resolve(rootDir)) {
          continue;
        }
        if (!owner || (await ownerLiveness(owner)) !== 'dead') {
          kept.add(slot);
          continue;
        }
        try {
          await removeContainer(docker.getContainer(info.Id));
          if (path.basename(slot).startsWith('sb-')) await removeSlot(slot);
        } catch (error) {
          kept.add(slot);
          logger.warn(`could not remove leftover container ${info.Id.slice(0, 12)}: ${error}`);
          continue;
        }
        logger.debug(`removed leftover container sandbox ${info.Names[0] ?? info.Id}`);
        removed++;
      }
      removed += await removeDeadImageSandboxes(docker, logger);
      for (const dir of await orphanSlots(rootDir)) {
        const owner = await readOwner(dir);
        // A slot whose container is still there goes with that container.
        if (owner?.provider !== 'container' || kept.has(dir)) continue;
        try {
          await removeSlot(dir);
        } catch (error) {
          logger.warn(`could not remove leftover sandbox ${dir}: ${error}`);
          continue;
        }
        removed++;
      }
      return removed;
    },
  };
}

function etcBinds(network: WorkspaceSpec['network']): string[] {
  const names = network === 'host' ? [...ETC_ALLOWLIST, ...HOST_NETWORK_ETC] : ETC_ALLOWLIST;
  return names
    .map((name) => `/etc/${name}`)
    .filter((file) => existsSync(file))
    .map((file) => `${file}:${file}:ro`);
}

/** Image sandboxes (which have no slot) whose harness is gone. */
async function removeDeadImageSandboxes(docker: Docker, logger: Logger): Promise<number> {
  let removed = 0;
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [IMAGE_SANDBOX_LABEL] },
  });
  for (const info of containers) {
    const owner = ownerFromLabels(info.Labels);
    if (!owner || (await ownerLiveness(owner)) !== 'dead') continue;
    try {
      await removeContainer(docker.getContainer(info.Id));
    } catch (error) {
      logger.warn(`could not remove leftover container ${info.Id.slice(0, 12)}: ${error}`);
      continue;
    }
    logger.debug(`removed leftover image sandbox ${info.Names[0] ?? info.Id}`);
    removed++;
  }
  return removed;
}
