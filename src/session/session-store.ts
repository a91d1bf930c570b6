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

/**
 * Base64url's 64 characters in ascending byte order: a number written with them compares, as text (SQLite's BINARY
 * collation, PostgreSQL's "C"), the way the number does.
 */
const SORTED_DIGITS = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
/** The creation millisecond, 48 bits in 8 characters: enough until the year 10889. */
const TIME_CHARS = 8;
/** The random part: 27 bytes drawn, 35 of their 36 characters kept (210 bits). */
const RANDOM_BYTES = 27;
const RANDOM_CHARS = 35;
/** Random bytes are drawn for this many ids at once: one call to the system's generator costs more than the id. */
const IDS_PER_DRAW = 128;
let drawn = Buffer.alloc(0);
let next = 0;
let prefixMs = -1;
let prefix = '';

/** `ms` in TIME_CHARS sorted digits. */
function timePrefix(ms: number): string {
  let text = '';
  for (let i = 0, rest = ms; i < TIME_CHARS; i++, rest = Math.floor(rest / 64)) text = SORTED_DIGITS[rest % 64]! + text;
  return text;
}

/**
 * A session id, 43 base64url characters: the creation millisecond (8 characters that sort as time does) and 210
 * random bits. What makes an id unguessable is its random part; the time in front makes the ids of one moment
 * neighbours in every index keyed by them, so the new sessions of one commit land on the same few index pages
 * instead of one random page each (a page written to the WAL per new visitor per index; ADR 0015). The time says
 * nothing the holder of the cookie does not know. Each id takes random bytes of its own, never used again.
 */
export function newSessionId(now = Date.now()): string {
  if (now !== prefixMs) {
    prefixMs = now;
    prefix = timePrefix(now);
  }
  if (next === drawn.length) {
    drawn = randomBytes(RANDOM_BYTES * IDS_PER_DRAW);
    next = 0;
  }
  const random = drawn.toString('base64url', next, next + RANDOM_BYTES);
  next += RANDOM_BYTES;
  return prefix + random.slice(0, RANDOM_CHARS);
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
