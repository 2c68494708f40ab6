/**
 * `--max-spend` across workers: one counter in Redis (`INCRBYFLOAT`), added to by every
 * priced model call of every worker as it happens. Workers start no attempt once it reaches
 * the cap and the coordinator pauses the queue; attempts in flight finish, so the cap can be
 * passed by what they spend, as in a local run. The counter can exceed the run's recorded
 * cost: tries lost to a dead worker were paid too.
 */
import { SpendMeter } from '../model/spend.ts';
import { spentKey } from './protocol.ts';
import type { Redis } from './redis.ts';

/** A worker's meter: counts locally (for the agent's own checks) and adds to the run's counter. */
export class SharedSpendMeter extends SpendMeter {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #warn: (message: string) => void;

  constructor(
    redis: Redis,
    runId: string,
    limitUsd: number | undefined,
    warn: (m: string) => void,
  ) {
    super(limitUsd);
    this.#redis = redis;
    this.#key = spentKey(runId);
    this.#warn = warn;
  }

  override add(costUsd: number | undefined): void {
    super.add(costUsd);
    if (costUsd === undefined || costUsd <= 0) return;
    // Not awaited: a model call is not held up by Redis; a lost increment only lets the
    // cap be passed by that call's cost (the coordinator's floor is the recorded cost).
    this.#redis
      .incrbyfloat(this.#key, costUsd)
      .catch((error: unknown) => this.#warn(`could not add to the run's spend: ${String(error)}`));
  }
}

/** What the run's workers have spent so far, in USD. */
export async function sharedSpent(redis: Redis, runId: string): Promise<number> {
  const value = Number(await redis.get(spentKey(runId)));
  return Number.isFinite(value) ? value : 0;
}

/**
 * The coordinator's floor for the counter: what the run directory records. Set only when the
 * counter is missing (a new run, or a Redis that lost its data); never lowers it.
 */
export async function floorSpent(redis: Redis, runId: string, recordedUsd: number): Promise<void> {
  await redis.set(spentKey(runId), String(recordedUsd), 'NX');
}
