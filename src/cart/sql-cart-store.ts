/**
 * Carts in SQL. Every change is one transaction whose first statement bumps the session's cart version, which
 * takes the write lock (the session row in PostgreSQL, the database in SQLite) before anything is read: concurrent
 * commands on one cart run one after another, and the limits they check cannot be raced past. Only the lines a
 * command touches are written; adds write `quantity = quantity + n`, never a value read earlier. A change that
 * changes nothing puts the version back before it commits, so nobody sees it move. An idempotency key
 * is written in the same transaction, under the same lock: a key the session already has rolls the transaction back
 * (the version bump included) and the first change's version is the answer.
 */
import { sql, type Kysely, type Transaction, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import { prepare } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { deserializeDetails, NO_DETAILS, serializeDetails } from './cart-details.js';
import { isEmptyPlan, planCartChanges, replayRecordedKey, type CartPlan, type LineChange } from './cart-rules.js';
import { readCartWithCatalogVersion } from './sql-cart-read.js';
import { IDEMPOTENCY_KEY_TTL_MS, type CartStore, type IdempotencyKey, type RecordedKey } from './cart-store.js';
import { CartNotFound, CartVersionConflict } from './errors.js';
import { deserializeProperties, serializeProperties, splitLineId } from './line-properties.js';

/** Takes the cart's lock (see the header); returns the new version and the cart's details, read under the lock. */
// The statements every cart request runs, compiled once (src/db/prepared.ts).
const bumpVersion = (db: Kysely<Database>, sessionId: string, now: number) =>
  db
    .updateTable('sessions')
    .set((eb) => ({ cart_version: eb('cart_version', '+', 1) }))
    .where('id', '=', sessionId)
    .where('expires_at', '>', now);
const lockQuery = prepare((db, sessionId: string, now: number) =>
  bumpVersion(db, sessionId, now).returning(['cart_version', 'cart_details']),
);
const lockAtQuery = prepare((db, sessionId: string, now: number, expected: number) =>
  bumpVersion(db, sessionId, now).where('cart_version', '=', expected).returning(['cart_version', 'cart_details']),
);
const linesUnderLockQuery = prepare((db, sessionId: string) =>
  db
    .selectFrom('cart_lines')
    .innerJoin('prices', 'prices.id', 'cart_lines.price_id')
    .select([
      'cart_lines.price_id as priceId',
      'cart_lines.properties_hash as propertiesHash',
      'cart_lines.quantity',
      'prices.currency',
      'cart_lines.unit_amount_seen',
      'cart_lines.created_at',
    ])
    .where('cart_lines.session_id', '=', sessionId),
);
const readQuery = prepare((db, sessionId: string, now: number) =>
  db
    .selectFrom('sessions')
    .leftJoin('cart_lines', 'cart_lines.session_id', 'sessions.id')
    .select([
      'sessions.cart_version',
      'sessions.cart_details',
      'cart_lines.price_id',
      'cart_lines.properties_hash',
      'cart_lines.properties',
      'cart_lines.quantity',
      'cart_lines.unit_amount_seen',
      'cart_lines.created_at',
    ])
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', now)
    .orderBy('cart_lines.created_at')
    .orderBy('cart_lines.price_id')
    .orderBy('cart_lines.properties_hash'),
);
const deleteLineQuery = prepare((db, sessionId: string, priceId: string, hash: string) =>
  db
    .deleteFrom('cart_lines')
    .where('session_id', '=', sessionId)
    .where('price_id', '=', priceId)
    .where('properties_hash', '=', hash),
);
const insertLineQuery = prepare(
  (
    db,
    sessionId: string,
    priceId: string,
    hash: string,
    properties: string,
    quantity: number,
    seen: number,
    now: number,
  ) =>
    db.insertInto('cart_lines').values({
      session_id: sessionId,
      price_id: priceId,
      properties_hash: hash,
      properties,
      quantity,
      unit_amount_seen: seen,
      created_at: now,
      updated_at: now,
    }),
);
type LineUpdate = UpdateQueryBuilder<Database, 'cart_lines', 'cart_lines', UpdateResult>;
const lineWhere = (query: LineUpdate, sessionId: string, priceId: string, hash: string): LineUpdate =>
  query.where('session_id', '=', sessionId).where('price_id', '=', priceId).where('properties_hash', '=', hash);
/** `quantity = quantity + n` (adds) or `quantity = n`, with or without the amount seen: four shapes. */
const addToLineQuery = prepare((db, sessionId: string, priceId: string, hash: string, delta: number, now: number) =>
  lineWhere(
    db.updateTable('cart_lines').set((eb) => ({ quantity: eb('quantity', '+', delta), updated_at: now })),
    sessionId,
    priceId,
    hash,
  ),
);
const addToLineSeenQuery = prepare(
  (db, sessionId: string, priceId: string, hash: string, delta: number, now: number, seen: number) =>
    lineWhere(
      db
        .updateTable('cart_lines')
        .set((eb) => ({ quantity: eb('quantity', '+', delta), updated_at: now, unit_amount_seen: seen })),
      sessionId,
      priceId,
      hash,
    ),
);
const setLineQuery = prepare((db, sessionId: string, priceId: string, hash: string, quantity: number, now: number) =>
  lineWhere(db.updateTable('cart_lines').set({ quantity, updated_at: now }), sessionId, priceId, hash),
);
const setLineSeenQuery = prepare(
  (db, sessionId: string, priceId: string, hash: string, quantity: number, now: number, seen: number) =>
    lineWhere(
      db.updateTable('cart_lines').set({ quantity, updated_at: now, unit_amount_seen: seen }),
      sessionId,
      priceId,
      hash,
    ),
);
const insertSessionQuery = prepare((db, id: string, now: number, expiresAt: number, version: number) =>
  db.insertInto('sessions').values({ id, created_at: now, expires_at: expiresAt, cart_version: version }),
);

async function lockCart(
  trx: Transaction<Database>,
  sessionId: string,
  expectedVersion: number | undefined,
  now: number,
): Promise<{ version: number; details: string | null }> {
  const row = await (expectedVersion === undefined
    ? lockQuery.first(trx, sessionId, now)
    : lockAtQuery.first(trx, sessionId, now, expectedVersion));
  if (row) return { version: Number(row.cart_version), details: row.cart_details };
  const current = await trx
    .selectFrom('sessions')
    .select('cart_version')
    .where('id', '=', sessionId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!current) throw new CartNotFound();
  throw new CartVersionConflict(Number(current.cart_version));
}

async function writeChange(
  trx: Transaction<Database>,
  sessionId: string,
  change: LineChange,
  now: number,
): Promise<void> {
  const { priceId, propertiesHash: hash, delta, unitAmountSeen: seen } = change;
  if (change.quantity === 0) await deleteLineQuery.run(trx, sessionId, priceId, hash);
  else if (!change.existed)
    await insertLineQuery.run(
      trx,
      sessionId,
      priceId,
      hash,
      serializeProperties(change.properties),
      change.quantity,
      seen ?? 0,
      now,
    );
  else if (delta !== undefined) {
    await (seen === undefined
      ? addToLineQuery.run(trx, sessionId, priceId, hash, delta, now)
      : addToLineSeenQuery.run(trx, sessionId, priceId, hash, delta, now, seen));
  } else {
    await (seen === undefined
      ? setLineQuery.run(trx, sessionId, priceId, hash, change.quantity, now)
      : setLineSeenQuery.run(trx, sessionId, priceId, hash, change.quantity, now, seen));
  }
}

/** Writes a plan's lines and details. New lines of one request get consecutive milliseconds so the cart lists them in the order they were sent. */
async function writePlan(trx: Transaction<Database>, sessionId: string, plan: CartPlan, now: number): Promise<void> {
  // New lines of one request get consecutive milliseconds so the cart lists them in the order they were sent.
  let added = 0;
  // A line whose properties were replaced keeps the place of the line it replaces.
  for (const change of plan.lines)
    await writeChange(trx, sessionId, change, change.existed ? now : (change.addedAt ?? now + added++));
  if (plan.details)
    await trx
      .updateTable('sessions')
      .set({ cart_details: serializeDetails(plan.details) })
      .where('id', '=', sessionId)
      .execute();
}

/** Thrown inside a transaction to roll it back: the key was already recorded by an earlier change. */
class AlreadyApplied extends Error {
  constructor(readonly recorded: RecordedKey) {
    super('the idempotency key was already recorded');
  }
}

/**
 * Records the key for the change about to be written (one statement: insert, or take over a row whose time is up).
 * Throws AlreadyApplied when the session has it. Runs after lockCart, so one key of one session is never raced.
 */
async function recordKey(
  trx: Transaction<Database>,
  sessionId: string,
  idempotency: IdempotencyKey,
  version: number,
  now: number,
  clock: number,
): Promise<void> {
  const row = {
    session_id: sessionId,
    key: idempotency.key,
    fingerprint: idempotency.fingerprint,
    cart_version: version,
    expires_at: now + IDEMPOTENCY_KEY_TTL_MS,
  };
  const recorded = await trx
    .insertInto('cart_idempotency_keys')
    .values(row)
    .onConflict((conflict) =>
      conflict
        .columns(['session_id', 'key'])
        .doUpdateSet({ fingerprint: row.fingerprint, cart_version: row.cart_version, expires_at: row.expires_at })
        .where('cart_idempotency_keys.expires_at', '<=', clock),
    )
    .returning('key')
    .executeTakeFirst();
  if (recorded) return;
  const earlier = await trx
    .selectFrom('cart_idempotency_keys')
    .select(['fingerprint', 'cart_version'])
    .where('session_id', '=', sessionId)
    .where('key', '=', idempotency.key)
    .executeTakeFirstOrThrow();
  throw new AlreadyApplied({ fingerprint: earlier.fingerprint, version: Number(earlier.cart_version) });
}

/** A change that changes nothing gives back the version it took (and its key records that version). */
async function keepVersion(
  trx: Transaction<Database>,
  sessionId: string,
  version: number,
  idempotency: IdempotencyKey | undefined,
): Promise<number> {
  await trx
    .updateTable('sessions')
    .set({ cart_version: version - 1 })
    .where('id', '=', sessionId)
    .execute();
  if (idempotency) {
    await trx
      .updateTable('cart_idempotency_keys')
      .set({ cart_version: version - 1 })
      .where('session_id', '=', sessionId)
      .where('key', '=', idempotency.key)
      .execute();
  }
  return version - 1;
}

/** `clock` decides which sessions have expired: an expired session has no cart even before the purge job runs. */
export function createSqlCartStore(db: Kysely<Database>, clock: () => number = Date.now): CartStore {
  return {
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

    async read(sessionId) {
      // One statement, so the version and the lines are one snapshot.
      const rows = await readQuery.all(db, sessionId, clock());
      if (rows.length === 0) return undefined;
      return {
        version: Number(rows[0]!.cart_version),
        details: deserializeDetails(rows[0]!.cart_details),
        lines: rows.flatMap((row) =>
          row.price_id === null
            ? []
            : [
                {
                  priceId: row.price_id,
                  propertiesHash: row.properties_hash ?? '',
                  properties: deserializeProperties(row.properties),
                  quantity: row.quantity!,
                  unitAmountSeen: Number(row.unit_amount_seen),
                  addedAt: Number(row.created_at),
                },
              ],
        ),
      };
    },

    async apply(sessionId, commands, now, expectedVersion, idempotency) {
      try {
        return await db.transaction().execute(async (trx) => {
          // With a key, the version is checked after the key: a retry of an applied change is answered, not refused.
          const { version, details } = await lockCart(
            trx,
            sessionId,
            idempotency ? undefined : expectedVersion,
            clock(),
          );
          if (idempotency) {
            await recordKey(trx, sessionId, idempotency, version, now, clock());
            if (expectedVersion !== undefined && version - 1 !== expectedVersion)
              throw new CartVersionConflict(version - 1);
          }
          const current = await linesUnderLockQuery.all(trx, sessionId);
          // The planner needs properties only for lines it creates; existing ones are named by their hash.
          const plan = planCartChanges(
            current.map(({ unit_amount_seen, created_at, ...line }) => ({
              ...line,
              properties: {},
              unitAmountSeen: Number(unit_amount_seen),
              addedAt: Number(created_at),
            })),
            commands,
            deserializeDetails(details),
          );
          if (isEmptyPlan(plan)) return keepVersion(trx, sessionId, version, idempotency);
          await writePlan(trx, sessionId, plan, now);
          return version;
        });
      } catch (error) {
        if (error instanceof AlreadyApplied) return replayRecordedKey(error.recorded, idempotency!);
        throw error;
      }
    },

    async applyToNewSession(session, commands, now, idempotency) {
      // Planned before anything is written: a refused command leaves no session behind.
      const plan = planCartChanges([], commands, NO_DETAILS);
      const version = isEmptyPlan(plan) ? 0 : 1;
      await db.transaction().execute(async (trx) => {
        await insertSessionQuery.run(trx, session.id, now, session.expiresAt, version);
        // A fresh session has no keys: the key is recorded, never replayed.
        if (idempotency) {
          await trx
            .insertInto('cart_idempotency_keys')
            .values({
              session_id: session.id,
              key: idempotency.key,
              fingerprint: idempotency.fingerprint,
              cart_version: version,
              expires_at: now + IDEMPOTENCY_KEY_TTL_MS,
            })
            .execute();
        }
        await writePlan(trx, session.id, plan, now);
      });
      return version;
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
      for (const { lineId: id, unitAmount } of seen) {
        const { priceId, propertiesHash: hash } = splitLineId(id);
        await db
          .updateTable('cart_lines')
          .set({ unit_amount_seen: unitAmount })
          .where('session_id', '=', sessionId)
          .where('price_id', '=', priceId)
          .where('properties_hash', '=', hash)
          .execute();
      }
    },
  };
}
