/**
 * Migration 0033 adds PostgreSQL's `product_search_near` (a typo's near matches read through the trigram indexes in
 * one statement): on both databases it applies after 0031 and can be undone; on PostgreSQL the function answers as
 * the `<%` read it replaces, and is gone after the way back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Migrator } from 'kysely';
import { demoFiles, importCatalog } from '../src/catalog/index.js';
import { migrationBefore, migratorFor } from '../src/db/migrate.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const NEAR = '0033_search_near';
const beforeNear = migrationBefore(NEAR);

for (const target of databaseTargets()) {
  describe(`near matches' function (migration ${NEAR}) on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let migrator: Migrator;
    before(async () => {
      database = await target.open({ migrate: false });
      migrator = migratorFor(database.db);
      assert.ifError((await migrator.migrateToLatest()).error);
      await importCatalog(database.db, demoFiles);
    });
    after(async () => database?.close());

    const functions = async () =>
      target.name === 'postgres'
        ? (
            await sql<{
              n: number;
            }>`select count(*)::int as n from pg_proc where proname = 'product_search_near'`.execute(database.db)
          ).rows[0]!.n
        : 0;

    it('reads what `<%` finds, and undoes', async () => {
      assert.equal(beforeNear, '0031_search_grams');
      if (target.name === 'postgres') {
        assert.equal(await functions(), 1);
        const viaFunction = await sql<{ num_id: string; score: number }>`select num_id, score
          from product_search_near('teapox') order by num_id`.execute(database.db);
        const direct = await sql<{ num_id: string; score: number }>`select num_id,
            greatest(word_similarity('teapox', name), word_similarity('teapox', body) * 0.8) as score
          from product_search where 'teapox' <% name or 'teapox' <% body order by num_id`.execute(database.db);
        assert.ok(direct.rows.length > 0, 'the demo catalog has near matches of teapox');
        assert.deepEqual(viaFunction.rows, direct.rows);
      }
      assert.ifError((await migrator.migrateTo(beforeNear)).error);
      assert.equal(await functions(), 0);
      assert.ifError((await migrator.migrateToLatest()).error);
      assert.equal(await functions(), target.name === 'postgres' ? 1 : 0);
    });
  });
}
