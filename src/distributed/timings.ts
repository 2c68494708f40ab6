import { InputError } from '../errors.ts';
import { DEFAULT_TIMINGS, type QueueTimings } from './protocol.ts';

/**
 * The queue's lock duration, from `SWELANCER_QUEUE_LOCK_MS` (tests shorten it to see
 * re-deliveries in seconds); the stalled check runs every half lock. Not a flag: it changes
 * how fast a dead worker's attempt comes back, never a result.
 */
export function timingsFrom(env: NodeJS.ProcessEnv): QueueTimings {
  const text = env.SWELANCER_QUEUE_LOCK_MS;
  if (text === undefined || text === '') return DEFAULT_TIMINGS;
  const lockMs = Number(text);
  if (!Number.isInteger(lockMs) || lockMs < 500) {
    throw new InputError(
      'INPUT_INVALID',
      `SWELANCER_QUEUE_LOCK_MS: expected an integer ≥ 500 (milliseconds), found "${text}"`,
    );
  }
  return { lockMs, stalledMs: Math.max(250, Math.round(lockMs / 2)) };
}
