/**
 * Japanese words of three characters or more on the trigram indexes, on both databases: a typo still finds the
 * product (near matches), and on PostgreSQL the trigram index narrows a Japanese word to its matches. Both need
 * pg_trgm to take Japanese letters for parts of words, which a database made with a UTF-8 `LC_CTYPE` does
 * (docs/deploy.md); under `LC_CTYPE=C` pg_trgm sees no trigram in them, so a Japanese typo found nothing and a
 * Japanese word read every product's text.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { demoFiles, importCatalog } from '../src/catalog/index.js';
import { createBrowseQueries } from '../src/search/browse-queries.js';
import { postgresMatch } from '../src/search/match-postgres.js';
import { queryTerms } from '../src/search/search-text.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

for (const target of databaseTargets()) {
  describe(`Japanese words on the trigram index on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await target.open();
      await importCatalog(database.db, demoFiles);
    });
    after(async () => database?.close());

    it('a Japanese word with a typo finds the product as a near match', async () => {
      const browse = createBrowseQueries(database.db);
      // マスキングテーブ for マスキングテープ (washi tape), 波佐見焼マク for 波佐見焼マグ (the mug).
      for (const [typed, product] of [
        ['マスキングテーブ', 'prod_ER3VDRXV5lWyN4'],
        ['波佐見焼マク', 'prod_NFfR7UmgzpvNzk'],
      ] as const) {
        const result = await browse.browse(
          { terms: queryTerms(typed), sort: 'relevance', filter: { inStock: false }, page: 1 },
          24,
        );
        assert.equal(result.approximate, true, `${typed}: near matches`);
        assert.equal(result.productIds[0], product, typed);
      }
    });

    it('on PostgreSQL, a Japanese word is narrowed by the trigram index, not read from every product', async (t) => {
      if (target.name !== 'postgres') return t.skip('PostgreSQL only');
      const match = postgresMatch.exact(queryTerms('手ぬぐい'));
      const plan = await database.db.transaction().execute(async (trx) => {
        // A demo-sized table is cheaper to read whole: ask for the plan PostgreSQL takes at scale.
        await sql`set local enable_seqscan = off; set local enable_indexscan = off`.execute(trx);
        const { rows } = await sql<{ 'QUERY PLAN': string }>`explain (analyze, costs off, timing off)
          select s.num_id from product_search s where ${match.where}`.execute(trx);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      assert.match(plan, /Bitmap Index Scan on product_search_name_trgm/, plan);
      // Without trigrams of Japanese the index gives every row and the recheck drops all but the match.
      assert.doesNotMatch(plan, /Rows Removed by Index Recheck/, plan);
      assert.match(plan, /Bitmap Heap Scan on product_search s \(actual rows=1 /, plan);
    });
  });
}
