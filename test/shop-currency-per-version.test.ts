/**
 * The shop's currency (what an empty cart and a list's price filter are in) is read once per catalog version, not by
 * every answer: it changes only with the catalog, in the transaction that bumps the version (an import, a sync, a
 * SHOP_CURRENCY change: src/catalog/shop-currency.ts). A change made through another process shows once this
 * process has seen the new version, as the cached pages do.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { bumpCatalogVersion } from '../src/catalog/catalog-version.js';
import { applyShopCurrency } from '../src/catalog/shop-currency.js';
import { cartApi, useCartShop } from './support/cart.js';
import { databaseTargets } from './support/databases.js';
import { eventually } from './support/shop-process.js';

for (const target of databaseTargets()) {
  describe(`the shop's currency is read once per catalog version, on ${target.name}`, { skip: target.skip }, () => {
    const running = useCartShop({}, target);
    const emptyCartCurrency = async () => (await cartApi(running.shop).get()).body.currency as string;
    const priceFilterOf = async (path: string) => {
      const page = await running.shop.app.inject({ url: path });
      assert.equal(page.statusCode, 200);
      return /name="filter\.v\.price\.gte"[^>]*value="([^"]*)"/.exec(page.body)?.[1];
    };

    it('keeps the currency while the version stays, and follows a SHOP_CURRENCY change made elsewhere', async () => {
      assert.equal(await emptyCartCurrency(), 'JPY');
      // A yen filter of 1200 is ¥1,200: the page shows it back as typed (yen have no minor unit).
      assert.equal(await priceFilterOf('/search?q=tea&filter.v.price.gte=1200'), '1200');

      // Written behind the shop's back without a version bump (nothing in kago does this): the kept value stands.
      await sql`update catalog_state set currency = 'usd' where id = 1`.execute(running.database.db);
      assert.equal(await emptyCartCurrency(), 'JPY', 'read once for this version, not per answer');
      await sql`update catalog_state set currency = 'jpy' where id = 1`.execute(running.database.db);

      // Another process changes SHOP_CURRENCY: the catalog is re-sold in dollars and the version moves.
      assert.equal(await applyShopCurrency(running.database.db, 'usd'), true);
      await eventually('the empty cart in dollars', async () => (await emptyCartCurrency()) === 'USD');
      // A dollar filter of 12.50 is 1250 cents, shown back in dollars.
      assert.equal(await priceFilterOf('/search?q=mug&filter.v.price.gte=12.50'), '12.50');

      assert.equal(await applyShopCurrency(running.database.db, undefined), true);
      await eventually('back to yen, the commonest', async () => (await emptyCartCurrency()) === 'JPY');
    });

    it('reads it again after a version bump alone', async () => {
      await sql`update catalog_state set currency = 'usd' where id = 1`.execute(running.database.db);
      await bumpCatalogVersion(running.database.db);
      await eventually('the new value after the bump', async () => (await emptyCartCurrency()) === 'USD');
      await sql`update catalog_state set currency = 'jpy' where id = 1`.execute(running.database.db);
      await bumpCatalogVersion(running.database.db);
      await eventually('yen again', async () => (await emptyCartCurrency()) === 'JPY');
    });
  });
}
