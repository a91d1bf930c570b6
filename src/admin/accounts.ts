/** Owner accounts: add, change password, remove, list. Emails are kept lower-cased; passwords only as scrypt hashes. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isMailAddress } from '../mail/address.js';
import { CURRENT_PARAMS, hashPassword, passwordProblem, type ScryptParams } from './passwords.js';

export class AccountError extends Error {
  override name = 'AccountError';
}

export interface Account {
  id: number;
  email: string;
  passwordHash: string;
  createdAt: number;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** `cost`: the scrypt parameters of new hashes; production keeps today's, tests pass a cheap one to save CPU. */
export function createAccounts(
  db: Kysely<Database>,
  now: () => number = Date.now,
  cost: ScryptParams = CURRENT_PARAMS,
) {
  const checked = (email: string, password: string) => {
    const normalized = normalizeEmail(email);
    if (!isMailAddress(normalized)) throw new AccountError(`"${email}" is not an email address`);
    const problem = passwordProblem(password);
    if (problem) throw new AccountError(`the password ${problem}`);
    return normalized;
  };
  return {
    async find(email: string): Promise<Account | undefined> {
      const row = await db
        .selectFrom('admin_accounts')
        .selectAll()
        .where('email', '=', normalizeEmail(email))
        .executeTakeFirst();
      return (
        row && {
          id: Number(row.id),
          email: row.email,
          passwordHash: row.password_hash,
          createdAt: Number(row.created_at),
        }
      );
    },
    async add(email: string, password: string): Promise<void> {
      const normalized = checked(email, password);
      const time = now();
      const hash = await hashPassword(password, cost);
      const inserted = await db
        .insertInto('admin_accounts')
        .values({ email: normalized, password_hash: hash, created_at: time, updated_at: time })
        .onConflict((conflict) => conflict.column('email').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0)
        throw new AccountError(`${normalized} already has an account`);
    },
    /** Sets a new password and signs the account out everywhere. */
    async setPassword(email: string, password: string): Promise<void> {
      const normalized = checked(email, password);
      const hash = await hashPassword(password, cost);
      await db.transaction().execute(async (trx) => {
        const account = await trx
          .updateTable('admin_accounts')
          .set({ password_hash: hash, updated_at: now() })
          .where('email', '=', normalized)
          .returning('id')
          .executeTakeFirst();
        if (!account) throw new AccountError(`${normalized} has no account`);
        await trx.deleteFrom('admin_sessions').where('account_id', '=', account.id).execute();
      });
    },
    /** Upgrades a hash made with weaker parameters (at sign-in, when the password is at hand). */
    async rehash(id: number, password: string): Promise<void> {
      await db
        .updateTable('admin_accounts')
        .set({ password_hash: await hashPassword(password, cost) })
        .where('id', '=', id)
        .execute();
    },
    async remove(email: string): Promise<void> {
      const normalized = normalizeEmail(email);
      await db.transaction().execute(async (trx) => {
        const account = await trx
          .selectFrom('admin_accounts')
          .select('id')
          .where('email', '=', normalized)
          .executeTakeFirst();
        if (!account) throw new AccountError(`${normalized} has no account`);
        await trx.deleteFrom('admin_sessions').where('account_id', '=', account.id).execute();
        await trx.deleteFrom('admin_accounts').where('id', '=', account.id).execute();
      });
    },
    async list(): Promise<{ email: string; createdAt: number }[]> {
      const rows = await db.selectFrom('admin_accounts').select(['email', 'created_at']).orderBy('email').execute();
      return rows.map((row) => ({ email: row.email, createdAt: Number(row.created_at) }));
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
