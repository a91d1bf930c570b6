/**
 * Sessions in Redis: one hash per session (`<prefix>{<id>}:session` with created, expires and the cart version)
 * that expires with the session (PEXPIREAT), taking its cart with it. Reads never write; `extend` only moves the
 * expiry (the stored value and the keys' PEXPIREAT), never the cart data.
 *
 * `purgeExpired` returns 0 and deletes nothing: Redis removes expired keys itself, so there is nothing to purge.
 * The stored expiry is still checked against `now` in `find`, as in SQL. Keys vanish at `expiresAt` by Redis's clock,
 * so the app's and Redis's clocks must agree (NTP); a `now` far from the real time makes sessions expire at once.
 */
import { allSessionKeys, DEFAULT_KEY_PREFIX, sessionKeys, type RedisStoreOptions } from '../redis/keys.js';
import type { RedisClient } from '../redis/connect.js';
import { defineScript } from '../redis/scripts.js';
import { CREATE_SESSION, EXTEND_SESSION, ROTATE_SESSION } from './redis-session-scripts.js';
import { newSessionId, type SessionStore } from './session-store.js';

export function createRedisSessionStore(redis: RedisClient, options: RedisStoreOptions = {}): SessionStore {
  const prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const keysOf = (id: string) => {
    const keys = sessionKeys(prefix, id);
    return [keys.session, keys.cart];
  };
  const createScript = defineScript<number>(redis, 'kagoSessionCreate', CREATE_SESSION, 2);
  const extendScript = defineScript<number>(redis, 'kagoSessionExtend', EXTEND_SESSION, 2);
  const keyCount = allSessionKeys(prefix, '').length;
  const rotateScript = defineScript<number | string>(redis, 'kagoSessionRotate', ROTATE_SESSION, keyCount * 2);

  return {
    async find(id, now) {
      const expires = await redis.hget(sessionKeys(prefix, id).session, 'expires');
      if (expires === null) return undefined;
      const expiresAt = Number(expires);
      return expiresAt > now ? { id, expiresAt } : undefined;
    },
    async create(now, ttlMs) {
      const expiresAt = now + ttlMs;
      // A 210-bit random id never collides; the script refuses to overwrite anyway, so try a fresh id if it ever does.
      for (;;) {
        const id = newSessionId();
        if ((await createScript(keysOf(id), [now, expiresAt])) === 1) return { id, expiresAt };
      }
    },
    async extend(id, expiresAt) {
      await extendScript(keysOf(id), [expiresAt]);
    },
    async purgeExpired() {
      return 0;
    },
    async rotate(id, now) {
      for (;;) {
        const next = newSessionId();
        const moved = await rotateScript([...allSessionKeys(prefix, id), ...allSessionKeys(prefix, next)], [now]);
        if (moved === 0) return undefined;
        if (typeof moved === 'string') return { id: next, expiresAt: Number(moved) };
      }
    },
  };
}
