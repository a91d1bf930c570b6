/**
 * The one Redis connection a process shares (sessions, carts, rate-limit counters). Tuned for a web app: when Redis
 * is down a command fails at once (the web layer answers 503) instead of queueing until it comes back, the client
 * keeps reconnecting in the background so the app recovers by itself, and connection errors go to `onError`
 * instead of crashing the process.
 */
import type { Cluster, Redis } from 'ioredis';

/** What the stores take: one shared client, standalone or cluster (keys are hash-tagged per session). */
export type RedisClient = Redis | Cluster;

/** Reconnect delay: 50 ms doubling to 2 s, plus up to 100 ms of jitter so many processes do not reconnect in step. */
export function reconnectDelay(attempt: number): number {
  return Math.min(50 * 2 ** Math.min(attempt - 1, 6), 2000) + Math.floor(Math.random() * 100);
}

/**
 * A client for `url`. The driver is loaded here, on first use, not when this module is: a shop without REDIS_URL
 * never loads it (about 0.1 s of CPU at every process start, and the suite starts a few hundred).
 */
export async function createRedis(url: string, onError: (error: Error) => void): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    // A command that is not answered when the connection drops is rejected, never re-sent after the reconnect:
    // a re-sent cart script could apply twice (its retry would see the first run as a concurrent change).
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // While disconnected, commands fail immediately ("Stream isn't writeable...") rather than waiting in a queue.
    enableOfflineQueue: false,
    retryStrategy: reconnectDelay,
    connectTimeout: 2000,
    // A Redis that accepts connections but stops answering must not hold requests forever.
    commandTimeout: 2000,
  });
  redis.on('error', onError);
  return redis;
}

/**
 * Resolves once the client is ready for commands (with the offline queue off, commands sent before that fail),
 * rejects after `timeoutMs`. For the start of a process and for tests.
 */
export function redisReady(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('end', onEnd);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => done();
    const onEnd = () => done(new Error('the Redis connection was closed before it became ready'));
    const timer = setTimeout(() => done(new Error(`Redis was not ready within ${timeoutMs} ms`)), timeoutMs);
    redis.on('ready', onReady);
    redis.on('end', onEnd);
  });
}
