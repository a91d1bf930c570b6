/**
 * Failed sign-ins, counted per account (the address as typed, known or not) and per IP over a window, in the
 * database so every process of the shop counts the same. Past either limit, sign-in is refused before the password
 * is checked, with the same answer for known and unknown addresses.
 */
import type { Kysely } from 'kysely';
import type { RateLimit } from '../config/types.js';
import type { Database } from '../db/schema.js';

export interface ThrottleLimits {
  perAccount: RateLimit | undefined;
  perIp: RateLimit | undefined;
}

export function createSignInThrottle(db: Kysely<Database>, limits: ThrottleLimits, now: () => number) {
  const scopes = (email: string, ip: string | null) =>
    [
      limits.perAccount && { scope: `account:${email}`, limit: limits.perAccount },
      limits.perIp && ip && { scope: `ip:${ip}`, limit: limits.perIp },
    ].filter((entry): entry is { scope: string; limit: RateLimit } => Boolean(entry));
  return {
    /** Milliseconds until another attempt is allowed, or 0 when one is allowed now. */
    async retryAfterMs(email: string, ip: string | null): Promise<number> {
      const time = now();
      let wait = 0;
      for (const { scope, limit } of scopes(email, ip)) {
        const failures = await db
          .selectFrom('admin_sign_in_failures')
          .select('at')
          .where('scope', '=', scope)
          .where('at', '>', time - limit.windowMs)
          .orderBy('at', 'desc')
          .limit(limit.max)
          .execute();
        // Blocked until the oldest of the last `max` failures leaves the window.
        if (failures.length >= limit.max) wait = Math.max(wait, Number(failures.at(-1)!.at) + limit.windowMs - time);
      }
      return wait;
    },
    async recordFailure(email: string, ip: string | null): Promise<void> {
      const time = now();
      const rows = scopes(email, ip).map(({ scope }) => ({ scope, at: time }));
      if (rows.length > 0) await db.insertInto('admin_sign_in_failures').values(rows).execute();
    },
    /** A right password clears the account's count (the IP's stays: one good account does not excuse guessing others). */
    async clearAccount(email: string): Promise<void> {
      await db.deleteFrom('admin_sign_in_failures').where('scope', '=', `account:${email}`).execute();
    },
    async purgeOld(time: number): Promise<number> {
      const longest = Math.max(limits.perAccount?.windowMs ?? 0, limits.perIp?.windowMs ?? 0);
      const result = await db
        .deleteFrom('admin_sign_in_failures')
        .where('at', '<=', time - longest)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
