/**
 * Console sessions, apart from shoppers' sessions: the cookie holds a random token, the database only its SHA-256.
 * A session ends after `idleMs` without use or `lifetimeMs` after sign-in, whichever comes first, and at sign-out.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface AdminSessionOptions {
  idleMs: number;
  lifetimeMs: number;
  now: () => number;
}

export interface SignedInOwner {
  accountId: number;
  email: string;
}

/** Last use is written at most this often per session (a console page is several requests). */
const TOUCH_AFTER_MS = 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function createAdminSessions(db: Kysely<Database>, { idleMs, lifetimeMs, now }: AdminSessionOptions) {
  return {
    /** A new session for the account; returns the token for the cookie. */
    async start(accountId: number, ip: string | null): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      const time = now();
      await db
        .insertInto('admin_sessions')
        .values({ token_hash: hashToken(token), account_id: accountId, created_at: time, last_seen_at: time, ip })
        .execute();
      return token;
    },
    /** The owner a token signs in, or undefined (unknown, idle too long, too old, account removed). */
    async find(token: string): Promise<SignedInOwner | undefined> {
      const time = now();
      const row = await db
        .selectFrom('admin_sessions')
        .innerJoin('admin_accounts', 'admin_accounts.id', 'admin_sessions.account_id')
        .select([
          'admin_sessions.token_hash',
          'admin_sessions.created_at',
          'admin_sessions.last_seen_at',
          'admin_accounts.id',
          'admin_accounts.email',
        ])
        .where('admin_sessions.token_hash', '=', hashToken(token))
        .executeTakeFirst();
      if (!row) return undefined;
      if (time - Number(row.last_seen_at) >= idleMs || time - Number(row.created_at) >= lifetimeMs) {
        await db.deleteFrom('admin_sessions').where('token_hash', '=', row.token_hash).execute();
        return undefined;
      }
      if (time - Number(row.last_seen_at) >= Math.min(TOUCH_AFTER_MS, idleMs / 2)) {
        await db
          .updateTable('admin_sessions')
          .set({ last_seen_at: time })
          .where('token_hash', '=', row.token_hash)
          .execute();
      }
      return { accountId: Number(row.id), email: row.email };
    },
    async end(token: string): Promise<void> {
      await db.deleteFrom('admin_sessions').where('token_hash', '=', hashToken(token)).execute();
    },
    /** Housekeeping: sessions past their idle or absolute end. */
    async purgeExpired(time: number): Promise<number> {
      const result = await db
        .deleteFrom('admin_sessions')
        .where((eb) => eb.or([eb('last_seen_at', '<=', time - idleMs), eb('created_at', '<=', time - lifetimeMs)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type AdminSessions = ReturnType<typeof createAdminSessions>;
