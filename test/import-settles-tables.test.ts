/**
 * On PostgreSQL an applied import leaves the tables it rewrote vacuumed and analyzed (settleImportedTables,
 * src/catalog/import/apply.ts), so the first searches after an import do not pay for what autovacuum would do later,
 * and the planner's statistics count the new rows. A dry run, or an export that changed nothing, settles nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { importCatalog } from '../src/catalog/index.js';
import { csvLine, PRICE_HEADER, priceRow, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const postgres = databaseTargets().find((target) => target.name === 'postgres')!;
const TABLES = ['products', 'prices', 'product_search', 'collection_products', 'search_words', 'stock_levels'];

function catalogFiles(count: number, renamed = 0) {
  const products = ['id,Name,Description,Active,collection (metadata),stock (metadata)'];
  const prices = [PRICE_HEADER.join(',')];
  for (let n = 1; n <= count; n++) {
    products.push(
      csvLine([
        `prod_${n}`,
        `${n === renamed ? 'Bowl' : 'Teacup'} ${n} 湯呑`,
        `A cup, number ${n}.`,
        'true',
        'Kitchen',
        String(n % 7),
      ]),
    );
    prices.push(csvLine(priceRow(`price_${n}`, `prod_${n}`, String(500 + n), 'jpy')));
  }
  const files = writeCsvFiles({ 'products.csv': products.join('\n'), 'prices.csv': prices.join('\n') });
  return { products: files['products.csv']!, prices: files['prices.csv']! };
}

describe('an import on PostgreSQL settles the tables it rewrote', { skip: postgres.skip }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await postgres.open();
  });
  after(async () => database?.close());

  /** Per table: how often it was vacuumed and analyzed by hand (autovacuum counts apart), and the planner's rows. */
  async function tableStates() {
    const { rows } = await sql<{ relname: string; vacuums: number; analyzes: number; rows: number }>`
      select s.relname, s.vacuum_count::int as vacuums, s.analyze_count::int as analyzes, c.reltuples as rows
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.relname in (${sql.join(TABLES)}) order by s.relname`.execute(database.db);
    return rows;
  }

  it('vacuums and analyzes each of them once an import that wrote rows is in; not after a dry run or no change', async () => {
    await importCatalog(database.db, catalogFiles(400), { dryRun: true });
    for (const table of await tableStates())
      assert.deepEqual([table.vacuums, table.analyzes], [0, 0], `${table.relname}: a dry run settles nothing`);

    await importCatalog(database.db, catalogFiles(400));
    const states = await tableStates();
    assert.deepEqual(
      states.map((table) => table.relname),
      [...TABLES].sort(),
    );
    for (const table of states) {
      assert.deepEqual([table.vacuums, table.analyzes], [1, 1], `${table.relname}: vacuumed and analyzed`);
      assert.ok(table.rows > 0, `${table.relname}: statistics count its rows`);
    }

    await importCatalog(database.db, catalogFiles(400));
    for (const table of await tableStates())
      assert.deepEqual(
        [table.vacuums, table.analyzes],
        [1, 1],
        `${table.relname}: an unchanged export settles nothing`,
      );
    await importCatalog(database.db, catalogFiles(400, 7));
    for (const table of await tableStates())
      assert.deepEqual([table.vacuums, table.analyzes], [2, 2], `${table.relname}: one product renamed settles again`);
  });
});
