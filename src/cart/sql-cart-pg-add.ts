/**
 * PostgreSQL: an add to an existing session's cart in two statements and no explicit transaction, where the locking
 * transaction (sql-cart-steps.ts) takes five round trips (BEGIN, lock, read, write, COMMIT). The first statement
 * reads the session's version with the line the add goes to and the count of the others; the add is planned from
 * that; the second statement bumps the version only if it is still the one read and, in the same statement, writes
 * the line (`quantity = quantity + n`, or a new line). Every cart change moves the version, so a version that has
 * not moved means the cart is as read: the rules checked against it still hold. When it has moved (another change
 * of this cart came in between), nothing is written and the add is read and planned again; after a few such turns
 * it goes to the locking transaction, which waits for the cart's lock instead. The statement commits on its own,
 * once, before the answer.
 */
import { prepare } from '../db/prepared.js';
import { sql, type Kysely, type QueryCreator } from 'kysely';
import type { Database } from '../db/schema.js';
import { deserializeDetails } from './cart-details.js';
import { isEmptyPlan } from './cart-rules.js';
import type { CartCommand, CatalogCheck } from './cart-store.js';
import { CartNotFound, CartVersionConflict, CatalogMoved, NoLiveSession } from './errors.js';
import { NO_PROPERTIES, propertiesHash, serializeProperties } from './line-properties.js';
import {
  addTargetColumns,
  catalogStill,
  checkedProducts,
  NEW_LINE_COLUMNS,
  newLineValues,
} from './sql-cart-queries.js';
import { planAdd } from './sql-cart-steps.js';

/** A live session's version and details, with what addTargetQuery (sql-cart-queries.ts) reads of its lines. */
const readQuery = prepare(
  (
    db,
    sessionId: string,
    clock: number,
    priceId: string,
    hash: string,
    version: number,
    untracked: readonly string[],
  ) =>
    db
      .selectFrom('sessions')
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('cart_lines')
            .innerJoin('prices', 'prices.id', 'cart_lines.price_id')
            .select(addTargetColumns(priceId, hash))
            .whereRef('cart_lines.session_id', '=', 'sessions.id')
            .as('target'),
        (join) => join.onTrue(),
      )
      .select([
        'sessions.cart_version',
        'sessions.cart_details',
        // For a session id the add is the first to check (a cookie's): the route rolls the cookie with it.
        'sessions.expires_at',
        'target.others',
        'target.othersCurrency',
        'target.quantity',
        'target.currency',
        'target.unit_amount_seen',
        'target.created_at',
        // The add's CatalogCheck, in the same snapshot (true when there is none: version -1).
        sql<boolean>`(${version} < 0 or ${catalogStill(version, untracked)})`.as('catalog_holds'),
      ])
      .where('sessions.id', '=', sessionId)
      .where('sessions.expires_at', '>', clock),
);

/** Moves the version on from `version`, only if the session is live and still at it: the session's id, or no row. */
const bumpFrom = (db: QueryCreator<Database>, sessionId: string, clock: number, version: number) =>
  db
    .updateTable('sessions')
    .set((eb) => ({ cart_version: eb('cart_version', '+', 1) }))
    .where('id', '=', sessionId)
    .where('expires_at', '>', clock)
    .where('cart_version', '=', version)
    .returning('id');

