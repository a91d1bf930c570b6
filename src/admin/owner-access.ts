/**
 * Signing owners in and out of the console: accounts, sessions and throttling together. A wrong password and an
 * unknown address get the same answer after the same work (an unknown address is checked against a dummy hash).
 */
import type { Kysely } from 'kysely';
import type { RateLimit } from '../config/types.js';
import type { Database } from '../db/schema.js';
import { createAccounts, normalizeEmail } from './accounts.js';
import { createAdminSessions, type SignedInOwner } from './admin-sessions.js';
import { recordAudit } from './audit-log.js';
import type { Actor } from './actor.js';
import {
  CURRENT_PARAMS,
  dummyHash,
  MAX_PASSWORD_LENGTH,
  needsRehash,
  passwordProblem,
  verifyPassword,
  type ScryptParams,
} from './passwords.js';
import { createSignInThrottle } from './sign-in-throttle.js';

export interface OwnerAccessOptions {
  idleMs: number;
  lifetimeMs: number;
  signInLimits: { perAccount: RateLimit | undefined; perIp: RateLimit | undefined };
  now: () => number;
  /** Scrypt parameters of new hashes (and below which a hash is upgraded at sign-in); today's unless a test's. */
  passwordCost?: ScryptParams;
}

export type SignInResult =
  | { kind: 'signed_in'; token: string; owner: SignedInOwner }
  | { kind: 'refused' }
  | { kind: 'throttled'; retryAfterMs: number };

export function createOwnerAccess(
  db: Kysely<Database>,
  { idleMs, lifetimeMs, signInLimits, now, passwordCost = CURRENT_PARAMS }: OwnerAccessOptions,
) {
  const accounts = createAccounts(db, now, passwordCost);
  const sessions = createAdminSessions(db, { idleMs, lifetimeMs, now });
  const throttle = createSignInThrottle(db, signInLimits, now);
  return {
    accounts,
    /** The owner a console cookie's token signs in, or undefined. */
    find: (token: string) => sessions.find(token),
    async signIn(email: string, password: string, ip: string | null): Promise<SignInResult> {
      const normalized = normalizeEmail(email).slice(0, 254);
      const retryAfterMs = await throttle.retryAfterMs(normalized, ip);
      if (retryAfterMs > 0) return { kind: 'throttled', retryAfterMs };
      const account = await accounts.find(normalized);
      // Over-long passwords are refused after the same work, not before it (no shortcut that tells anything).
      const candidate = password.slice(0, MAX_PASSWORD_LENGTH + 1);
      const matches = await verifyPassword(candidate, account?.passwordHash ?? (await dummyHash(passwordCost)));
      if (!account || !matches || candidate.length > MAX_PASSWORD_LENGTH) {
        await throttle.recordFailure(normalized, ip);
        return { kind: 'refused' };
      }
      await throttle.clearAccount(normalized);
      if (needsRehash(account.passwordHash, passwordCost)) await accounts.rehash(account.id, candidate);
      const token = await sessions.start(account.id, ip);
      const owner = { accountId: account.id, email: account.email };
      await recordAudit(db, {
        actor: { ...owner, ip },
        action: 'account.signed_in',
        subjectType: 'account',
        subjectId: String(account.id),
        at: now(),
      });
      return { kind: 'signed_in', token, owner };
    },
    signOut: (token: string) => sessions.end(token),
    /** The signed-in owner changes their own password: the current one must be right; every session ends. */
    async changePassword(
      actor: Actor,
      current: string,
      next: string,
    ): Promise<'changed' | 'wrong_password' | { problem: string }> {
      const account = await accounts.find(actor.email);
      if (!account || !(await verifyPassword(current.slice(0, MAX_PASSWORD_LENGTH + 1), account.passwordHash)))
        return 'wrong_password';
      const problem = passwordProblem(next);
      if (problem) return { problem: `The new password ${problem}.` };
      await accounts.setPassword(account.email, next);
      await recordAudit(db, {
        actor,
        action: 'account.password_changed',
        subjectType: 'account',
        subjectId: String(account.id),
        at: now(),
      });
      return 'changed';
    },
    async purgeExpired(time: number): Promise<number> {
      return (await sessions.purgeExpired(time)) + (await throttle.purgeOld(time));
    },
  };
}

export type OwnerAccess = ReturnType<typeof createOwnerAccess>;
