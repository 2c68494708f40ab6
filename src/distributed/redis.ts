/**
 * Redis connections for queue mode. bullmq and ioredis load here, on first use, so a run
 * without `--queue` never loads them.
 */
import { InputError } from '../errors.ts';

export type Bull = typeof import('bullmq');
export type Redis = import('ioredis').Redis;

/** The queue URL: the flag's value, else `SWELANCER_REDIS_URL`. */
export function queueUrlOf(given: string | true | undefined, env: NodeJS.ProcessEnv): string {
  const url = typeof given === 'string' ? given : env.SWELANCER_REDIS_URL;
  if (url === undefined || url === '') {
    throw new InputError(
      'FLAG_INVALID',
      'expected a Redis URL (redis://[:password@]host:port or rediss://...), or SWELANCER_REDIS_URL in the environment',
      { location: '--queue' },
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError('FLAG_INVALID', `${withoutPassword(url)}: expected a redis:// URL`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new InputError(
      'FLAG_INVALID',
      `${withoutPassword(url)}: expected a redis:// or rediss:// URL`,
      { location: '--queue' },
    );
  }
  return url;
}

/** The URL's password (and user name), to be redacted from every log line. */
export function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [decodeURIComponent(parsed.password)].filter((s) => s !== '');
  } catch {
    return [];
  }
}

/** The URL as it may be shown: the password replaced by `***`. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

export async function loadBull(): Promise<Bull> {
  return import('bullmq');
}

/**
 * A connection BullMQ can use (it requires `maxRetriesPerRequest: null`), checked with a
 * PING so that a wrong URL or password fails at once with a clear message. `autoPipeline`
 * sends the commands issued in one tick together (the coordinator reads and removes
 * hundreds of jobs at once); never for a connection that blocks (a worker's).
 */
export async function connectRedis(url: string, autoPipeline = false): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableAutoPipelining: autoPipeline,
    lazyConnect: true,
    // A restarting Redis is waited for; reconnection attempts back off up to 2 s.
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Errors after the first connection are reconnected; without a listener they would crash.
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(
      'FLAG_INVALID',
      `cannot use the Redis at ${withoutPassword(url)}: ${message}`,
      { location: '--queue', cause: error },
    );
  }
  return redis;
}
