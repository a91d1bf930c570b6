/**
 * The Stripe CSV import on SQLite and PostgreSQL: a messy real-world export, re-imports, deactivation, and every
 * kind of bad row (reported as file:line, changing nothing).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, it } from 'node:test';
import { importCatalog, ImportFailedError, type ImportProblem } from '../src/catalog/index.js';
import { csvLine, MESSY, PRICE_HEADER, priceRow, snapshotCatalog, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const PRODUCT_HEADER = ['id', 'Name', 'Description', 'Created (UTC)'];
const GOOD_PRODUCTS = [
  PRODUCT_HEADER,
  ['prod_A', 'Towel', 'Soft', '2024-01-01 00:00:00'],
  ['prod_B', 'Mug', 'Hard', '2024-01-02 00:00:00'],
];
const GOOD_PRICES = [
  PRICE_HEADER,
  priceRow('price_A', 'prod_A', '1320', 'jpy'),
  priceRow('price_B', 'prod_B', '2860', 'jpy'),
];

function csv(rows: string[][]): string {
  return rows.map(csvLine).join('\n') + '\n';
}

for (const target of databaseTargets()) {
  describe(`catalog import on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await target.open();
    });
    const close = async () => database?.close();

    it('imports a messy Dashboard export: BOM, CRLF, quoted newlines, metadata, recurring and tiered prices, Japanese', async () => {
      try {
        const report = await importCatalog(database.db, MESSY, { now: () => 1_700_000_000_000 });
        assert.deepEqual(report.products, { added: 5, updated: 0, unchanged: 0, deactivated: 0 });
        assert.deepEqual(report.prices, {
          added: 7,
          updated: 0,
          unchanged: 0,
          deactivated: 0,
          recurring: 1,
          skipped: 1,
          otherCurrency: 2,
        });
        assert.deepEqual(
          report.notes.map((note) => note.line),
          [7, 8, 9],
        );
        assert.match(report.notes[0]!.message, /price_D2 skipped: tiered pricing/);
        assert.match(
          report.notes[1]!.message,
          /^price price_E skipped: priced in USD, and the shop sells in JPY \(SHOP_CURRENCY\)$/,
        );

        const { products, prices } = await snapshotCatalog(database.db);
        const byId = Object.fromEntries(products.map((p) => [p.id, p]));
        assert.equal(byId.prod_A!.name, 'Tenugui 手ぬぐい');
        assert.equal(byId.prod_A!.description, 'Cotton towel, dyed by hand.\nSecond line.');
        assert.deepEqual(JSON.parse(byId.prod_A!.metadata), { color: 'indigo', origin: 'Tokyo' });
        assert.equal(byId.prod_A!.created_at, Date.UTC(2024, 0, 2, 3, 4, 5));
        assert.equal(byId.prod_B!.name, 'Mug "Hasami"');
        assert.equal(byId.prod_C!.active, 0);
        assert.equal(byId.prod_E!.active, 1);
        // Every active one-time price in the shop's currency (JPY, the commonest) sells, the newest when none is
        // chosen; recurring-only products, inactive ones and those priced only in other currencies are not listed.
        assert.equal(byId.prod_A!.default_price_id, 'price_A');
        assert.equal(byId.prod_A!.option_count, 2);
        assert.equal(byId.prod_D!.default_price_id, null);
        assert.equal(byId.prod_E!.default_price_id, null);
        assert.deepEqual(
          products
            .filter((p) => p.listing_position !== null)
            .sort((a, b) => a.listing_position! - b.listing_position!)
            .map((p) => p.id),
          ['prod_B', 'prod_A'],
        );
        assert.equal(byId.prod_C!.listing_position, null);
        assert.equal(byId.prod_D!.listing_position, null);

        const priceById = Object.fromEntries(prices.map((p) => [p.id, p]));
        assert.equal(priceById.price_A!.unit_amount, 1320);
        assert.equal(priceById.price_E!.unit_amount, 2990);
        assert.equal(priceById.price_E2!.unit_amount, 1250);
        assert.equal(priceById.price_E2!.currency, 'kwd');
        assert.equal(priceById.price_D!.type, 'recurring');
        assert.equal(priceById.price_D!.recurring_interval, 'month');
        assert.equal(priceById.price_D!.recurring_interval_count, 1);
        assert.equal(priceById.price_A!.type, 'one_time');
        assert.equal(priceById.price_D2, undefined);
      } finally {
        await close();
      }
    });

    it('re-imports idempotently: nothing counted as changed, no row rewritten', async () => {
      try {
        await importCatalog(database.db, MESSY, { now: () => 1_700_000_000_000 });
        const first = await snapshotCatalog(database.db);
        const report = await importCatalog(database.db, MESSY, { now: () => 1_800_000_000_000 });
        assert.deepEqual(report.products, { added: 0, updated: 0, unchanged: 5, deactivated: 0 });
        assert.deepEqual(report.prices, {
          added: 0,
          updated: 0,
          unchanged: 7,
          deactivated: 0,
          recurring: 1,
          skipped: 1,
          otherCurrency: 2,
        });
        assert.deepEqual(await snapshotCatalog(database.db), first);
      } finally {
        await close();
      }
    });

    it('updates changed rows by id and keeps the rest untouched', async () => {
      try {
        const files = writeCsvFiles({ 'products.csv': csv(GOOD_PRODUCTS), 'prices.csv': csv(GOOD_PRICES) });
        await importCatalog(
          database.db,
          { products: files['products.csv'], prices: files['prices.csv'] },
          { now: () => 1000 },
        );
        const changed = writeCsvFiles({
          'products.csv': csv([
            PRODUCT_HEADER,
            ['prod_A', 'Towel (large)', 'Soft', '2024-01-01 00:00:00'],
            GOOD_PRODUCTS[2]!,
          ]),
          'prices.csv': csv([PRICE_HEADER, priceRow('price_A', 'prod_A', '1500', 'jpy'), GOOD_PRICES[2]!]),
        });
        const report = await importCatalog(
          database.db,
          { products: changed['products.csv'], prices: changed['prices.csv'] },
          { now: () => 2000 },
        );
        assert.deepEqual(report.products, { added: 0, updated: 1, unchanged: 1, deactivated: 0 });
        assert.deepEqual(report.prices, {
          added: 0,
          updated: 1,
          unchanged: 1,
          deactivated: 0,
          recurring: 0,
          skipped: 0,
          otherCurrency: 0,
        });
        const { products, prices } = await snapshotCatalog(database.db);
        assert.deepEqual(
          products.map((p) => [p.id, p.name, p.updated_at]),
          [
            ['prod_A', 'Towel (large)', 2000],
            ['prod_B', 'Mug', 1000],
          ],
        );
        assert.deepEqual(
          prices.map((p) => [p.id, p.unit_amount, p.updated_at]),
          [
            ['price_A', 1500, 2000],
            ['price_B', 2860, 1000],
          ],
        );
      } finally {
        await close();
      }
    });

    it('deactivates what a new export lacks (never deletes), renumbers the listing, and reactivates on return', async () => {
      try {
        const full = writeCsvFiles({ 'products.csv': csv(GOOD_PRODUCTS), 'prices.csv': csv(GOOD_PRICES) });
        await importCatalog(database.db, { products: full['products.csv'], prices: full['prices.csv'] });
        const partial = writeCsvFiles({
          'products.csv': csv(GOOD_PRODUCTS.slice(0, 2)),
          'prices.csv': csv(GOOD_PRICES.slice(0, 2)),
        });
        const report = await importCatalog(database.db, {
          products: partial['products.csv'],
          prices: partial['prices.csv'],
        });
        assert.equal(report.products!.deactivated, 1);
        assert.equal(report.prices!.deactivated, 1);
        let { products, prices } = await snapshotCatalog(database.db);
        assert.deepEqual(
          products.map((p) => [p.id, p.active, p.listing_position]),
          [
            ['prod_A', 1, 1],
            ['prod_B', 0, null],
          ],
        );
        assert.deepEqual(
          prices.map((p) => [p.id, p.active]),
          [
            ['price_A', 1],
            ['price_B', 0],
          ],
        );

        const back = await importCatalog(database.db, { products: full['products.csv'], prices: full['prices.csv'] });
        assert.deepEqual(back.products, { added: 0, updated: 1, unchanged: 1, deactivated: 0 });
        ({ products } = await snapshotCatalog(database.db));
        assert.deepEqual(
          products.map((p) => [p.id, p.active, p.listing_position]),
          [
            ['prod_A', 1, 2],
            ['prod_B', 1, 1],
          ],
        );
      } finally {
        await close();
      }
    });

    it('imports a prices export alone against products already in the catalog', async () => {
      try {
        const files = writeCsvFiles({ 'products.csv': csv(GOOD_PRODUCTS), 'prices.csv': csv(GOOD_PRICES) });
        await importCatalog(database.db, { products: files['products.csv'] });
        const report = await importCatalog(database.db, { prices: files['prices.csv'] });
        assert.equal(report.products, undefined);
        assert.equal(report.prices!.added, 2);
        const { products } = await snapshotCatalog(database.db);
        assert.deepEqual(
          products.map((p) => p.default_price_id),
          ['price_A', 'price_B'],
        );
      } finally {
        await close();
      }
    });

    it('a dry run reports the counts and changes nothing', async () => {
      try {
        const before = await snapshotCatalog(database.db);
        const report = await importCatalog(database.db, MESSY, { dryRun: true });
        assert.equal(report.dryRun, true);
        assert.equal(report.products!.added, 5);
        assert.deepEqual(await snapshotCatalog(database.db), before);
      } finally {
        await close();
      }
    });

    describe('bad exports change nothing and report every problem as file:line', () => {
      type Case = {
        name: string;
        products?: string[][];
        prices?: string[][];
        productsText?: string;
        pricesText?: string;
        expect: [file: 'products.csv' | 'prices.csv', line: number, message: RegExp][];
      };
      const withPrice = (row: string[]) => [...GOOD_PRICES, row];
      const cases: Case[] = [
        {
          name: 'unknown currency',
          prices: withPrice(priceRow('price_X', 'prod_A', '10', 'xyz')),
          expect: [['prices.csv', 4, /Currency "xyz" is not a known currency code/]],
        },
        {
          name: 'thousands separator',
          prices: withPrice(priceRow('price_X', 'prod_A', '1,500', 'jpy')),
          expect: [['prices.csv', 4, /Amount|"1,500" is not a plain decimal/]],
        },
        {
          name: 'too many decimals',
          prices: withPrice(priceRow('price_X', 'prod_A', '29.999', 'usd')),
          expect: [['prices.csv', 4, /"29.999" has 3 decimals; USD has at most 2/]],
        },
        {
          name: 'decimals on a zero-decimal currency',
          prices: withPrice(priceRow('price_X', 'prod_A', '1500.5', 'jpy')),
          expect: [['prices.csv', 4, /JPY has no decimals/]],
        },
        {
          name: 'garbage amount',
          prices: withPrice(priceRow('price_X', 'prod_A', 'free', 'usd')),
          expect: [['prices.csv', 4, /"free" is not a plain decimal/]],
        },
        {
          name: 'negative amount',
          prices: withPrice(priceRow('price_X', 'prod_A', '-5', 'usd')),
          expect: [['prices.csv', 4, /"-5" is not a plain decimal/]],
        },
        {
          name: 'price for an unknown product',
          prices: withPrice(priceRow('price_X', 'prod_Z', '10', 'jpy')),
          expect: [['prices.csv', 4, /price price_X is for unknown product prod_Z/]],
        },
        {
          name: 'duplicate product id',
          products: [...GOOD_PRODUCTS, ['prod_A', 'Again', '', '']],
          expect: [['products.csv', 4, /duplicate product id prod_A \(first on line 2\)/]],
        },
        {
          name: 'duplicate price id',
          prices: withPrice(priceRow('price_A', 'prod_B', '10', 'jpy')),
          expect: [['prices.csv', 4, /duplicate price id price_A \(first on line 2\)/]],
        },
        {
          name: 'missing required column',
          prices: GOOD_PRICES.map((row) => row.filter((_, i) => i !== 7)),
          expect: [['prices.csv', 1, /missing required column "Amount"/]],
        },
        {
          name: 'missing products id column',
          products: GOOD_PRODUCTS.map((row) => row.slice(1)),
          expect: [['products.csv', 1, /missing required column "ID"/]],
        },
        {
          name: 'unclosed quote',
          productsText: `${csvLine(PRODUCT_HEADER)}\nprod_A,Towel,"never closed,2024-01-01\nprod_B,Mug,Hard,\n`,
          expect: [['products.csv', 2, /quoted field .* never closed/]],
        },
        {
          name: 'wrong number of fields',
          productsText: `${csvLine(PRODUCT_HEADER)}\nprod_A,Towel,Soft\nprod_B,Mug,Hard,2024-01-02 00:00:00\n`,
          expect: [['products.csv', 2, /expected 4 fields, found 3/]],
        },
        {
          name: 'empty name',
          products: [...GOOD_PRODUCTS, ['prod_C', ' ', '', '']],
          expect: [['products.csv', 4, /Name is empty/]],
        },
        {
          name: 'bad date',
          products: [...GOOD_PRODUCTS, ['prod_C', 'Cup', '', '2024-02-30 00:00:00']],
          expect: [['products.csv', 4, /Created \(UTC\) "2024-02-30 00:00:00" is not a date/]],
        },
        {
          name: 'bad active flag',
          products: [
            [...PRODUCT_HEADER, 'Active'],
            ['prod_A', 'Towel', '', '', 'maybe'],
          ],
          expect: [['products.csv', 2, /Active "maybe" is not true or false/]],
        },
        {
          name: 'bad interval',
          prices: withPrice(priceRow('price_X', 'prod_A', '10', 'jpy', { interval: 'fortnight' })),
          expect: [['prices.csv', 4, /Interval "fortnight" is not day, week, month or year/]],
        },
        {
          name: 'unsafe image URL',
          products: [
            [...PRODUCT_HEADER, 'image (metadata)'],
            ['prod_A', 'Towel', '', '', 'javascript:alert(1)'],
          ],
          expect: [['products.csv', 2, /image \(metadata\) "javascript:alert\(1\)" is not an http\(s\) URL/]],
        },
        { name: 'empty file', productsText: '', expect: [['products.csv', 1, /the file is empty/]] },
        {
          name: 'several problems in both files, all reported in order',
          products: [...GOOD_PRODUCTS, ['', 'No id', '', ''], ['prod_C', '', '', 'yesterday']],
          prices: withPrice(priceRow('price_X', 'prod_A', '1.5', 'jpy')),
          expect: [
            ['products.csv', 4, /id is empty/],
            ['products.csv', 5, /Name is empty/],
            ['products.csv', 5, /Created \(UTC\) "yesterday" is not a date/],
            ['prices.csv', 4, /JPY has no decimals/],
          ],
        },
      ];

      for (const testCase of cases) {
        it(testCase.name, async () => {
          try {
            const good = writeCsvFiles({ 'products.csv': csv(GOOD_PRODUCTS), 'prices.csv': csv(GOOD_PRICES) });
            await importCatalog(database.db, { products: good['products.csv'], prices: good['prices.csv'] });
            const before = await snapshotCatalog(database.db);
            const files = writeCsvFiles({
              'products.csv': testCase.productsText ?? csv(testCase.products ?? GOOD_PRODUCTS),
              'prices.csv': testCase.pricesText ?? csv(testCase.prices ?? GOOD_PRICES),
            });
            let problems: ImportProblem[] = [];
            await assert.rejects(
              importCatalog(database.db, { products: files['products.csv'], prices: files['prices.csv'] }),
              (error: unknown) => {
                assert.ok(error instanceof ImportFailedError);
                problems = error.problems;
                return true;
              },
            );
            assert.equal(problems.length, testCase.expect.length, JSON.stringify(problems));
            testCase.expect.forEach(([file, line, message], i) => {
              assert.equal(problems[i]!.file, files[file], `problem ${i} file`);
              assert.equal(problems[i]!.line, line, `problem ${i} line: ${problems[i]!.message}`);
              assert.match(problems[i]!.message, message);
            });
            assert.deepEqual(await snapshotCatalog(database.db), before);
          } finally {
            await close();
          }
        });
      }
    });
  });
}

// Sanity check on the fixture itself: it really has the messy bytes the test above claims.
describe('the messy fixture', () => {
  it('starts with a BOM and uses CRLF', () => {
    const bytes = readFileSync(MESSY.products);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(bytes.includes('\r\n'));
  });
});
