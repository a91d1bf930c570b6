/**
 * Migration 0037 adds `sessions.prices_seen_version`: sessions made before it keep their carts and start at 0 (a
 * session started after it too), on both databases, and the migration can be undone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Migrator } from 'kysely';
import { migrationBefore, migratorFor } from '../src/db/migrate.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const ADD = '0037_cart_prices_seen_version';
const before0037 = migrationBefore(ADD);

const sessionColumns = async (database: TestDatabase) =>
  (await database.db.introspection.getTables()).find((table) => table.name === 'sessions')!.columns.map((c) => c.name);

for (const target of databaseTargets()) {
  describe(`sessions.prices_seen_version (migration ${ADD}) on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let migrator: Migrator;
    before(async () => {
      database = await target.open({ migrate: false });
      migrator = migratorFor(database.db);
      assert.ifError((await migrator.migrateTo(before0037)).error);
    });
    after(async () => database?.close());

    it('starts every session, old and new, at 0, keeps their carts, and undoes', async () => {
      await sql`insert into sessions (id, created_at, expires_at, cart_version) values ('s1', 1, 9999999999999, 4)`.execute(
        database.db,
      );
      assert.ifError((await migrator.migrateTo(ADD)).error);
      await sql`insert into sessions (id, created_at, expires_at) values ('s2', 2, 9999999999999)`.execute(database.db);
      const rows = await database.db
        .selectFrom('sessions')
        .select(['id', 'cart_version', 'prices_seen_version'])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.map((row) => [row.id, Number(row.cart_version), Number(row.prices_seen_version)]),
        [
          ['s1', 4, 0],
          ['s2', 0, 0],
        ],
      );

      assert.ifError((await migrator.migrateTo(before0037)).error);
      assert.ok(!(await sessionColumns(database)).includes('prices_seen_version'));
      const kept = await sql<{ id: string; v: number }>`select id, cart_version as v from sessions order by id`.execute(
        database.db,
      );
      assert.deepEqual(
        kept.rows.map((row) => [row.id, Number(row.v)]),
        [
          ['s1', 4],
          ['s2', 0],
        ],
      );
    });
  });
}
