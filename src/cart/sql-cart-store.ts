/**
 * Carts in SQL: reads, and changes as one transaction each (sql-cart-steps.ts says how they lock and what they
 * write; sql-cart-queries.ts holds the statements).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { directPostgres } from '../db/direct-postgres.js';
import { transaction } from '../db/transaction.js';
import { deserializeDetails } from './cart-details.js';
import { replayRecordedKey } from './cart-rules.js';
import { findQuery as liveSessionQuery } from '../session/session-store.js';
import { CatalogMoved, NoLiveSession } from './errors.js';
import type { CartCommand, CartStore } from './cart-store.js';
import { readCartWithCatalogVersion, readShownVersions, storedLines } from './sql-cart-read.js';
import { serializeProperties, splitLineId } from './line-properties.js';
import { addOnPostgres } from './sql-cart-pg-add.js';
import { addGroupsOf } from './sql-cart-pg-add-batch.js';
import * as q from './sql-cart-queries.js';
import { AlreadyApplied, applySteps, applyToLiveSteps, newSessionSteps, planNewCart } from './sql-cart-steps.js';

/** The one add of a change that is only that, or undefined. */
const singleAdd = (commands: readonly CartCommand[]) => {
  const first = commands[0];
  return commands.length === 1 && first?.kind === 'add' ? first : undefined;
};

