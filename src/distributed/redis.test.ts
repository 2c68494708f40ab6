import { expect, it } from 'vitest';
import { queueUrlOf, urlSecrets, withoutPassword } from './redis.ts';
import { timingsFrom } from './timings.ts';

it('takes the queue URL from the flag, else SWELANCER_REDIS_URL, and refuses other schemes', () => {
  const env = { SWELANCER_REDIS_URL: 'redis://:from-env-secret@10.0.0.5:6379' };
  expect(queueUrlOf('redis://127.0.0.1:6379', env)).toBe('redis://127.0.0.1:6379');
  expect(queueUrlOf(true, env)).toBe(env.SWELANCER_REDIS_URL);
  expect(() => queueUrlOf(true, {})).toThrow(/SWELANCER_REDIS_URL/);
  expect(() => queueUrlOf('http://:p4ssword-long@host:8080', {})).toThrow(
    'http://:***@host:8080/: expected a redis:// or rediss:// URL',
  );
});

it('never shows the password: redacted from logs and shown as ***', () => {
  const url = 'rediss://worker:s3cret%2Fpassword@redis.internal:6380/0';
  expect(urlSecrets(url)).toEqual(['s3cret/password']);
  expect(withoutPassword(url)).toBe('rediss://worker:***@redis.internal:6380/0');
  expect(urlSecrets('redis://127.0.0.1:6379')).toEqual([]);
});

it('reads the lock duration for tests, the stalled check at half of it', () => {
  expect(timingsFrom({})).toEqual({ lockMs: 30_000, stalledMs: 15_000 });
  expect(timingsFrom({ SWELANCER_QUEUE_LOCK_MS: '2000' })).toEqual({
    lockMs: 2000,
    stalledMs: 1000,
  });
  expect(() => timingsFrom({ SWELANCER_QUEUE_LOCK_MS: '10' })).toThrow(/expected an integer ≥ 500/);
});
