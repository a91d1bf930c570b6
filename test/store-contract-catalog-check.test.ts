/**
 * CatalogCheck (src/cart/cart-store.ts), on the SQL stores: an add planned from memory is written only while the
 * catalog is at the version it was planned at and its products are still not counted; otherwise the store throws
 * CatalogMoved and writes nothing, for a new visitor and for an existing cart, on every path (the one-statement
 * PostgreSQL adds and the locking transaction).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { bumpCatalogVersion, readCatalogVersion } from '../src/catalog/catalog-version.js';
import type { CartCommand, CartStore, SellablePrice } from '../src/cart/cart-store.js';
import { CatalogMoved } from '../src/cart/errors.js';
import { createSqlCartStore } from '../src/cart/sql-cart-store.js';
import type { Database } from '../src/db/schema.js';
import { newSessionId } from '../src/session/session-store.js';
import { CART_PRICES, CART_PRODUCTS, importCartCatalog } from './support/cart.js';
import { databaseTargets } from './support/databases.js';

const HOUR = 3_600_000;
const TEA: SellablePrice = { priceId: 'price_tea', unitAmount: 1200, currency: 'jpy' };
const add = (quantity = 1, properties = {}): CartCommand => ({ kind: 'add', quantity, properties, ...TEA });

for (const database of databaseTargets()) {
  describe(`an add's catalog check on ${database.name}`, { skip: database.skip }, () => {
    let db: Kysely<Database>;
    let carts: CartStore;
    let close: () => Promise<void>;
    before(async () => {
      const handle = await database.open();
      ({ db } = handle);
      close = () => handle.close();
      await importCartCatalog(db, { products: CART_PRODUCTS, prices: CART_PRICES });
      carts = createSqlCartStore(db);
    });
    after(async () => {
      await close?.();
    });

    const lines = async (sessionId: string) =>
      (await carts.read(sessionId))?.lines.map((line) => [line.priceId, line.quantity]);

    it('says it checks', () => {
      assert.equal(carts.checksCatalog, true);
    });

    it('writes a new visitor’s add while the check holds, and nothing once the catalog moved', async () => {
      const now = Date.now();
      const version = await readCatalogVersion(db);
      const held = { id: newSessionId(), expiresAt: now + HOUR };
      const check = { version, untracked: ['prod_tea'] };
      assert.equal(await carts.applyToNewSession!(held, [add()], now, undefined, check), 1);
      assert.deepEqual(await lines(held.id), [['price_tea', 1]]);

      await bumpCatalogVersion(db);
      for (const commands of [[add()], [add(1, { engraving: 'A' })], [add(), add(2, { engraving: 'B' })]]) {
        const moved = { id: newSessionId(), expiresAt: now + HOUR };
        await assert.rejects(carts.applyToNewSession!(moved, commands, now, undefined, check), CatalogMoved);
        assert.equal(await carts.read(moved.id), undefined, 'no session is left behind');
      }
    });

    it('writes nothing to an existing cart once the catalog moved, on every path', async () => {
      const now = Date.now();
      const sessionId = newSessionId();
      await carts.applyToNewSession!({ id: sessionId, expiresAt: now + HOUR }, [add()], now);
      const stale = { version: (await readCatalogVersion(db)) - 1, untracked: ['prod_tea'] };
      // A plain add (one statement on PostgreSQL), one with an expected version, one with a key (transactions).
      await assert.rejects(carts.apply(sessionId, [add()], now, undefined, undefined, stale), CatalogMoved);
      await assert.rejects(carts.apply(sessionId, [add()], now, 1, undefined, stale), CatalogMoved);
      const key = { key: 'k1', fingerprint: 'f1' };
      await assert.rejects(
        carts.apply(sessionId, [add(), add(1, { a: 'b' })], now, undefined, key, stale),
        CatalogMoved,
      );
      assert.equal((await carts.read(sessionId))!.version, 1, 'the version did not move');
      assert.deepEqual(await lines(sessionId), [['price_tea', 1]]);
      assert.equal(await carts.findIdempotencyKey(sessionId, 'k1'), undefined, 'the key was not recorded');
      // At the current version the same add goes in.
      const current = { ...stale, version: stale.version + 1 };
      assert.equal(await carts.apply(sessionId, [add()], now, undefined, undefined, current), 2);
      assert.deepEqual(await lines(sessionId), [['price_tea', 2]]);
    });

    it('fails for a product counted since, even at the same version', async () => {
      const now = Date.now();
      const sessionId = newSessionId();
      const check = { version: await readCatalogVersion(db), untracked: ['prod_cup', 'prod_tea'] };
      await carts.applyToNewSession!({ id: sessionId, expiresAt: now + HOUR }, [add()], now, undefined, check);
      await db
        .insertInto('stock_levels')
        .values({ product_id: 'prod_tea', on_hand: 1, reserved: 0, imported: 1, updated_at: now })
        .execute();
      try {
        await assert.rejects(carts.apply(sessionId, [add()], now, undefined, undefined, check), CatalogMoved);
        const other = { id: newSessionId(), expiresAt: now + HOUR };
        await assert.rejects(carts.applyToNewSession!(other, [add()], now, undefined, check), CatalogMoved);
        assert.equal(await carts.read(other.id), undefined);
        assert.deepEqual(await lines(sessionId), [['price_tea', 1]]);
      } finally {
        await db.deleteFrom('stock_levels').where('product_id', '=', 'prod_tea').execute();
      }
    });
  });
}