/** `clock` decides which sessions have expired: an expired session has no cart even before the purge job runs. */
export function createSqlCartStore(db: Kysely<Database>, clock: () => number = Date.now): CartStore {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  /** A change in the transaction that locks the cart (sql-cart-steps.ts). */
  const locked = async (
    ...[sessionId, commands, now, expectedVersion, idempotency, check]: Parameters<CartStore['apply']>
  ) => {
    try {
      const time = clock();
      return await transaction(db, () =>
        applySteps(sessionId, commands, now, expectedVersion, idempotency, time, check),
      );
    } catch (error) {
      if (error instanceof AlreadyApplied) return replayRecordedKey(error.recorded, idempotency!);
      throw error;
    }
  };
  /** A change for a session id not looked up yet, the slow way: looked up, then the locking transaction. */
  const lookedUpThenLocked: NonNullable<CartStore['applyToLiveSession']> = async (
    sessionId,
    commands,
    now,
    ...rest
  ) => {
    const session = await liveSessionQuery.first(db, sessionId, clock());
    if (!session) return undefined;
    const version = await locked(sessionId, commands, now, ...rest);
    return { version, expiresAt: Number(session.expires_at) };
  };
  return {
    checksCatalog: true,

    async itemCount(sessionId) {
      const row = await db
        .selectFrom('cart_lines')
        .innerJoin('sessions', 'sessions.id', 'cart_lines.session_id')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('cart_lines.quantity'), sql.lit(0)).as('count'))
        .where('cart_lines.session_id', '=', sessionId)
        .where('sessions.expires_at', '>', clock())
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },

    readWithCatalogVersion: (sessionId) => readCartWithCatalogVersion(db, sessionId, clock()),
    readShownVersions: (sessionId) => readShownVersions(db, sessionId, clock()),

    async read(sessionId) {
      // One statement, so the version and the lines are one snapshot.
      const rows = await q.readQuery.all(db, sessionId, clock());
      if (rows.length === 0) return undefined;
      return {
        version: Number(rows[0]!.cart_version),
        details: deserializeDetails(rows[0]!.cart_details),
        lines: storedLines(rows),
      };
    },

    async apply(sessionId, commands, now, expectedVersion, idempotency, check) {
      const add = postgres && !idempotency ? singleAdd(commands) : undefined;
      if (add) {
        // Most changes: one statement, no explicit transaction (sql-cart-pg-add.ts).
        const done = await addOnPostgres(db, sessionId, add, now, expectedVersion, clock(), check);
        if (done) return done.version;
      }
      return locked(sessionId, commands, now, expectedVersion, idempotency, check);
    },

    // PostgreSQL: the add's own read checks the session (a round trip fewer than looking it up first).
    ...(postgres && {
      async applyToLiveSession(sessionId, commands, now, expectedVersion, idempotency, check) {
        const add = idempotency ? undefined : singleAdd(commands);
        if (add) {
          try {
            const done = await addOnPostgres(db, sessionId, add, now, expectedVersion, clock(), check);
            if (done) return done;
          } catch (error) {
            if (error instanceof NoLiveSession) return undefined; // found and then gone: it ended under the add
            throw error;
          }
        }
        // Any other change: the session looked up, then the locking transaction, as for a session found before.
        return lookedUpThenLocked(sessionId, commands, now, expectedVersion, idempotency, check);
      },
    }),
    // SQLite: the change's lock, its first statement, finds the session live (no lookup before the transaction).
    ...(!postgres && {
      async applyToLiveSession(sessionId, commands, now, expectedVersion, idempotency, check) {
        // A key's replay answers from the key, not under the lock: the session's expiry is looked up for it.
        if (idempotency) return lookedUpThenLocked(sessionId, commands, now, expectedVersion, idempotency, check);
        try {
          const time = clock();
          return await transaction(db, () => applyToLiveSteps(sessionId, commands, now, expectedVersion, time, check));
        } catch (error) {
          if (error instanceof NoLiveSession) return undefined;
          throw error;
        }
      },
    }),

    async applyToNewSession(session, commands, now, idempotency, check) {
      const plan = planNewCart(commands);
      const line = plan.lines[0];
      if (postgres && line && plan.lines.length === 1 && !plan.details && !idempotency) {
        // The common first add, in one round trip (sql-cart-queries.ts).
        const { priceId, propertiesHash, properties, quantity, unitAmountSeen } = line;
        const values = [
          priceId,
          propertiesHash,
          serializeProperties(properties),
          quantity,
          unitAmountSeen ?? 0,
        ] as const;
        const checked = [check?.version ?? -1, q.checkedProducts(check?.untracked ?? [])] as const;
        const alone = async () => {
          const written = await q.insertSessionWithLineQuery.run(
            db,
            session.id,
            now,
            session.expiresAt,
            ...values,
            ...checked,
          );
          return Number(written.numAffectedRows ?? 0) > 0;
        };
        // Outside a transaction, with other new visitors' first adds (sql-cart-pg-add-batch.ts).
        const pool = directPostgres(db);
        const answer = pool
          ? await addGroupsOf(pool).newSessions.write({
              sessionId: session.id,
              now,
              expiresAt: session.expiresAt,
              priceId,
              hash: propertiesHash,
              properties: values[2],
              quantity,
              seen: values[4],
              version: checked[0],
              untracked: checked[1],
            })
          : 'alone';
        const written = answer === 'alone' ? await alone() : answer.written;
        if (!written) throw new CatalogMoved();
        return 1;
      }
      return transaction(db, () => newSessionSteps(session, plan, now, idempotency, check));
    },

    async findIdempotencyKey(sessionId, key) {
      const time = clock();
      const row = await db
        .selectFrom('cart_idempotency_keys')
        .innerJoin('sessions', 'sessions.id', 'cart_idempotency_keys.session_id')
        .select(['cart_idempotency_keys.fingerprint', 'cart_idempotency_keys.cart_version'])
        .where('cart_idempotency_keys.session_id', '=', sessionId)
        .where('cart_idempotency_keys.key', '=', key)
        .where('cart_idempotency_keys.expires_at', '>', time)
        .where('sessions.expires_at', '>', time)
        .executeTakeFirst();
      return row && { fingerprint: row.fingerprint, version: Number(row.cart_version) };
    },

    async purgeExpiredKeys(now) {
      const result = await db.deleteFrom('cart_idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async markPricesSeen(sessionId, seen) {
      if (seen.length === 0) return;
      // The bump tells views kept in memory (kept-views.ts) that the lines' previous prices changed; `cart_version`
      // stays, so a page view does not make a client's If-Match stale.
      await db.transaction().execute(async (trx) => {
        for (const { lineId: id, unitAmount } of seen) {
          const { priceId, propertiesHash: hash } = splitLineId(id);
          await trx
            .updateTable('cart_lines')
            .set({ unit_amount_seen: unitAmount })
            .where('session_id', '=', sessionId)
            .where('price_id', '=', priceId)
            .where('properties_hash', '=', hash)
            .execute();
        }
        await trx
          .updateTable('sessions')
          .set((eb) => ({ prices_seen_version: eb('prices_seen_version', '+', 1) }))
          .where('id', '=', sessionId)
          .execute();
      });
    },
  };
}
