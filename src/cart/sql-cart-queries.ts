/**
 * The statements of the SQL cart store, each compiled once (src/db/prepared.ts): every cart request runs some of
 * them, and a transaction (src/db/transaction.ts) can only run prepared ones.
 */
import {
  sql,
  type AliasableExpression,
  type ExpressionBuilder,
  type Kysely,
  type UpdateQueryBuilder,
  type UpdateResult,
} from 'kysely';
import { prepare } from '../db/prepared.js';
import type { Database } from '../db/schema.js';

const bumpVersion = (db: Kysely<Database>, sessionId: string, now: number) =>
  db
    .updateTable('sessions')
    .set((eb) => ({ cart_version: eb('cart_version', '+', 1) }))
    .where('id', '=', sessionId)
    .where('expires_at', '>', now);
/**
 * Takes the cart's lock (sql-cart-steps.ts): the new version, the cart's details and the session's expiry (for the
 * rolling cookie when the session was not looked up first), read under the lock.
 */
export const lockQuery = prepare((db, sessionId: string, now: number) =>
  bumpVersion(db, sessionId, now).returning(['cart_version', 'cart_details', 'expires_at']),
);
/** The same, only while the cart is at the version a client expects. */
export const lockAtQuery = prepare((db, sessionId: string, now: number, expected: number) =>
  bumpVersion(db, sessionId, now)
    .where('cart_version', '=', expected)
    .returning(['cart_version', 'cart_details', 'expires_at']),
);
/** Why a lock failed: the session's current version, or no row when there is no live session. */
export const versionQuery = prepare((db, sessionId: string, now: number) =>
  db.selectFrom('sessions').select('cart_version').where('id', '=', sessionId).where('expires_at', '>', now),
);
export const setVersionQuery = prepare((db, sessionId: string, version: number) =>
  db.updateTable('sessions').set({ cart_version: version }).where('id', '=', sessionId),
);
export const setDetailsQuery = prepare((db, sessionId: string, details: string) =>
  db.updateTable('sessions').set({ cart_details: details }).where('id', '=', sessionId),
);
export const insertSessionQuery = prepare((db, id: string, now: number, expiresAt: number, version: number) =>
  db.insertInto('sessions').values({ id, created_at: now, expires_at: expiresAt, cart_version: version }),
);

/**
 * A CatalogCheck (cart-store.ts) as a condition: the catalog is at `version` and none of `untracked` has counted
 * stock. `untracked` is never empty (checkedProducts).
 */
export const catalogStill = (version: number, untracked: readonly string[]) =>
  sql<boolean>`(exists (select 1 from catalog_state where id = 1 and version = ${version}) and not exists (select 1 from stock_levels where product_id in (${sql.join(untracked)})))`;
/** A check's products as the statements take them: never an empty list (`in ()` is no SQL in PostgreSQL). */
export const checkedProducts = (untracked: readonly string[]): readonly string[] =>
  untracked.length > 0 ? untracked : [''];
/** One row while the check holds. */
export const catalogCheckQuery = prepare((db, version: number, untracked: readonly string[]) =>
  db.selectNoFrom(sql.lit(1).as('holds')).where(catalogStill(version, untracked)),
);

