/**
 * Options (several prices per product) in the catalog, on SQLite and PostgreSQL: which prices are sold, their labels
 * and order, what a card and a product read, SHOP_CURRENCY, and where a cart line of a price no longer sold moves.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCatalogQueries, importCatalog } from '../src/catalog/index.js';
import { applyShopCurrency } from '../src/catalog/shop-currency.js';
import { snapshotCatalog } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { OPTION_PRICES, optionCatalogFiles } from './support/option-catalog.js';

for (const target of databaseTargets()) {
  describe(`price options on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    const catalog = () => createCatalogQueries(database.db);
    const version = async () =>
      Number((await database.db.selectFrom('catalog_state').select('version').executeTakeFirstOrThrow()).version);
    const options = async (productId: string) =>
      (
        await database.db
          .selectFrom('prices')
          .select(['id', 'option_position', 'option_label'])
          .where('product_id', '=', productId)
          .where('option_position', 'is not', null)
          .orderBy('option_position')
          .execute()
      ).map((row) => [row.id, row.option_label]);
    before(async () => {
      database = await target.open();
    });
    after(async () => database?.close());

    it('sells every active one-time price in the shop currency, labelled and ordered; other currencies are named in the report', async () => {
      const report = await importCatalog(database.db, optionCatalogFiles());
      assert.equal(report.prices!.otherCurrency, 2);
      assert.deepEqual(
        report.notes.map((note) => [note.line, note.message]),
        [
          [5, 'price price_tea_usd skipped: priced in USD, and the shop sells in JPY (SHOP_CURRENCY)'],
          [7, 'price price_mug skipped: priced in USD, and the shop sells in JPY (SHOP_CURRENCY)'],
        ],
      );
      assert.deepEqual(await options('prod_tea'), [
        ['price_tea_gift', 'Gift box'],
        ['price_tea_100', '100 g'],
        ['price_tea_200', '200 g'],
      ]);
      const { products } = await snapshotCatalog(database.db);
      const tea = products.find((row) => row.id === 'prod_tea')!;
      assert.deepEqual(
        [tea.option_count, tea.default_price_id, tea.list_price],
        [3, 'price_tea_gift', 1200],
        'sold at its newest option when none is chosen; listed at its lowest',
      );
      assert.deepEqual(
        products
          .filter((row) => row.listing_position !== null)
          .map((row) => row.id)
          .sort(),
        ['prod_cup', 'prod_tea'],
        'the dollar-only mug is not listed',
      );

      const page = await catalog().listPage(1);
      assert.deepEqual(
        page.products.map((product) => [product.id, product.optionCount, product.fromAmount, product.price?.id]),
        [
          ['prod_tea', 3, 1200, 'price_tea_gift'],
          ['prod_cup', 1, 3000, 'price_cup'],
        ],
      );
      const found = await catalog().findProduct('sencha-tea');
      assert.deepEqual(
        found!.product.options.map((option) => [option.id, option.label, option.unitAmount, option.taxBehavior]),
        [
          ['price_tea_gift', 'Gift box', 3500, 'inclusive'],
          ['price_tea_100', '100 g', 1200, 'inclusive'],
          ['price_tea_200', '200 g', 2000, 'inclusive'],
        ],
      );
      const cup = await catalog().getProduct('prod_cup');
      assert.deepEqual(
        cup!.options.map((option) => [option.id, option.label]),
        [['price_cup', '']],
        'one price: no choice, no label shown',
      );
    });

    it('re-importing the same export rewrites nothing', async () => {
      const before = await snapshotCatalog(database.db);
      const report = await importCatalog(database.db, optionCatalogFiles());
      assert.equal(report.prices!.updated, 0);
      assert.deepEqual(await snapshotCatalog(database.db), before);
    });

    it('sells a product at the price Stripe names as its default when that is an option, else at its newest', async () => {
      const sellingPrice = async () => {
        const { products } = await snapshotCatalog(database.db);
        const tea = products.find((row) => row.id === 'prod_tea')!;
        return [tea.stripe_default_price_id, tea.default_price_id, (await catalog().getProduct('prod_tea'))!.price?.id];
      };
      await importCatalog(database.db, optionCatalogFiles(OPTION_PRICES, { prod_tea: 'price_tea_100' }));
      assert.deepEqual(await sellingPrice(), ['price_tea_100', 'price_tea_100', 'price_tea_100']);
      assert.deepEqual(
        await options('prod_tea'),
        [
          ['price_tea_gift', 'Gift box'],
          ['price_tea_100', '100 g'],
          ['price_tea_200', '200 g'],
        ],
        'the order of the choices stays',
      );
      const before = await snapshotCatalog(database.db);
      const again = await importCatalog(database.db, optionCatalogFiles(OPTION_PRICES, { prod_tea: 'price_tea_100' }));
      assert.deepEqual([again.products!.updated, again.prices!.updated], [0, 0]);
      assert.deepEqual(await snapshotCatalog(database.db), before, 'a second run writes nothing');

      await importCatalog(database.db, optionCatalogFiles(OPTION_PRICES, { prod_tea: 'price_tea_usd' }));
      assert.deepEqual(
        await sellingPrice(),
        ['price_tea_usd', 'price_tea_gift', 'price_tea_gift'],
        'a default in another currency is not sold: the newest option sells',
      );
      await importCatalog(database.db, optionCatalogFiles());
      assert.deepEqual(await sellingPrice(), [null, 'price_tea_gift', 'price_tea_gift']);
    });

    it('a cart line of a price no longer sold moves to the option of the same label, or becomes unavailable', async () => {
      // 100 g gets a new price (the old one archived: missing from the export); 200 g is dropped.
      const prices = OPTION_PRICES.filter((row) => row[0] !== 'price_tea_100' && row[0] !== 'price_tea_200');
      await importCatalog(
        database.db,
        optionCatalogFiles([
          ...prices,
          ['price_tea_100b', 'prod_tea', '100 g', '2024-03-01 00:00:00', '1300', 'jpy', 'inclusive', '', ''],
        ]),
      );
      const details = await catalog().pricesByIds(['price_tea_100', 'price_tea_200', 'price_tea_gift']);
      assert.deepEqual(
        ['price_tea_100', 'price_tea_200', 'price_tea_gift'].map((id) => [
          details.get(id)!.sold,
          details.get(id)!.sellingPrice?.id ?? null,
          details.get(id)!.sellingPrice?.optionLabel ?? null,
        ]),
        [
          [false, 'price_tea_100b', '100 g'],
          [false, null, null],
          [true, 'price_tea_gift', 'Gift box'],
        ],
      );
      await importCatalog(database.db, optionCatalogFiles());
    });

    it('SHOP_CURRENCY sells the prices in its currency, at once and in one catalog version; the same setting again changes nothing', async () => {
      const start = await version();
      assert.equal(await applyShopCurrency(database.db, 'usd'), true);
      assert.equal(await version(), start + 1, "every process's cached pages follow");
      assert.equal(await catalog().shopCurrency(), 'usd');
      assert.deepEqual(await options('prod_tea'), [['price_tea_usd', '100 g']]);
      assert.deepEqual(await options('prod_cup'), []);
      const page = await catalog().listPage(1);
      assert.deepEqual(
        page.products.map((product) => [product.id, product.price?.id, product.optionCount]),
        [
          ['prod_tea', 'price_tea_usd', 1],
          ['prod_mug', 'price_mug', 1],
        ],
      );
      assert.equal(
        (await catalog().pricesByIds(['price_cup'])).get('price_cup')!.sold,
        false,
        'a yen price cannot be added',
      );

      const before = await snapshotCatalog(database.db);
      assert.equal(await applyShopCurrency(database.db, 'usd'), false);
      assert.deepEqual(await snapshotCatalog(database.db), before);
      assert.equal(await version(), start + 1);

      const report = await importCatalog(database.db, optionCatalogFiles());
      assert.deepEqual(
        report.notes.map((note) => note.line),
        [2, 3, 4, 6],
        'an import keeps to the setting: the yen prices are the skipped ones',
      );
      assert.equal(await applyShopCurrency(database.db, undefined), true);
      assert.equal(await catalog().shopCurrency(), 'jpy', 'back to the commonest currency');
      assert.deepEqual(await options('prod_tea'), [
        ['price_tea_gift', 'Gift box'],
        ['price_tea_100', '100 g'],
        ['price_tea_200', '200 g'],
      ]);
    });
  });
}
