/**
 * Part of buildApp's wiring: the shop's Redis when REDIS_URL is set. One client for sessions, carts and rate-limit
 * counters, and the watch on whether Redis keeps what it holds; both stop when the app closes.
 */
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { createRedis, redisReady } from './redis/connect.js';
import { watchRedisData, type RedisDataWatch } from './redis/persistence.js';

export interface ShopRedis {
  redis: Redis | undefined;
  redisData: RedisDataWatch | undefined;
}

export async function connectShopRedis(app: FastifyInstance, config: Config, now: () => number): Promise<ShopRedis> {
  if (!config.redisUrl) return { redis: undefined, redisData: undefined };
  const redis = await createRedis(config.redisUrl, (error: Error) =>
    app.log.warn({ err: { message: error.message } }, 'redis connection error'),
  );
  // Start even when Redis is down: /readyz says so, requests answer 503, and the client reconnects by itself.
  await redisReady(redis).catch((error: Error) =>
    app.log.warn({ err: { message: error.message } }, 'redis is not reachable yet'),
  );
  app.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())));
  // Does Redis keep the carts, and did it? Checked now and after every reconnect (production refuses a volatile one).
  const redisData = watchRedisData(redis, {
    refuseVolatile: config.env === 'production' && !config.redisAllowVolatile,
    reportLossForMs: config.sessionTtlMs,
    now,
    log: app.log,
  });
  app.addHook('onClose', async () => redisData.stop());
  await redisData.start().catch((error: unknown) => {
    redisData.stop();
    redis.disconnect();
    throw error;
  });
  return { redis, redisData };
}
