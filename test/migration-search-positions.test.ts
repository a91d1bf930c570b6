/**
 * Migration 0034 copies each product's listing position onto PostgreSQL's search table, where a common word's first
 * read ranks its matches: on both databases it applies after 0033 and can be undone; on PostgreSQL the copy equals
 * `products.listing_position` after the migration fills it, after a re-import that deactivates a product and adds
 * one (which moves the listing positions of newer products), and after the way back and forth; and searches read from the cached
 * top of their ranking list what the SQL over `products` lists.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Migrator, sql } from 'kysely';
import { DEMO_DIR, demoFiles, importCatalog } from '../src/catalog/index.js';
import { migrations } from '../src/db/migrate.js';
import { createBrowseQueries } from '../src/search/browse-queries.js';
import { queryTerms } from '../src/search/index.js';
import { createMatchCache } from '../src/search/match-cache.js';
import { writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const POSITIONS = '0034_search_positions';
const names = Object.keys(migrations).sort();
const beforePositions = names[names.indexOf(POSITIONS) - 1]!;
const SENCHA = 'prod_iKl0Z1CsopQqNi';

/** The demo export with the sencha deactivated and a new tea, created last, added. */
function reorderedExport(): { products: string; prices: string } {
  const products = readFileSync(path.join(DEMO_DIR, 'products.csv'), 'utf8').replace(
    /^(prod_iKl0Z1CsopQqNi,.*?",)true,/m,
    '$1false,',
  );
  assert.match(products, /^prod_iKl0Z1CsopQqNi,.*",false,/m);
  const header = products.split('\n')[0]!.split(',');
  const fields: Record<string, string> = {
    id: 'prod_newtea',
    Name: 'Kabuse tea かぶせ茶',
    Active: 'true',
    'Created (UTC)': '2030-01-02 00:00:00',
    'collection (metadata)': 'Tea',
  };
  const newTea = header.map((column) => fields[column] ?? '').join(',');
  const prices = readFileSync(path.join(DEMO_DIR, 'prices.csv'), 'utf8').trimEnd();
  const files = writeCsvFiles({
    'products.csv': `${products.trimEnd()}\n${newTea}\n`,
    'prices.csv': `${prices}\nprice_newtea,prod_newtea,Kabuse tea かぶせ茶,,txcd_99999999,,2030-01-02 00:00:00,1900,jpy,,,,,per_unit,,inclusive\n`,
  });
  return { products: files['products.csv']!, prices: files['prices.csv']! };
}

for (const target of databaseTargets()) {
  describe(`search positions (migration ${POSITIONS}) on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let migrator: Migrator;
    const postgres = target.name === 'postgres';
    before(async () => {
      database = await target.open({ migrate: false });
      migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
      assert.ifError((await migrator.migrateToLatest()).error);
      await importCatalog(database.db, demoFiles);
    });
    after(async () => database?.close());

    const hasColumn = async () =>
      postgres &&
      (
        await sql<{ n: number }>`select count(*)::int as n from information_schema.columns
          where table_name = 'product_search' and column_name = 'listing_position'`.execute(database.db)
      ).rows[0]!.n === 1;

    /** Every indexed product's copy equals its listing position (on PostgreSQL), and some are listed. */
    async function assertCopied(): Promise<void> {
      if (!postgres) return;
      const { rows } = await sql<{ num_id: string; copy: number | null; position: number | null }>`
        select s.num_id, s.listing_position as copy, p.listing_position as position
        from product_search s join products p on p.num_id = s.num_id order by s.num_id`.execute(database.db);
      const products = await database.db.selectFrom('products').select('num_id').execute();
      assert.equal(rows.length, products.length, 'every product is indexed');
      assert.ok(rows.filter((row) => row.position !== null).length > 10);
      assert.deepEqual(
        rows.filter((row) => row.copy !== row.position),
        [],
      );
    }

    /** Each query's first pages through the cache (its top kept) list what the SQL over products lists. */
    async function assertSearchesFollow(): Promise<void> {
      const sqlOnly = createBrowseQueries(database.db);
      const cached = createBrowseQueries(
        database.db,
        createMatchCache(() => Math.random(), { keptTop: 4 }),
      );
      for (const q of ['tea', 'sencha', '茶', 'matcha bowl'])
        for (const page of [1, 2]) {
          const request = { terms: queryTerms(q), sort: 'relevance', filter: { inStock: false }, page } as const;
          const [expected, actual] = [await sqlOnly.browse(request, 1), await cached.browse(request, 1)];
          const ids = actual.productNumbers
            ? (
                await database.db
                  .selectFrom('products')
                  .select('id')
                  .where('num_id', 'in', actual.productNumbers.length ? actual.productNumbers : [-1])
                  .execute()
              ).map((row) => row.id)
            : actual.productIds;
          assert.deepEqual([ids, actual.hasNext], [expected.productIds, expected.hasNext], `${q} page ${page}`);
        }
    }

    it('fills the copy, and undoes', async () => {
      assert.equal(beforePositions, '0033_search_near');
      assert.equal(await hasColumn(), postgres);
      await assertCopied();
      assert.ifError((await migrator.migrateTo(beforePositions)).error);
      assert.equal(await hasColumn(), false);
      assert.ifError((await migrator.migrateToLatest()).error);
      assert.equal(await hasColumn(), postgres);
      await assertCopied();
      await assertSearchesFollow();
    });

    it('keeps the copy after a re-import that deactivates a product and moves listing positions', async () => {
      const before = await database.db.selectFrom('products').select(['id', 'listing_position']).execute();
      await importCatalog(database.db, reorderedExport());
      const now = new Map(
        (await database.db.selectFrom('products').select(['id', 'listing_position']).execute()).map((row) => [
          row.id,
          row.listing_position,
        ]),
      );
      assert.equal(now.get(SENCHA), null, 'the sencha is no longer listed');
      assert.equal(now.get('prod_newtea'), 1, 'the new tea lists first');
      // Products newer than the sencha move down one; older ones stay (one in, one out).
      const moved = before.filter((row) => row.listing_position !== null && now.get(row.id) !== row.listing_position);
      assert.ok(moved.length > 3, `listed products moved (${moved.length})`);
      await assertCopied();
      await assertSearchesFollow();
    });
  });
}
