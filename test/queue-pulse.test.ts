/**
 * A worker's pulse on a real redis-server: it beats from its own thread, so a main thread
 * blocked past the pulse's life (a starved event loop) still looks alive, and a stopped
 * worker looks dead once Redis has been up long enough to be sure.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isBeating, pulseKey, pulseTimings, startPulse } from '../src/distributed/pulse.ts';
import { connectRedis, type Redis } from '../src/distributed/redis.ts';
import { startRedis, type TestRedis } from './support/redis-server.ts';

const LOCK_MS = 600;
let server: TestRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startRedis();
  redis = await connectRedis(server.url);
}, 30_000);

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

it('beats while the main thread is blocked past its life; a stopped pulse is a death', {
  timeout: 30_000,
}, async () => {
  const { ttlMs, graceMs } = pulseTimings(LOCK_MS);
  const pulse = startPulse(redis, server.url, LOCK_MS, (message) => {
    throw new Error(message);
  });
  await expect.poll(() => redis.exists(pulseKey(pulse.id)), { timeout: 5000 }).toBe(1);

  // Busy for three lives of the pulse: only a beat from another thread keeps it.
  const until = performance.now() + ttlMs * 3;
  while (performance.now() < until) {
    // blocked
  }
  expect(await redis.exists(pulseKey(pulse.id))).toBe(1);
  expect(await isBeating(redis, pulse.id, graceMs)).toBe(true);

  await pulse.stop();
  expect(await isBeating(redis, pulse.id, graceMs)).toBe(false);
});
