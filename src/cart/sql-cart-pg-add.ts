/**
 * PostgreSQL: an add to an existing session's cart in one statement, where the locking transaction
 * (sql-cart-steps.ts) takes five round trips (BEGIN, lock, read, write, COMMIT). The statement reads the session's
 * version with the line the add goes to and the count of the others, checks the cart's rules on them in SQL (99 of a
 * line, 100 lines, one currency), the add's CatalogCheck and the version a client expects, and only when all hold
 * bumps the version, if it is still the one read, and writes the line (`quantity = quantity + n`, or a new line).
 * Every cart change moves the version, so a version that has not moved means the cart is as read: the rules checked
 * against it still hold. It answers with what it read and whether it wrote: an add it did not write is planned in
 * memory from that read (cart-rules.ts), which gives the refusal with its words exactly as every other store does;
 * when the rules allow it, the cart had moved (another change of it came in between) and the statement is run again.
 * After a few such turns the add goes to the locking transaction, which waits for the cart's lock instead. The
 * statement commits on its own, once, before the answer. Its first run, outside a transaction, goes in a group with
 * other shoppers' adds (sql-cart-pg-add-batch.ts: the same statement row by row, one commit for all).
 */
import { directPostgres } from '../db/direct-postgres.js';
import { prepare } from '../db/prepared.js';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { NO_DETAILS } from './cart-details.js';
import { addGroupsOf } from './sql-cart-pg-add-batch.js';
import { planAdd } from './sql-cart-steps.js';
import type { CartCommand, CatalogCheck } from './cart-store.js';
import { CartNotFound, CartVersionConflict, CatalogMoved, NoLiveSession } from './errors.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from './limits.js';
import { NO_PROPERTIES, propertiesHash, serializeProperties } from './line-properties.js';
import {
  addTargetColumns,
  catalogStill,
  checkedProducts,
  NEW_LINE_COLUMNS,
  newLineValues,
} from './sql-cart-queries.js';

/**
 * The add in one statement (see the header). `expected` and `version` are -1 when there is no expected version and
 * no CatalogCheck. One row when the session is live: the read, and `written` (1 when the add was written, else 0).
 */
const addQuery = prepare(
  (
    db,
    sessionId: string,
    clock: number,
    expected: number,
    priceId: string,
    hash: string,
    properties: string,
    quantity: number,
    currency: string,
    seen: number,
    at: number,
    version: number,
    untracked: readonly string[],
  ) =>
    db
      .with('target', (db) =>
        db
          .selectFrom('cart_lines')
          .innerJoin('prices', 'prices.id', 'cart_lines.price_id')
          .select(addTargetColumns(priceId, hash))
          .where('cart_lines.session_id', '=', sessionId),
      )
      .with('read', (db) =>
        db
          .selectFrom(['sessions', 'target'])
          .selectAll('target')
          .select([
            'sessions.cart_version',
            // For a session id the add is the first to check (a cookie's): the route rolls the cookie with it.
            'sessions.expires_at',
            // The add's CatalogCheck, in the same snapshot (true when there is none: version -1).
            sql<boolean>`(${version} < 0 or ${catalogStill(version, untracked)})`.as('catalog_holds'),
          ])
          .select((eb) =>
            eb
              .and([
                eb.or([eb(eb.val(expected), '<', 0), eb('sessions.cart_version', '=', expected)]),
                // The rules of cart-rules.ts for one add: more of a line stays within 99; a new line needs room
                // among 100 and the currency of the lines already there.
                eb.or([
                  eb.and([
                    eb('target.quantity', 'is not', null),
                    eb(eb('target.quantity', '+', quantity), '<=', sql.lit(MAX_LINE_QUANTITY)),
                  ]),
                  eb.and([
                    eb('target.quantity', 'is', null),
                    eb(eb.val(quantity), '<=', sql.lit(MAX_LINE_QUANTITY)),
                    eb('target.others', '<', sql.lit(MAX_CART_LINES)),
                    eb.or([eb('target.others', '=', 0), eb('target.othersCurrency', '=', currency)]),
                  ]),
                ]),
              ])
              .as('rules_hold'),
          )
          .where('sessions.id', '=', sessionId)
          .where('sessions.expires_at', '>', clock),
      )
      // The version moves on only when everything read allows the add and the cart is still as read.
      .with('bumped', (db) =>
        db
          .updateTable('sessions')
          .from('read')
          .set((eb) => ({ cart_version: eb('sessions.cart_version', '+', 1) }))
          .where('sessions.id', '=', sessionId)
          .where('sessions.expires_at', '>', clock)
          .whereRef('sessions.cart_version', '=', 'read.cart_version')
          .where('read.catalog_holds', '=', true)
          .where('read.rules_hold', '=', true)
          .returning('sessions.id'),
      )
      .with('inserted', (db) =>
        db
          .insertInto('cart_lines')
          .columns(NEW_LINE_COLUMNS)
          .expression((eb) =>
            eb
              .selectFrom(['bumped', 'read'])
              .select((eb) => [
                'bumped.id',
                // After the cart's latest line (cart-rules.ts, firstNewLineAt); greatest() passes over a null: none.
                ...newLineValues(
                  eb,
                  { priceId, hash, properties, quantity, seen, at },
                  sql<number>`greatest(${at}::bigint, ${eb.ref('read.latest')} + 1)`,
                ),
              ])
              .where('read.quantity', 'is', null),
          )
          .returning('session_id'),
      )
      .with('updated', (db) =>
        db
          .updateTable('cart_lines')
          .from(['bumped', 'read'])
          .set((eb) => ({ quantity: eb('cart_lines.quantity', '+', quantity), updated_at: at, unit_amount_seen: seen }))
          .whereRef('cart_lines.session_id', '=', 'bumped.id')
          .where('cart_lines.price_id', '=', priceId)
          .where('cart_lines.properties_hash', '=', hash)
          .where('read.quantity', 'is not', null)
          .returning('cart_lines.session_id'),
      )
      .selectFrom('read')
      .select([
        'read.cart_version',
        'read.expires_at',
        'read.catalog_holds',
        'read.others',
        'read.othersCurrency',
        'read.quantity',
        'read.currency',
        'read.unit_amount_seen',
        'read.created_at',
      ])
      .select((eb) =>
        eb(
          eb.selectFrom('inserted').select((eb) => eb.fn.countAll<number>().as('n')),
          '+',
          eb.selectFrom('updated').select((eb) => eb.fn.countAll<number>().as('n')),
        ).as('written'),
      ),
);

