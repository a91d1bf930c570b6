import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type DatabaseHandle } from './connect.js';
import { directSqlite } from './direct-sqlite.js';
import { migrateToLatest } from './migrate.js';
import { prepare } from './prepared.js';

describe('prepared queries', () => {
  let handle: DatabaseHandle;
  before(async () => {
    handle = openDatabase({ dialect: 'sqlite', file: ':memory:' });
    await migrateToLatest(handle.db);
    for (const [id, expiresAt] of [
      ['a', 10],
      ['b', 20],
      ['c', 30],
    ] as const) {
      await handle.db
        .insertInto('sessions')
        .values({ id, created_at: 1, expires_at: expiresAt, cart_version: 0 })
        .execute();
    }
  });
  after(async () => handle?.close());

  const byIds = prepare((db, ids: readonly string[], after: number) =>
    db
      .selectFrom('sessions')
      .select('id')
      .where('id', 'in', ids)
      .where('expires_at', '>', after)
      .orderBy('id')
      .limit(2),
  );

  it('runs with each call’s values, lists of any length, and keeps the constants the query was built with', async () => {
    assert.deepEqual(await byIds.all(handle.db, ['a'], 0), [{ id: 'a' }]);
    assert.deepEqual(await byIds.all(handle.db, ['a', 'b', 'c'], 0), [{ id: 'a' }, { id: 'b' }], 'limit 2 kept');
    assert.deepEqual(await byIds.all(handle.db, ['a', 'b', 'c'], 15), [{ id: 'b' }, { id: 'c' }]);
    assert.deepEqual(await byIds.all(handle.db, ['c', 'x'], 0), [{ id: 'c' }]);
    assert.equal(await byIds.first(handle.db, ['x'], 0), undefined);
  });

  it('runs inside a transaction, on the transaction', async () => {
    const bump = prepare((db, id: string) =>
      db
        .updateTable('sessions')
        .set((eb) => ({ cart_version: eb('cart_version', '+', 1) }))
        .where('id', '=', id)
        .returning('cart_version'),
    );
    await assert.rejects(
      handle.db.transaction().execute(async (trx) => {
        assert.deepEqual(await bump.first(trx, 'a'), { cart_version: 1 });
        throw new Error('roll back');
      }),
    );
    assert.deepEqual(await bump.first(handle.db, 'a'), { cart_version: 1 }, 'the rolled back bump is gone');
  });

  it('reads rows as arrays of the selected columns, in their order, with the same values as the objects', async () => {
    const pairs = prepare((db, after: number) =>
      db.selectFrom('sessions').select(['expires_at', 'id']).where('expires_at', '>', after).orderBy('id'),
    );
    const connection = directSqlite(handle.db)!;
    assert.deepEqual(pairs.rawOn(connection, handle.db, [15]), [
      [20, 'b'],
      [30, 'c'],
    ]);
    assert.deepEqual(await pairs.all(handle.db, 15), [
      { expires_at: 20, id: 'b' },
      { expires_at: 30, id: 'c' },
    ]);
    assert.deepEqual(pairs.rawOn(connection, handle.db, [25]), [[30, 'c']], 'objects and arrays one after the other');
  });
});