/** The lines the planner needs, read under the lock. */
export const linesUnderLockQuery = prepare((db, sessionId: string) =>
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
/** The columns of an add's read over a cart's lines joined to their prices (here and in sql-cart-pg-add.ts). */
export const addTargetColumns =
  (priceId: string, hash: string) => (eb: ExpressionBuilder<Database, 'cart_lines' | 'prices'>) => {
    const target = eb.and([eb('cart_lines.price_id', '=', priceId), eb('cart_lines.properties_hash', '=', hash)]);
    const other = eb.not(target);
    return [
      eb.fn.countAll<number>().filterWhere(other).as('others'),
      eb.fn.min('prices.currency').filterWhere(other).as('othersCurrency'),
      eb.fn.max('cart_lines.quantity').filterWhere(target).as('quantity'),
      eb.fn.max('prices.currency').filterWhere(target).as('currency'),
      eb.fn.max('cart_lines.unit_amount_seen').filterWhere(target).as('unit_amount_seen'),
      eb.fn.max('cart_lines.created_at').filterWhere(target).as('created_at'),
      // The cart's latest line: a new line comes after it (cart-rules.ts, firstNewLineAt).
      eb.fn.max('cart_lines.created_at').as('latest'),
    ];
  };

/**
 * What an add needs, in one statement: the line it adds to (its columns are null when the cart has none), and how many
 * other lines the cart has, in which currency.
 */
export const addTargetQuery = prepare((db, sessionId: string, priceId: string, hash: string) =>
  db
    .selectFrom('cart_lines')
    .innerJoin('prices', 'prices.id', 'cart_lines.price_id')
    .select(addTargetColumns(priceId, hash))
    .where('cart_lines.session_id', '=', sessionId),
);
/** The whole cart in one statement, so the version and the lines are one snapshot. */
export const readQuery = prepare((db, sessionId: string, now: number) =>
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

export const deleteLineQuery = prepare((db, sessionId: string, priceId: string, hash: string) =>
  db
    .deleteFrom('cart_lines')
    .where('session_id', '=', sessionId)
    .where('price_id', '=', priceId)
    .where('properties_hash', '=', hash),
);
export const insertLineQuery = prepare(
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
export const addToLineQuery = prepare(
  (db, sessionId: string, priceId: string, hash: string, delta: number, now: number) =>
    lineWhere(
      db.updateTable('cart_lines').set((eb) => ({ quantity: eb('quantity', '+', delta), updated_at: now })),
      sessionId,
      priceId,
      hash,
    ),
);
export const addToLineSeenQuery = prepare(
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
export const setLineQuery = prepare(
  (db, sessionId: string, priceId: string, hash: string, quantity: number, now: number) =>
    lineWhere(db.updateTable('cart_lines').set({ quantity, updated_at: now }), sessionId, priceId, hash),
);
export const setLineSeenQuery = prepare(
  (db, sessionId: string, priceId: string, hash: string, quantity: number, now: number, seen: number) =>
    lineWhere(
      db.updateTable('cart_lines').set({ quantity, updated_at: now, unit_amount_seen: seen }),
      sessionId,
      priceId,
      hash,
    ),
);

/**
 * Records a key (insert, or take over a row whose time is up at `clock`); returns no row when the session has it
 * and it is still live.
 */
export const recordKeyQuery = prepare(
  (db, sessionId: string, key: string, fingerprint: string, version: number, expiresAt: number, clock: number) =>
    db
      .insertInto('cart_idempotency_keys')
      .values({ session_id: sessionId, key, fingerprint, cart_version: version, expires_at: expiresAt })
      .onConflict((conflict) =>
        conflict
          .columns(['session_id', 'key'])
          .doUpdateSet({ fingerprint, cart_version: version, expires_at: expiresAt })
          .where('cart_idempotency_keys.expires_at', '<=', clock),
      )
      .returning('key'),
);
export const insertKeyQuery = prepare(
  (db, sessionId: string, key: string, fingerprint: string, version: number, expiresAt: number) =>
    db
      .insertInto('cart_idempotency_keys')
      .values({ session_id: sessionId, key, fingerprint, cart_version: version, expires_at: expiresAt }),
);
export const recordedKeyQuery = prepare((db, sessionId: string, key: string) =>
  db
    .selectFrom('cart_idempotency_keys')
    .select(['fingerprint', 'cart_version'])
    .where('session_id', '=', sessionId)
    .where('key', '=', key),
);
export const setKeyVersionQuery = prepare((db, sessionId: string, key: string, version: number) =>
  db
    .updateTable('cart_idempotency_keys')
    .set({ cart_version: version })
    .where('session_id', '=', sessionId)
    .where('key', '=', key),
);

/** The columns of a new cart line written from a data-modifying WITH (PostgreSQL), in newLineValues' order. */
export const NEW_LINE_COLUMNS = [
  'session_id',
  'price_id',
  'properties_hash',
  'properties',
  'quantity',
  'unit_amount_seen',
  'created_at',
  'updated_at',
] as const;

/**
 * A new line's values after its session id, selected beside the WITH that gives the id; `addedAt` is its time when
 * that is not `at` (an add to a cart that has lines: sql-cart-pg-add.ts).
 */
export function newLineValues<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  line: { priceId: string; hash: string; properties: string; quantity: number; seen: number; at: number },
  addedAt: AliasableExpression<number> = eb.cast<number>(eb.val(line.at), 'bigint'),
) {
  return [
    eb.val(line.priceId).as('price_id'),
    eb.val(line.hash).as('properties_hash'),
    eb.val(line.properties).as('properties'),
    // Typed: a parameter in a select list has no column to take its type from.
    eb.cast<number>(eb.val(line.quantity), 'integer').as('quantity'),
    eb.cast<number>(eb.val(line.seen), 'bigint').as('unit_amount_seen'),
    addedAt.as('created_at'),
    eb.cast<number>(eb.val(line.at), 'bigint').as('updated_at'),
  ] as const;
}

/**
 * PostgreSQL: a new visitor's session and first line in one statement (a data-modifying WITH; SQLite has none), so
 * one round trip and an implicit transaction do what BEGIN, two inserts and COMMIT did. Writes nothing (no row
 * inserted) when the add's CatalogCheck fails.
 */
export const insertSessionWithLineQuery = prepare(
  (
    db,
    id: string,
    now: number,
    expiresAt: number,
    priceId: string,
    hash: string,
    properties: string,
    quantity: number,
    seen: number,
    version: number,
    untracked: readonly string[],
  ) =>
    db
      .with('session', (db) =>
        db
          .insertInto('sessions')
          .columns(['id', 'created_at', 'expires_at', 'cart_version'])
          .expression(
            db
              .selectNoFrom((eb) => [
                eb.val(id).as('id'),
                eb.cast<number>(eb.val(now), 'bigint').as('created_at'),
                eb.cast<number>(eb.val(expiresAt), 'bigint').as('expires_at'),
                sql.lit(1).as('cart_version'),
              ])
              // The add's CatalogCheck (none: version -1): nothing is inserted when it fails.
              .where(sql<boolean>`(${version} < 0 or ${catalogStill(version, untracked)})`),
          )
          .returning('id'),
      )
      .insertInto('cart_lines')
      .columns(NEW_LINE_COLUMNS)
      .expression((eb) =>
        eb
          .selectFrom('session')
          .select((eb) => ['session.id', ...newLineValues(eb, { priceId, hash, properties, quantity, seen, at: now })]),
      ),
);
