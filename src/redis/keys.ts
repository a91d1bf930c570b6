/**
 * Key names. Every key of a session shares the hash tag `{<id>}`, so they live in one slot and a script can touch
 * them together on Redis Cluster. The prefix keeps kago's keys apart from anything else on the same Redis.
 */
export const DEFAULT_KEY_PREFIX = 'kago:';

/** Options both Redis stores take. */
export interface RedisStoreOptions {
  /** Prepended to every key (default `kago:`). */
  keyPrefix?: string;
}

export interface SessionKeys {
  /** Hash: created, expires (ms since the epoch), version (the cart version). */
  session: string;
  /** Hash: price id -> packed line (see cart/redis-cart-scripts.ts). */
  cart: string;
}

export function sessionKeys(prefix: string, sessionId: string): SessionKeys {
  const tagged = `${prefix}{${sessionId}}`;
  return { session: `${tagged}:session`, cart: `${tagged}:cart` };
}

/** String: an idempotency key the session's cart recorded (see cart/redis-cart-scripts.ts); in the session's slot. */
export function idempotencyKeyName(prefix: string, sessionId: string, key: string): string {
  return `${prefix}{${sessionId}}:idem:${key}`;
}

/** Every key of a session, in a fixed order: what a rotation moves to the new id. */
export function allSessionKeys(prefix: string, sessionId: string): string[] {
  return Object.values(sessionKeys(prefix, sessionId));
}
