import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { watchCatalogVersion } from './catalog-version.js';

describe('watchCatalogVersion', () => {
  it('starts when the version cannot be read (database down at start), reports it, and learns the version once it can', async () => {
    const database = openDatabase({ dialect: 'sqlite', file: ':memory:' });
    const errors: unknown[] = [];
    // No migrations yet: reading the version fails as it would with the database down.
    const version = await watchCatalogVersion(database.db, (error) => errors.push(error), 10);
    try {
      assert.equal(version.current(), -1);
      assert.equal(errors.length, 1);
      await migrateToLatest(database.db);
      await database.db.updateTable('catalog_state').set({ version: 7 }).where('id', '=', 1).execute();
      for (const deadline = Date.now() + 5000; version.current() !== 7;) {
        assert.ok(Date.now() < deadline, `still at version ${version.current()}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      version.stop();
      await database.close();
    }
  });
});
