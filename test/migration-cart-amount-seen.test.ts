/**
 * Migration 0028 renames `cart_lines.unit_amount_added` to `unit_amount_seen`: carts made before it keep their
 * lines and the amount each shopper last saw, on both databases, and the migration can be undone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Migrator } from 'kysely';
import { demoFiles, importCatalog } from '../src/catalog/index.js';
import { migrationBefore, migratorFor } from '../src/db/migrate.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const RENAME = '0028_cart_line_amount_seen';
const before0028 = migrationBefore(RENAME);

for (const target of databaseTargets()) {
  describe(`cart_lines.unit_amount_seen (migration ${RENAME}) on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let migrator: Migrator;
    before(async () => {
      database = await target.open({ migrate: false });
      migrator = migratorFor(database.db);
      // The catalog is imported by today's code, so on today's schema; then the schema goes back to before 0028.
      assert.ifError((await migrator.migrateToLatest()).error);
      await importCatalog(database.db, demoFiles);
      const { error } = await migrator.migrateTo(before0028);
      assert.ifError(error);
    });
    after(async () => database?.close());

    it('keeps each line and the amount its shopper saw, and undoes', async () => {
      const price = await database.db.selectFrom('prices').select('id').limit(1).executeTakeFirstOrThrow();
      await sql`insert into sessions (id, created_at, expires_at) values ('s1', 1, 9999999999999)`.execute(database.db);
      await sql`insert into cart_lines (session_id, price_id, quantity, unit_amount_added, created_at, updated_at)
        values ('s1', ${price.id}, 2, 1234, 1, 1)`.execute(database.db);

      const { error } = await migrator.migrateTo(RENAME);
      assert.ifError(error);
      const lines = await database.db
        .selectFrom('cart_lines')
        .select(['session_id', 'price_id', 'quantity', 'unit_amount_seen'])
        .execute();
      assert.deepEqual(
        lines.map((line) => [line.session_id, line.price_id, line.quantity, Number(line.unit_amount_seen)]),
        [['s1', price.id, 2, 1234]],
      );

      const down = await migrator.migrateTo(before0028);
      assert.ifError(down.error);
      const { rows } = await sql<{ amount: number }>`select unit_amount_added as amount from cart_lines`.execute(
        database.db,
      );
      assert.deepEqual(
        rows.map((row) => Number(row.amount)),
        [1234],
      );
    });
  });
}
