/**
 * The body of a worker's pulse thread (`pulse.ts`): sets the worker's pulse key every
 * `everyMs`, for `ttlMs`, on a Redis connection of its own, until the thread is terminated
 * (with the process: a `kill -9` or a frozen process stops it too).
 */
import { setInterval as every } from 'node:timers/promises';
import { workerData } from 'node:worker_threads';
import { Redis } from 'ioredis';

interface PulseData {
  url: string;
  key: string;
  ttlMs: number;
  everyMs: number;
}

const { url, key, ttlMs, everyMs } = workerData as PulseData;
const redis = new Redis(url, {
  // A beat that cannot be sent is dropped, not queued: the next one follows soon.
  maxRetriesPerRequest: 0,
  // Back as soon as a restarted Redis answers, so the pulse is not taken for a death.
  retryStrategy: (times) => Math.min(times * 100, 500),
});
redis.on('error', () => {});
const beat = () => redis.set(key, '1', 'PX', ttlMs).catch(() => undefined);
await beat();
for await (const _ of every(everyMs)) await beat();
