import type Docker from 'dockerode';
import { InfraError } from '../../errors.ts';
import type { Logger } from '../../util/logger.ts';
import { DEFAULT_RETRY_DELAYS_MS, retrying } from '../retry.ts';
import { describeError } from './execs.ts';

export interface ContainerDisposalInit {
  /** The sandbox's id, in messages. */
  id: string;
  container: Docker.Container;
  logger: Logger;
  /** What the sandbox owns besides its container (e.g. host folders), removed after it. */
  alsoRemove?: () => Promise<void>;
  /** Lets the running execs go: as killed (undefined) or with the dispose's failure. */
  cutOffExecs(failure: InfraError | undefined): void;
  /** Waits between tries. @default DEFAULT_RETRY_DELAYS_MS (about 30 s in all) */
  retryDelaysMs?: readonly number[];
}

/**
 * The dispose of a container sandbox: removes the container (which kills every process in
 * it) and what else the sandbox owns, retried with backoff through an API outage. If that
 * still fails, the running execs are let go (they end with an InfraError and hold nothing
 * open) and the dispose throws; the container is left to `cleanupLeftovers`, and a later
 * call tries again. Once it worked, further calls do nothing.
 */
export class ContainerDisposal {
  readonly #init: ContainerDisposalInit;
  #done = false;
  #pending: Promise<InfraError | undefined> | undefined;

  constructor(init: ContainerDisposalInit) {
    this.#init = init;
  }

  /** The dispose in progress (or done), if any: resolves with its failure. */
  get pending(): Promise<InfraError | undefined> | undefined {
    return this.#pending;
  }

  /** Whether a dispose has started: no command may start any more. */
  get started(): boolean {
    return this.#done || this.#pending !== undefined;
  }

  async dispose(): Promise<void> {
    if (this.#done) return;
    this.#pending ??= this.#remove();
    const failure = await this.#pending;
    if (failure) {
      this.#pending = undefined;
      throw failure;
    }
  }

  async #remove(): Promise<InfraError | undefined> {
    const { id, container, logger } = this.#init;
    try {
      await retrying(
        async () => {
          await removeContainer(container);
          await this.#init.alsoRemove?.();
        },
        {
          delaysMs: this.#init.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
          onFailure: (error, tries, next) =>
            logger.warn(
              `sandbox ${id}: could not remove container ${container.id.slice(0, 12)} (try ${tries}): ${describeError(error)}${next === undefined ? '' : `; trying again in ${next} ms`}`,
            ),
        },
      );
    } catch (error) {
      const failure = new InfraError(
        `sandbox ${id}: could not remove container ${container.id.slice(0, 12)}: ${describeError(error)}`,
        { cause: error },
      );
      this.#init.cutOffExecs(failure);
      return failure;
    }
    this.#done = true;
    // Removing the container ended every exec's stream; this only makes sure of it.
    this.#init.cutOffExecs(undefined);
    logger.debug(`sandbox ${id}: disposed`);
    return undefined;
  }
}

/** Force-removes a container (kills every process in it); a missing one is fine. */
export async function removeContainer(container: Docker.Container): Promise<void> {
  try {
    await container.remove({ force: true, v: true });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
}