/** How many times an add is run again after its cart moved, before it waits for the lock instead. */
const ATTEMPTS = 3;

/**
 * Applies one add (CartStore.apply) as the header says: the new version and the session's expiry as read, or
 * undefined when its cart kept moving (the caller runs the locking transaction then). Throws as that transaction
 * does: CartNotFound (NoLiveSession when the first run finds no live session under the id; CartNotFound when a later
 * one no longer does), CatalogMoved, CartVersionConflict, the rules' CartError; nothing is written then.
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
  const properties = add.properties ?? NO_PROPERTIES;
  const hash = propertiesHash(properties);
  const line = [
    add.priceId,
    hash,
    serializeProperties(properties),
    add.quantity,
    add.currency,
    add.unitAmount,
  ] as const;
  const checked = [check?.version ?? -1, checkedProducts(check?.untracked ?? [])] as const;
  const alone = () => addQuery.first(db, sessionId, clock, expectedVersion ?? -1, ...line, now, ...checked);
  // The first run goes with other shoppers' adds when the add is not inside a transaction (sql-cart-pg-add-batch.ts).
  const pool = directPostgres(db);
  const grouped = async () => {
    const [priceId, , serialized, quantity, currency, seen] = line;
    const answer = await addGroupsOf(pool!).adds.write({
      sessionId,
      clock,
      expected: expectedVersion ?? -1,
      priceId,
      hash,
      properties: serialized,
      quantity,
      currency,
      seen,
      at: now,
      version: checked[0],
      untracked: checked[1],
    });
    return answer === 'alone' ? await alone() : answer.read;
  };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const read = attempt === 0 && pool ? await grouped() : await alone();
    if (!read) throw attempt === 0 ? new NoLiveSession() : new CartNotFound();
    const version = Number(read.cart_version);
    const expiresAt = Number(read.expires_at);
    if (Number(read.written) > 0) return { version: version + 1, expiresAt };
    // Not written: why, in the order the locking transaction finds it.
    if (!read.catalog_holds) throw new CatalogMoved();
    if (expectedVersion !== undefined && version !== expectedVersion) throw new CartVersionConflict(version);
    // Throws the refusal the statement found; planned without a refusal, the cart moved under the add.
    planAdd(add, hash, read, NO_DETAILS);
  }
  return undefined;
}
