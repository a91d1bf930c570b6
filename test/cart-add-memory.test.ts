/**
 * Adds plan from memory per catalog version (src/cart/sellable-memo.ts): a product added once is not read again
 * while the catalog keeps its version, and a catalog change (a new price, a product taken off sale, stock counted)
 * is never missed: the store checks the version in the add's own transaction, and the add is planned again.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { bumpCatalogVersion, readCatalogVersion } from '../src/catalog/catalog-version.js';
import { createCatalogQueries } from '../src/catalog/index.js';
import { createCartPriceCache } from '../src/catalog/price-cache.js';
import { createCartService, type CartService } from '../src/cart/cart-service.js';
import { createSqlCartStore } from '../src/cart/sql-cart-store.js';
import { createSqlSessionStore } from '../src/session/session-store.js';
import { createStockLevels } from '../src/stock/stock-levels.js';
import { importCartCatalog } from './support/cart.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

for (const target of databaseTargets()) {
  describe(`adds planned from memory on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let cart: CartService;
    let carts: ReturnType<typeof createSqlCartStore>;
    let productReads = 0;
    before(async () => {
      database = await target.open();
      await importCartCatalog(database.db);
      const { db } = database;
      const queries = createCatalogQueries(db);
      const catalog = {
        ...queries,
        productsByIds: (ids: readonly string[]) => {
          productReads++;
          return queries.productsByIds(ids);
        },
      };
      cart = createCartService({
        catalog,
        pricing: {
          prices: createCartPriceCache((ids) => queries.pricesByIds(ids)),
          version: () => readCatalogVersion(db),
          polled: () => -1,
        },
        sessions: createSqlSessionStore(db),
        carts: (carts = createSqlCartStore(db)),
        stock: createStockLevels(db),
        sessionTtlMs: 3_600_000,
        now: Date.now,
      });
    });
    beforeEach(() => (productReads = 0));
    after(async () => {
      await database?.close();
    });

    const addTea = async (sessionId?: string) => {
      const result = await cart.add(sessionId, [{ id: 'prod_tea', quantity: 1 }]);
      assert.equal(result.kind, 'changed', JSON.stringify(result));
      return result.kind === 'changed' ? result.sessionId! : '';
    };
    const teaLine = async (sessionId: string) => (await cart.view(sessionId)).lines[0]!;

    it('reads a product once per catalog version, for new visitors and existing carts alike', async () => {
      const sessionId = await addTea();
      await addTea(sessionId);
      await addTea();
      await addTea(sessionId);
      assert.equal(productReads, 1);
      assert.equal((await teaLine(sessionId)).quantity, 3);
    });

    it('adds at the new price once the catalog changed it, never at the remembered one', async () => {
      const sessionId = await addTea();
      await database.db.updateTable('prices').set({ unit_amount: 1500 }).where('id', '=', 'price_tea').execute();
      await bumpCatalogVersion(database.db);
      productReads = 0;
      const other = await addTea();
      await addTea(sessionId);
      // The remembered answer was refused by the store's check; the add was planned again from the database.
      assert.equal(productReads, 1);
      // The amount each add was made at (the line's first amount seen is the one added; the second add moved it).
      assert.equal((await carts.read(other))!.lines[0]!.unitAmountSeen, 1500);
      assert.equal((await carts.read(sessionId))!.lines[0]!.unitAmountSeen, 1500);
    });

    it('refuses a product taken off sale since it was remembered, and writes nothing', async () => {
      const sessionId = await addTea();
      await database.db.updateTable('products').set({ active: 0 }).where('id', '=', 'prod_tea').execute();
      await bumpCatalogVersion(database.db);
      try {
        const refused = await cart.add(sessionId, [{ id: 'prod_tea', quantity: 1 }]);
        assert.equal(refused.kind, 'refused');
        assert.equal(refused.kind === 'refused' && refused.error.code, 'product_unavailable');
        const fresh = await cart.add(undefined, [{ id: 'prod_tea', quantity: 1 }]);
        assert.equal(fresh.kind, 'refused');
        assert.equal((await cart.view(sessionId)).lines[0]!.quantity, 1);
      } finally {
        await database.db.updateTable('products').set({ active: 1 }).where('id', '=', 'prod_tea').execute();
        await bumpCatalogVersion(database.db);
      }
    });

    it('checks the stock of a product counted since, at the same catalog version', async () => {
      const sessionId = await addTea();
      // Counted by hand without a version bump: the store's check sees the stock row.
      await database.db
        .insertInto('stock_levels')
        .values({ product_id: 'prod_tea', on_hand: 1, reserved: 0, imported: 1, updated_at: Date.now() })
        .execute();
      try {
        const refused = await cart.add(sessionId, [{ id: 'prod_tea', quantity: 1 }]);
        // One left and one in the cart: a second is more than the stock (a remembered "not counted" would allow it).
        assert.equal(refused.kind === 'refused' && refused.error.code, 'not_enough_stock', JSON.stringify(refused));
        assert.equal((await cart.view(sessionId)).lines[0]!.quantity, 1);
      } finally {
        await database.db.deleteFrom('stock_levels').where('product_id', '=', 'prod_tea').execute();
      }
    });
  });
}