const insertLineQuery = prepare(
  (
    db,
    sessionId: string,
    clock: number,
    version: number,
    priceId: string,
    hash: string,
    properties: string,
    quantity: number,
    seen: number,
    at: number,
  ) =>
    db
      .with('bumped', (db) => bumpFrom(db, sessionId, clock, version))
      .insertInto('cart_lines')
      .columns(NEW_LINE_COLUMNS)
      .expression((eb) =>
        eb
          .selectFrom('bumped')
          .select((eb) => ['bumped.id', ...newLineValues(eb, { priceId, hash, properties, quantity, seen, at })]),
      )
      .returning('session_id'),
);
const addToLineQuery = prepare(
  (db, sessionId: string, clock: number, version: number, priceId: string, hash: string, delta: number, at: number) =>
    db
      .with('bumped', (db) => bumpFrom(db, sessionId, clock, version))
      .updateTable('cart_lines')
      .from('bumped')
      .set((eb) => ({ quantity: eb('quantity', '+', delta), updated_at: at }))
      .whereRef('cart_lines.session_id', '=', 'bumped.id')
      .where('cart_lines.price_id', '=', priceId)
      .where('cart_lines.properties_hash', '=', hash)
      .returning('cart_lines.session_id'),
);
const addToLineSeenQuery = prepare(
  (
    db,
    sessionId: string,
    clock: number,
    version: number,
    priceId: string,
    hash: string,
    delta: number,
    at: number,
    seen: number,
  ) =>
    db
      .with('bumped', (db) => bumpFrom(db, sessionId, clock, version))
      .updateTable('cart_lines')
      .from('bumped')
      .set((eb) => ({ quantity: eb('quantity', '+', delta), updated_at: at, unit_amount_seen: seen }))
      .whereRef('cart_lines.session_id', '=', 'bumped.id')
      .where('cart_lines.price_id', '=', priceId)
      .where('cart_lines.properties_hash', '=', hash)
      .returning('cart_lines.session_id'),
);

/** How many times an add is read and planned again after its cart moved, before it waits for the lock instead. */
const ATTEMPTS = 3;

/**
 * Applies one add (CartStore.apply) as the header says: the new version and the session's expiry as read, or
 * undefined when the add is not of a shape written here or its cart kept moving (the caller runs the locking
 * transaction then). Throws as that transaction does: CartNotFound (NoLiveSession when the first read finds no live
 * session under the id; CartNotFound when a later one no longer does), CartVersionConflict, the rules' CartError.
 */
export async function addOnPostgres(
  db: Kysely<Database>,
  sessionId: string,
  add: Extract<CartCommand, { kind: 'add' }>,
  now: number,
  expectedVersion: number | undefined,
  clock: number,
  check?: CatalogCheck,
): Promise<{ version: number; expiresAt: number } | undefined> {
  const hash = propertiesHash(add.properties ?? NO_PROPERTIES);
  const checked = [check?.version ?? -1, checkedProducts(check?.untracked ?? [])] as const;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const read = await readQuery.first(db, sessionId, clock, add.priceId, hash, ...checked);
    if (!read) throw attempt === 0 ? new NoLiveSession() : new CartNotFound();
    // The catalog is read in the add's own read: the write follows it, as an add read from the database would.
    if (!read.catalog_holds) throw new CatalogMoved();
    const version = Number(read.cart_version);
    const expiresAt = Number(read.expires_at);
    if (expectedVersion !== undefined && version !== expectedVersion) throw new CartVersionConflict(version);
    const plan = planAdd(add, hash, read, deserializeDetails(read.cart_details));
    if (isEmptyPlan(plan)) return { version, expiresAt };
    const change = plan.lines[0]!;
    if (plan.details || plan.lines.length !== 1 || change.quantity === 0) return undefined;
    const { priceId, delta, unitAmountSeen: seen } = change;
    let written;
    if (!change.existed) {
      const properties = serializeProperties(change.properties);
      const at = change.addedAt ?? now;
      const args = [priceId, change.propertiesHash, properties, change.quantity, seen ?? 0, at] as const;
      written = await insertLineQuery.first(db, sessionId, clock, version, ...args);
    } else if (delta === undefined) return undefined;
    else if (seen === undefined) {
      written = await addToLineQuery.first(db, sessionId, clock, version, priceId, change.propertiesHash, delta, now);
    } else {
      const args = [priceId, change.propertiesHash, delta, now, seen] as const;
      written = await addToLineSeenQuery.first(db, sessionId, clock, version, ...args);
    }
    if (written) return { version: version + 1, expiresAt };
  }
  return undefined;
}
