/**
 * An import's memory stays flat however large the catalog: after the merge, the steps that work through every
 * product (handles, the search index, collections) read products a page at a time, on SQLite and PostgreSQL.
 * Reading them all at once held every name, description and metadata of a 100,000-product import in memory together
 * (its peak). And paged, the results are the same: handles in product order (duplicates numbered), asked-for handles
 * kept, every product searchable and in its collections.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  SelectQueryNode,
  TableNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type UnknownRow,
} from 'kysely';
import { importCatalog } from '../src/catalog/index.js';
import { csvLine, priceRow, PRICE_HEADER, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

/** More than two pages (400 rows each) of products. */
const COUNT = 900;
const PRODUCT_HEADER = ['id', 'Name', 'Description', 'Created (UTC)', 'collection (metadata)', 'handle (metadata)'];
const id = (n: number) => `prod_${String(n).padStart(4, '0')}`;

function catalogFiles() {
  const products = Array.from({ length: COUNT }, (_, i) => {
    const n = i + 1;
    // Every 300th product is a "Teapot": the same name on every page, so handles must be numbered across pages.
    const name = n % 300 === 0 ? 'Teapot' : `Cup ${n}`;
    const created = new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString().slice(0, 19).replace('T', ' ');
    // The last product asks for a handle of its own.
    return [id(n), name, `cup number ${n}`, created, n % 2 ? 'Tea' : 'Home', n === COUNT ? 'the-last-one' : ''];
  });
  const prices = products.map(([productId], i) => priceRow(`price_${i + 1}`, productId!, '10.00', 'usd'));
  return writeCsvFiles({
    'products.csv': [PRODUCT_HEADER, ...products].map(csvLine).join('\n') + '\n',
    'prices.csv': [PRICE_HEADER, ...prices].map(csvLine).join('\n') + '\n',
  });
}

/** Remembers, for every SELECT from `products` that reads its texts, the LIMIT it has (undefined: none). */
function productReads() {
  const limits: Array<number | undefined> = [];
  const texts = new Set(['name', 'description', 'metadata']);
  const plugin: KyselyPlugin = {
    transformQuery({ node }: PluginTransformQueryArgs) {
      if (SelectQueryNode.is(node)) {
        const fromProducts = node.from?.froms.some(
          (from) => TableNode.is(from) && from.table.identifier.name === 'products',
        );
        const readsTexts = node.selections?.some((selection) => texts.has(columnName(selection.selection)));
        if (fromProducts && readsTexts) limits.push(limitOf(node));
      }
      return node;
    },
    async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return result;
    },
  };
  return { plugin, limits };
}

const columnName = (node: OperationNode): string =>
  node.kind === 'ReferenceNode'
    ? columnName((node as unknown as { column: OperationNode }).column)
    : node.kind === 'ColumnNode'
      ? (node as unknown as { column: { name: string } }).column.name
      : '';

function limitOf(node: SelectQueryNode): number | undefined {
  const limit = node.limit?.limit as { kind: string; value?: unknown } | undefined;
  return limit?.kind === 'ValueNode' ? Number(limit.value) : undefined;
}

for (const target of databaseTargets()) {
  describe(`an import reads products a page at a time on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let reads: ReturnType<typeof productReads>;

    before(async () => {
      database = await target.open();
      reads = productReads();
      const files = catalogFiles();
      await importCatalog(database.db.withPlugin(reads.plugin), {
        products: files['products.csv'],
        prices: files['prices.csv'],
      });
    });
    after(async () => {
      await database?.close();
    });

    it('never reads every product at once', () => {
      assert.ok(reads.limits.length > 0, 'the import reads products');
      for (const limit of reads.limits)
        assert.ok(limit !== undefined && limit <= 400, `a read of ${limit ?? 'every'} products`);
    });

    it('gives the same handles, search index and collections as one read of them all', async () => {
      const rows = await database.db
        .selectFrom('products')
        .select(['id', 'handle', 'num_id'])
        .orderBy('num_id')
        .execute();
      assert.equal(rows.length, COUNT);
      assert.equal(new Set(rows.map((row) => row.handle)).size, COUNT, 'handles are unique');
      const handle = (n: number) => rows.find((row) => row.id === id(n))?.handle;
      assert.deepEqual([handle(300), handle(600)], ['teapot', 'teapot-2'], 'duplicates numbered in product order');
      assert.equal(handle(COUNT), 'the-last-one');
      assert.equal(handle(1), 'cup-1');
      assert.equal(handle(899), 'cup-899');
      const indexed = await database.db
        .selectFrom('product_search' as never)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(indexed.n), COUNT, 'every product is in the search index');
      const members = await database.db
        .selectFrom('collection_products')
        .select(['collection_handle', (eb) => eb.fn.countAll<number | string>().as('n')])
        .groupBy('collection_handle')
        .orderBy('collection_handle')
        .execute();
      assert.deepEqual(
        members.map((row) => [row.collection_handle, Number(row.n)]),
        [
          ['home', COUNT / 2],
          ['tea', COUNT / 2],
        ],
      );
    });
  });
}
