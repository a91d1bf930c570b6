/**
 * What the import reads for fulfilment, on SQLite and PostgreSQL: each price's tax behaviour, which products are
 * shipped, and stock counts with the re-import rule of ADR 0006 (a changed number is a new stocktake; the same
 * number keeps the sales since; an empty cell stops tracking). Bad cells are file:line problems that change nothing.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { importCatalog, ImportFailedError, type ImportProblem } from '../src/catalog/index.js';
import { demoFiles } from '../src/catalog/demo.js';
import { createStockLevels } from '../src/stock/stock-levels.js';
import { csvLine, PRICE_HEADER, priceRow, snapshotCatalog, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const PRODUCT_HEADER = ['id', 'Name', 'Created (UTC)', 'Type', 'shippable (metadata)', 'Stock (metadata)'];
const product = (id: string, type: string, shippable: string, stock: string) => [
  id,
  `Item ${id}`,
  '2024-01-01 00:00:00',
  type,
  shippable,
  stock,
];
const GOOD_PRODUCTS = [
  PRODUCT_HEADER,
  product('prod_A', '', '', '10'),
  product('prod_B', 'good', 'TRUE', ''),
  product('prod_C', 'service', '', ''),
  product('prod_D', '', 'False', '0'),
];
const withTax = (row: string[], taxBehavior: string) => [...row.slice(0, 15), taxBehavior];
const GOOD_PRICES = [
  PRICE_HEADER,
  withTax(priceRow('price_A', 'prod_A', '1000', 'jpy'), 'inclusive'),
  withTax(priceRow('price_B', 'prod_B', '2000', 'jpy'), 'EXCLUSIVE'),
  withTax(priceRow('price_C', 'prod_C', '3000', 'jpy'), ''),
  withTax(priceRow('price_D', 'prod_D', '4000', 'jpy'), 'unspecified'),
];

function csv(rows: string[][]): string {
  return rows.map(csvLine).join('\n') + '\n';
}

function files(products: string[][], prices = GOOD_PRICES) {
  const written = writeCsvFiles({ 'products.csv': csv(products), 'prices.csv': csv(prices) });
  return { products: written['products.csv']!, prices: written['prices.csv']! };
}

for (const target of databaseTargets()) {
  describe(`fulfilment columns of the import on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await target.open();
    });
    const close = async () => database?.close();
    const stockOf = async (...ids: string[]) => Object.fromEntries(await createStockLevels(database.db).levels(ids));

    it('reads tax behaviour, shippable and stock', async () => {
      try {
        const report = await importCatalog(database.db, files(GOOD_PRODUCTS));
        assert.deepEqual(report.stock, { counted: 2, untracked: 0 });
        const prices = await database.db.selectFrom('prices').select(['id', 'tax_behavior']).orderBy('id').execute();
        assert.deepEqual(
          prices.map((price) => price.tax_behavior),
          ['inclusive', 'exclusive', 'unspecified', 'unspecified'],
        );
        const products = await database.db.selectFrom('products').select(['id', 'shippable']).orderBy('id').execute();
        assert.deepEqual(
          products.map((row) => row.shippable),
          [1, 1, 0, 0],
        );
        assert.deepEqual(await stockOf('prod_A', 'prod_B', 'prod_D', 'prod_unknown'), {
          prod_A: { tracked: true, onHand: 10, reserved: 0, available: 10 },
          prod_B: { tracked: false },
          prod_D: { tracked: true, onHand: 0, reserved: 0, available: 0 },
          prod_unknown: { tracked: false },
        });
      } finally {
        await close();
      }
    });

    it('re-imports: the same count keeps sales since, a new count is a stocktake, an empty cell stops tracking', async () => {
      try {
        await importCatalog(database.db, files(GOOD_PRODUCTS));
        // Three sold since the import.
        await database.db.updateTable('stock_levels').set({ on_hand: 7 }).where('product_id', '=', 'prod_A').execute();
        const versionBefore = await database.db.selectFrom('catalog_state').select('version').executeTakeFirstOrThrow();
        const same = await importCatalog(database.db, files(GOOD_PRODUCTS));
        assert.deepEqual(same.stock, { counted: 0, untracked: 0 });
        assert.deepEqual(same.products, { added: 0, updated: 0, unchanged: 4, deactivated: 0 });
        assert.deepEqual((await stockOf('prod_A')).prod_A, { tracked: true, onHand: 7, reserved: 0, available: 7 });
        const versionAfter = await database.db.selectFrom('catalog_state').select('version').executeTakeFirstOrThrow();
        assert.equal(
          Number(versionAfter.version),
          Number(versionBefore.version) + 1,
          'an import makes cached pages stale',
        );

        const recount = await importCatalog(
          database.db,
          files([PRODUCT_HEADER, product('prod_A', '', '', '12'), ...GOOD_PRODUCTS.slice(2)]),
        );
        assert.deepEqual(recount.stock, { counted: 1, untracked: 0 });
        assert.deepEqual((await stockOf('prod_A')).prod_A, { tracked: true, onHand: 12, reserved: 0, available: 12 });

        const untrack = await importCatalog(
          database.db,
          files([PRODUCT_HEADER, product('prod_A', '', '', ' '), ...GOOD_PRODUCTS.slice(2)]),
        );
        assert.deepEqual(untrack.stock, { counted: 0, untracked: 1 });
        assert.deepEqual((await stockOf('prod_A')).prod_A, { tracked: false });
        assert.equal(
          (
            await database.db
              .selectFrom('stock_levels')
              .select('product_id')
              .where('product_id', '=', 'prod_A')
              .execute()
          ).length,
          0,
        );
      } finally {
        await close();
      }
    });

    it('an export without a stock column leaves stock as it is; a dry run changes none of it', async () => {
      try {
        await importCatalog(database.db, files(GOOD_PRODUCTS));
        const before = await snapshotCatalog(database.db);
        await importCatalog(
          database.db,
          files([PRODUCT_HEADER, product('prod_A', '', '', '99'), ...GOOD_PRODUCTS.slice(2)]),
          { dryRun: true },
        );
        assert.deepEqual(await snapshotCatalog(database.db), before);
        const noStock = GOOD_PRODUCTS.map((row) => row.slice(0, 5));
        const report = await importCatalog(database.db, files(noStock));
        assert.deepEqual(report.stock, { counted: 0, untracked: 0 });
        assert.deepEqual((await snapshotCatalog(database.db)).stock, before.stock);
      } finally {
        await close();
      }
    });

    it('imports the demo catalog: every price tax-inclusive, a gift card not shipped, some goods counted', async () => {
      try {
        await importCatalog(database.db, demoFiles);
        const prices = await database.db.selectFrom('prices').select('tax_behavior').execute();
        assert.ok(prices.length > 0 && prices.every((price) => price.tax_behavior === 'inclusive'));
        const notShipped = await database.db.selectFrom('products').select('name').where('shippable', '=', 0).execute();
        assert.deepEqual(
          notShipped.map((row) => row.name),
          ['Gift card ギフトカード'],
        );
        const counts = await database.db.selectFrom('stock_levels').select('on_hand').orderBy('on_hand').execute();
        assert.deepEqual(
          counts.map((row) => row.on_hand),
          [0, 3, 8, 12, 40],
        );
      } finally {
        await close();
      }
    });

    describe('bad cells change nothing and are reported as file:line', () => {
      const badProduct = (row: string[]) => [...GOOD_PRODUCTS, row];
      const cases: {
        name: string;
        products?: string[][];
        prices?: string[][];
        expect: [file: 'products.csv' | 'prices.csv', line: number, message: RegExp][];
      }[] = [
        {
          name: 'unknown tax behaviour',
          prices: [...GOOD_PRICES, withTax(priceRow('price_X', 'prod_A', '10', 'jpy'), 'included')],
          expect: [['prices.csv', 6, /Tax Behavior "included" is not inclusive, exclusive or unspecified/]],
        },
        {
          name: 'shippable neither true nor false',
          products: badProduct(product('prod_X', '', 'no', '')),
          expect: [['products.csv', 6, /shippable \(metadata\) "no" is not true or false/]],
        },
        {
          name: 'unknown Type',
          products: badProduct(product('prod_X', 'digital', '', '')),
          expect: [['products.csv', 6, /Type "digital" is not good or service/]],
        },
        {
          name: 'negative stock',
          products: badProduct(product('prod_X', '', '', '-1')),
          expect: [['products.csv', 6, /stock \(metadata\) "-1" is not a whole number from 0 to 1,000,000/]],
        },
        {
          name: 'fractional stock',
          products: badProduct(product('prod_X', '', '', '1.5')),
          expect: [['products.csv', 6, /stock \(metadata\) "1.5" is not a whole number/]],
        },
        {
          name: 'stock above the limit',
          products: badProduct(product('prod_X', '', '', '1000001')),
          expect: [['products.csv', 6, /stock \(metadata\) "1000001" is not a whole number/]],
        },
        {
          name: 'stock in words',
          products: badProduct(product('prod_X', '', '', 'plenty')),
          expect: [['products.csv', 6, /stock \(metadata\) "plenty" is not a whole number/]],
        },
        {
          name: 'several bad cells on one line, all reported',
          products: badProduct(product('prod_X', 'thing', 'maybe', 'x')),
          expect: [
            ['products.csv', 6, /shippable \(metadata\) "maybe"/],
            ['products.csv', 6, /stock \(metadata\) "x"/],
          ],
        },
      ];
      for (const testCase of cases) {
        it(testCase.name, async () => {
          try {
            await importCatalog(database.db, files(GOOD_PRODUCTS));
            await database.db
              .updateTable('stock_levels')
              .set({ on_hand: 4 })
              .where('product_id', '=', 'prod_A')
              .execute();
            const before = await snapshotCatalog(database.db);
            const version = await database.db.selectFrom('catalog_state').select('version').executeTakeFirstOrThrow();
            const written = files(testCase.products ?? GOOD_PRODUCTS, testCase.prices ?? GOOD_PRICES);
            let problems: ImportProblem[] = [];
            await assert.rejects(importCatalog(database.db, written), (error: unknown) => {
              assert.ok(error instanceof ImportFailedError);
              problems = error.problems;
              return true;
            });
            assert.equal(problems.length, testCase.expect.length, JSON.stringify(problems));
            testCase.expect.forEach(([file, line, message], i) => {
              assert.equal(problems[i]!.file, file === 'products.csv' ? written.products : written.prices);
              assert.equal(problems[i]!.line, line, problems[i]!.message);
              assert.match(problems[i]!.message, message);
            });
            assert.deepEqual(await snapshotCatalog(database.db), before);
            assert.deepEqual(
              await database.db.selectFrom('catalog_state').select('version').executeTakeFirstOrThrow(),
              version,
            );
          } finally {
            await close();
          }
        });
      }
    });
  });
}
