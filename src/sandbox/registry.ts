import { InputError, SandboxUnavailableError } from '../errors.ts';
import type { Logger } from '../util/logger.ts';
import { type FacadeOptions, withFacade } from './facade.ts';
import type { SandboxProvider } from './types.ts';

/** Options understood by the providers; each provider reads the ones it needs. */
export interface SandboxProviderOptions extends FacadeOptions {
  /** Folder for host-side workspaces. @default `$XDG_CACHE_HOME/swelancer/sandboxes`, else `/tmp/swelancer-sandboxes` */
  rootDir?: string;
  /** `local`: Node binary mounted into sandboxes. @default process.execPath */
  nodeBinary?: string;
  /** First uid handed to sandboxes. @default 200000 */
  uidBase?: number;
  /** `container`: Docker Engine API socket. @default `DOCKER_HOST`, else /run/swelancer-podman.sock */
  dockerSocket?: string;
  /** `container`: image to run. @default localhost/swelancer-sandbox:1 */
  image?: string;
  /** `container`: bind-mount the host's /usr and /etc essentials. @default true */
  hostSystem?: boolean;
  /** `container`: CPU cores per container. @default 2 */
  cpus?: number;
  /** Waits between tries of a dispose (and of killing a container exec). @default about 30 s in all */
  retryDelaysMs?: readonly number[];
  logger?: Logger;
}

/** Lazy so that choosing `local` never loads the Docker client, and the reverse. */
export const SANDBOXES = {
  local: async (options: SandboxProviderOptions): Promise<SandboxProvider> =>
    (await import('./local/index.ts')).createLocalProvider(options),
  container: async (options: SandboxProviderOptions): Promise<SandboxProvider> =>
    (await import('./container/index.ts')).createContainerProvider(options),
} as const;

export type SandboxName = keyof typeof SANDBOXES | (string & {});

export function sandboxNames(): string[] {
  return Object.keys(SANDBOXES);
}

/**
 * Loads a provider by name, checks it can run here, and puts the facade in front of it.
 * Unknown names are an `InputError` listing the known ones; a provider that cannot run on
 * this machine is a `SandboxUnavailableError` saying how to fix it.
 */
export async function openSandboxProvider(
  name: SandboxName,
  options: SandboxProviderOptions = {},
): Promise<SandboxProvider> {
  if (!Object.hasOwn(SANDBOXES, name)) {
    throw new InputError(
      'CONFIG_INVALID',
      `unknown sandbox provider "${name}": expected one of ${sandboxNames().join(', ')}`,
    );
  }
  const provider = await SANDBOXES[name as keyof typeof SANDBOXES](options);
  const availability = await provider.available();
  if (!availability.ok) {
    throw new SandboxUnavailableError(
      `sandbox provider "${name}" cannot run here: ${availability.reason}`,
    );
  }
  return withFacade(provider, options);
}

/**
 * What a command does when it opens a provider: removes the sandboxes that killed harnesses
 * left (slots, cgroups, running containers; never one of a live run, see
 * `cleanupLeftovers`) and logs how many. A failure is logged, not thrown: a leftover costs
 * disk and memory, never a result, and the next start tries again.
 */
export async function removeLeftovers(provider: SandboxProvider, logger: Logger): Promise<number> {
  try {
    const removed = await provider.cleanupLeftovers();
    const message = `removed ${removed} leftover ${provider.name} sandbox${removed === 1 ? '' : 'es'} of harnesses that are no longer running`;
    if (removed > 0) logger.info(message);
    else logger.debug(message);
    return removed;
  } catch (error) {
    logger.warn(
      `could not remove leftover ${provider.name} sandboxes: ${(error as Error).message}`,
    );
    return 0;
  }
}
