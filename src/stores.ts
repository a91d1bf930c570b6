/**
 * Where sessions and carts live: Redis when REDIS_URL is set (shared by every process, expiring by itself), the
 * database otherwise. Orders and the catalog always stay in the database.
 */
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { CartStore } from './cart/cart-store.js';
import { createRedisCartStore } from './cart/redis-cart-store.js';
import { createSqlCartStore } from './cart/sql-cart-store.js';
import type { Database } from './db/schema.js';
import { createRedisSessionStore } from './session/redis-session-store.js';
import { createSqlSessionStore, type SessionStore } from './session/session-store.js';

export interface Stores {
  sessions: SessionStore;
  carts: CartStore;
}

/**
 * `now` is the shop's clock (tests move it); Redis expires keys by its own. `onSessionStarted` hears of each new
 * Redis session (redis/persistence.ts counts them, to say how many a Redis that lost its data took with it).
 */
export function createStores(
  db: Kysely<Database>,
  redis: Redis | undefined,
  now: () => number,
  onSessionStarted?: () => void,
): Stores {
  if (redis) {
    const sessions = createRedisSessionStore(redis);
    const create = sessions.create;
    const counted: SessionStore = {
      ...sessions,
      async create(time, ttlMs) {
        const session = await create(time, ttlMs);
        onSessionStarted?.();
        return session;
      },
    };
    return { sessions: counted, carts: createRedisCartStore(redis) };
  }
  return { sessions: createSqlSessionStore(db, now), carts: createSqlCartStore(db, now) };
}
