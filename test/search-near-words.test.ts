/**
 * A shopper's typo matched against the catalog's words (PostgreSQL's `search_words`, migration 0035): on both
 * databases a typo finds what it found before, also after a re-import that renames, adds and deactivates products
 * (the old word's typo finds nothing more, the new word's finds the product). On PostgreSQL the words are exactly
 * the indexed texts' words after each import and after products leave the index, `product_search_near` answers as
 * the whole-text `<%` read of migration 0033 (scores included), and migration 0035 undoes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { importCatalog } from '../src/catalog/index.js';
import type { Database } from '../src/db/schema.js';
import { migrationBefore, migratorFor } from '../src/db/migrate.js';
import { createBrowseQueries } from '../src/search/browse-queries.js';
import { dropFromFindIndex } from '../src/search/find-index.js';
import { queryTerms } from '../src/search/index.js';
import { catalogFiles, type ShopProduct } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const WORDS = '0035_search_words';

const FIRST: ShopProduct[] = [
  { id: 'prod_teapot', name: 'Cast iron teapot 鉄瓶' },
  { id: 'prod_mugpot', name: 'Blue mug teapot' },
  { id: 'prod_towel', name: 'Linen towel 手ぬぐい' },
  { id: 'prod_mug', name: 'Striped mug (100% cotton_sleeve)' },
  // Characters an array literal quotes: the words still arrive as written.
  { id: 'prod_odd', name: 'Odd "quoted" {brace,comma} back\\slash NULL' },
];
/** The re-import: the towel becomes an apron (its words change), a tray is added, the striped mug deactivated. */
const SECOND: ShopProduct[] = [
  FIRST[0]!,
  FIRST[1]!,
  { id: 'prod_towel', name: 'Hemp apron エプロン' },
  { ...FIRST[3]!, active: false },
  FIRST[4]!,
  { id: 'prod_tray', name: 'Walnut tray' },
];
const prices = (products: ShopProduct[]) =>
  products.map((product, i) => ({ id: `price_${i}`, product: product.id, amount: '1000', currency: 'jpy' }));

/**
 * Typos and near readings: one word, two words run together, several words, Japanese, words holding LIKE's own
 * characters (`(100%`, `cotton_sleeve)`), nothing near.
 */
const QUERIES = [
  'teapox',
  'teapto',
  'mugteapot',
  'towex',
  'aprox',
  'trax',
  'cast iron teapox',
  '鉄瓶x',
  '1000',
  'cottox',
  'mux',
];

