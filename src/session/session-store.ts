/**
 * Sessions kept server-side. A session is a pointer: an id, a lifetime and a cart version. Reads never write;
 * extending the lifetime writes only `expires_at`, and at most once a minute per session.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { prepare } from '../db/prepared.js';
import type { Database } from '../db/schema.js';

/** A live session by id; every request with a cookie runs it: compiled once (src/db/prepared.ts). */
export const findQuery = prepare((db, id: string, now: number) =>
  db.selectFrom('sessions').select(['id', 'expires_at']).where('id', '=', id).where('expires_at', '>', now),
);

export interface Session {
  id: string;
  expiresAt: number;
}

export interface SessionStore {
  /** The session if it exists and has not expired at `now`. An expired one is treated as none. */
  find(id: string, now: number): Promise<Session | undefined>;
  /** A new session with a fresh random id. */
  create(now: number, ttlMs: number): Promise<Session>;
  /** Moves the expiry to `expiresAt` (data untouched). */
  extend(id: string, expiresAt: number): Promise<void>;
  /** Deletes sessions (and their carts) that expired before `now`; returns how many. */
  purgeExpired(now: number): Promise<number>;
  /**
   * Gives a live session a fresh random id, atomically: everything kept under the old id (its cart, its version,
   * its expiry) moves to the new one, and the old id stops working. A concurrent cart change runs wholly before
   * (and moves) or after (and finds no session). Undefined when no live session has `id` at `now`.
   */
  rotate(id: string, now: number): Promise<Session | undefined>;
}

const ID_BYTES = 32;
/** Random bytes are drawn for this many ids at once: one call to the system's generator costs more than the id. */
const IDS_PER_DRAW = 128;
let drawn = Buffer.alloc(0);
let next = 0;

/** 32 random bytes (256 bits), base64url. Each id takes bytes of its own from the drawn ones, never used again. */
export function newSessionId(): string {
  if (next === drawn.length) {
    drawn = randomBytes(ID_BYTES * IDS_PER_DRAW);
    next = 0;
  }
  const id = drawn.toString('base64url', next, next + ID_BYTES);
  next += ID_BYTES;
  return id;
}

/**
 * Every table whose rows belong to a session (`session_id`): a rotation moves them all. Cart idempotency keys stay
 * behind and go with the old session, as in Redis, which cannot enumerate them cheaply (docs/cart-api.md says so).
 */
export const SESSION_OWNED_TABLES = ['cart_lines'] as const;

/** How stale an expiry may get before a request moves it: saves a write on every request of a busy shopper. */
export const EXTEND_AFTER_MS = 60_000;

/** `clock` decides which sessions have expired (extend never revives one); `find` takes the time it is asked about. */
export function createSqlSessionStore(db: Kysely<Database>, clock: () => number = Date.now): SessionStore {
  return {
    async find(id, now) {
      const row = await findQuery.first(db, id, now);
      return row && { id: row.id, expiresAt: row.expires_at };
    },
    async create(now, ttlMs) {
      const session = { id: newSessionId(), expiresAt: now + ttlMs };
      await db
        .insertInto('sessions')
        .values({ id: session.id, created_at: now, expires_at: session.expiresAt, cart_version: 0 })
        .execute();
      return session;
    },
    async extend(id, expiresAt) {
      await db
        .updateTable('sessions')
        .set({ expires_at: expiresAt })
        .where('id', '=', id)
        .where('expires_at', '<', expiresAt)
        .where('expires_at', '>', clock())
        .execute();
    },
    async purgeExpired(now) {
      const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async rotate(id, now) {
      return db.transaction().execute(async (trx) => {
        // A write first: it takes the session row's lock (the database's in SQLite), as cart commands do, so a
        // concurrent change waits and then finds the old id gone.
        const old = await trx
          .updateTable('sessions')
          .set((eb) => ({ expires_at: eb.ref('expires_at') }))
          .where('id', '=', id)
          .where('expires_at', '>', now)
          .returning(['created_at', 'expires_at', 'cart_version', 'cart_details'])
          .executeTakeFirst();
        if (!old) return undefined;
        const session = { id: newSessionId(), expiresAt: Number(old.expires_at) };
        await trx
          .insertInto('sessions')
          .values({
            id: session.id,
            created_at: old.created_at,
            expires_at: old.expires_at,
            cart_version: old.cart_version,
            cart_details: old.cart_details,
          })
          .execute();
        for (const table of SESSION_OWNED_TABLES)
          await trx.updateTable(table).set({ session_id: session.id }).where('session_id', '=', id).execute();
        await trx.deleteFrom('sessions').where('id', '=', id).execute();
        return session;
      });
    },
  };
}
