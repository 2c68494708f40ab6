/**
 * Telling a dead worker from a slow one. BullMQ sees only that a job's lock was not renewed
 * in time ("stalled"): the worker was killed, or frozen, but also when Redis was away longer
 * than the lock, or when the worker's event loop was starved (a loaded machine, a long
 * synchronous step). Only a death may cost an attempt one of its two lives, so each worker
 * keeps a pulse: a Redis key that lives half a lock, set again every sixth of a lock from a
 * thread of its own, which a busy event loop does not hold up and which dies with the
 * process. A worker that takes up a stalled attempt looks at its last holder's pulse: beating
 * (or back within a grace period after Redis restarted), the stall was not a death.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { Redis } from './redis.ts';

/** The Redis key of a worker's pulse. */
export function pulseKey(workerId: string): string {
  return `swl:worker:${workerId}:pulse`;
}

export interface Pulse {
  /** This worker process's id (random: a restarted worker is another worker). */
  id: string;
  stop(): Promise<void>;
}

export interface PulseTimings {
  /** How long a pulse lives without a beat: half a lock. */
  ttlMs: number;
  /** How often it beats: a third of its life. */
  everyMs: number;
  /** How long a missing pulse is waited for: a beat, and a reconnection to a restarted Redis. */
  graceMs: number;
}

export function pulseTimings(lockMs: number): PulseTimings {
  const ttlMs = Math.max(300, Math.round(lockMs / 2));
  const everyMs = Math.round(ttlMs / 3);
  return { ttlMs, everyMs, graceMs: everyMs + 2000 };
}

/**
 * Starts beating. A dead worker's pulse is gone before its lock: the lock was renewed at most
 * half a lock before the death, the pulse a sixth of a lock before it and lives half a lock.
 */
export function startPulse(
  redis: Redis,
  url: string,
  lockMs: number,
  warn: (message: string) => void,
): Pulse {
  const id = randomUUID();
  const { ttlMs, everyMs } = pulseTimings(lockMs);
  const thread = new Worker(new URL('./pulse-thread.ts', import.meta.url), {
    workerData: { url, key: pulseKey(id), ttlMs, everyMs },
  });
  thread.unref();
  // Without a pulse this worker's stalls count as deaths: worth saying, not worth stopping.
  thread.on('error', (error) => warn(`pulse thread stopped: ${error.message}`));
  return {
    id,
    async stop() {
      await thread.terminate();
      await redis.del(pulseKey(id)).catch(() => undefined);
    },
  };
}

/**
 * Whether the worker `id` is alive: its pulse is beating. A Redis that restarted lost or
 * expired every pulse, and a live worker sets its own again within a beat of reconnecting:
 * while Redis has been up for less than `graceMs`, a missing pulse is waited for until then.
 * (A dead worker's re-delivery is not held up on a Redis that kept running.)
 */
export async function isBeating(redis: Redis, id: string, graceMs: number): Promise<boolean> {
  if ((await redis.exists(pulseKey(id))) === 1) return true;
  const upMs = await redisUptimeMs(redis);
  if (upMs >= graceMs) return false;
  await sleep(graceMs - upMs);
  return (await redis.exists(pulseKey(id))) === 1;
}

async function redisUptimeMs(redis: Redis): Promise<number> {
  const info = await redis.info('server');
  const seconds = /^uptime_in_seconds:(\d+)/m.exec(info)?.[1];
  // Unknown (a Redis-compatible server that does not say): assume it may have just restarted.
  return seconds === undefined ? 0 : Number(seconds) * 1000;
}