for (const target of databaseTargets()) {
  describe(`typos matched against the catalog's words on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await target.open();
      await importCatalog(database.db, catalogFiles(FIRST, prices(FIRST)));
    });
    after(async () => database?.close());

    /** A product's number (`num_id`, the search index's key). */
    async function numberOf(id: string): Promise<number> {
      const row = await database.db
        .selectFrom('products')
        .select('num_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return Number(row.num_id);
    }

    /** The products a typo's first page lists (a fresh reader each time: no kept matches). */
    async function found(query: string): Promise<string[]> {
      const result = await createBrowseQueries(database.db).browse(
        { terms: queryTerms(query), sort: 'relevance', filter: { inStock: false }, page: 1 },
        24,
      );
      assert.ok(result.approximate || result.productIds.length === 0, query);
      return [...result.productIds].sort();
    }

    /** On PostgreSQL: the words table is every word of the indexed texts, and the function reads as `<%` does. */
    async function assertWordsAreTheTexts(): Promise<void> {
      if (target.name !== 'postgres') return;
      const words = await sql<{ word: string }>`select word from search_words order by word`.execute(database.db);
      const texts = await sql<{ word: string }>`select distinct t as word from product_search s,
        unnest(string_to_array(s.name || ' ' || s.body, ' ')) t where t <> '' order by t`.execute(database.db);
      assert.ok(texts.rows.length > 0);
      assert.deepEqual(words.rows, texts.rows);
      for (const query of QUERIES.map((q) => queryTerms(q).join(' '))) {
        const viaWords = await sql<{ num_id: string; score: number }>`select num_id, score
          from product_search_near(${query}) order by num_id`.execute(database.db);
        const wholeText = await sql<{ num_id: string; score: number }>`select num_id,
            greatest(word_similarity(${query}, name), word_similarity(${query}, body) * 0.8) as score
          from product_search where ${query} <% name or ${query} <% body order by num_id`.execute(database.db);
        assert.deepEqual(viaWords.rows, wholeText.rows, query);
      }
    }

    it('finds with a typo what it found before, and keeps the words with the texts', async () => {
      assert.deepEqual(await found('teapox'), ['prod_mugpot', 'prod_teapot']);
      assert.deepEqual(await found('towex'), ['prod_towel']);
      assert.deepEqual(await found('aprox'), []);
      await assertWordsAreTheTexts();
      if (target.name === 'postgres') {
        const [teapot, mugpot] = [await numberOf('prod_teapot'), await numberOf('prod_mugpot')];
        const near = async (query: string) =>
          (
            await sql<{ num_id: string; score: number }>`select num_id, score from product_search_near(${query})
              order by score desc, num_id`.execute(database.db)
          ).rows.map((row) => [Number(row.num_id), Math.round(row.score * 1000)]);
        // No word is near `mugteapot`: read through the whole texts, `mug teapot` found as before.
        assert.deepEqual(await near('mugteapot'), [[mugpot, 615]]);
        // `teapot` is near `teapotmug` (0.6): the same products as before, each scored by its best word; the whole
        // text scored `blue mug teapot` higher (0.615, a reading across two of its words), a difference by design.
        assert.deepEqual(
          await near('teapotmug'),
          [
            [teapot, 600],
            [mugpot, 600],
          ].sort((a, b) => a[0]! - b[0]!),
        );
      }
    });

    it('follows a re-import that changes the words', async () => {
      await importCatalog(database.db, catalogFiles(SECOND, prices(SECOND)));
      assert.deepEqual(await found('towex'), [], 'the old word is gone');
      assert.deepEqual(await found('aprox'), ['prod_towel']);
      assert.deepEqual(await found('trax'), ['prod_tray']);
      await assertWordsAreTheTexts();
      if (target.name !== 'postgres') return;
      const has = async (word: string) =>
        (
          await sql<{ n: number }>`select count(*)::int as n from search_words where word = ${word}`.execute(
            database.db,
          )
        ).rows[0]!.n === 1;
      assert.deepEqual(
        await Promise.all(['towel', 'linen', '手ぬぐい', 'apron', 'エプロン', 'walnut', 'mug'].map(has)),
        [false, false, false, true, true, true, true],
      );
    });

    it('drops the words of products taken out of the index', async () => {
      if (target.name !== 'postgres') return;
      const db: Kysely<Database> = database.db;
      const tray = { id: 'prod_tray', num_id: await numberOf('prod_tray') };
      await db.transaction().execute((trx) => dropFromFindIndex(trx, [tray]));
      await assertWordsAreTheTexts();
      const left = await sql<{ n: number }>`select count(*)::int as n from search_words
        where word in ('walnut', 'tray')`.execute(db);
      assert.equal(left.rows[0]!.n, 0);
    });

    it('undoes migration 0035 back to the whole-text read', async () => {
      const migrator = migratorFor(database.db);
      assert.ifError((await migrator.migrateTo(migrationBefore(WORDS))).error);
      if (target.name === 'postgres') {
        const table = await sql<{ n: number }>`select count(*)::int as n from pg_class
          where relname = 'search_words'`.execute(database.db);
        assert.equal(table.rows[0]!.n, 0);
        const { rows } = await sql<{ num_id: string }>`select num_id from product_search_near('teapox')
          order by num_id`.execute(database.db);
        const teapots = [await numberOf('prod_teapot'), await numberOf('prod_mugpot')].sort((a, b) => a - b);
        assert.deepEqual(
          rows.map((row) => Number(row.num_id)),
          teapots,
        );
      }
      assert.ifError((await migrator.migrateToLatest()).error);
      await assertWordsAreTheTexts();
    });
  });
}
