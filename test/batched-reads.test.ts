/**
 * Reads asked for in one turn of the event loop run together on SQLite (src/db/batched-reads.ts): in one read
 * transaction, never older than when they were asked, each failing alone, through Kysely while a Kysely
 * transaction holds the connection, and through Kysely at once on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { readInBatch } from '../src/db/batched-reads.js';
import { directSqlite } from '../src/db/direct-sqlite.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const [sqlite, postgres] = [
  databaseTargets().find((target) => target.name === 'sqlite')!,
  databaseTargets().find((target) => target.name === 'postgres')!,
];

/** A session's cart version, read directly on SQLite. */
const versionOn = (database: TestDatabase, id: string) =>
  readInBatch(
    database.db,
    (connection) => {
      const row = connection.prepare('select cart_version from sessions where id = ?').get(id) as
        { cart_version: number } | undefined;
      return { version: row?.cart_version, inTransaction: connection.inTransaction, through: 'direct' };
    },
    async () => {
      const row = await database.db
        .selectFrom('sessions')
        .select('cart_version')
        .where('id', '=', id)
        .executeTakeFirst();
      return { version: row?.cart_version, inTransaction: false, through: 'kysely' };
    },
  );

describe('reads batched per turn of the event loop, on sqlite', { skip: sqlite.skip }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await sqlite.open();
  });
  after(async () => database?.close());
  beforeEach(async () => {
    await database.db.deleteFrom('sessions').execute();
    for (const [id, version] of [
      ['s1', 1],
      ['s2', 2],
      ['s3', 3],
    ] as const)
      await database.db
        .insertInto('sessions')
        .values({ id, created_at: 0, expires_at: 9e12, cart_version: version })
        .execute();
  });

  it('runs the reads of one turn in one read transaction, each answering its own, and leaves none open', async () => {
    const reads = await Promise.all(['s1', 's2', 's3', 'gone'].map((id) => versionOn(database, id)));
    assert.deepEqual(
      reads.map((read) => [read.version, read.inTransaction, read.through]),
      [
        [1, true, 'direct'],
        [2, true, 'direct'],
        [3, true, 'direct'],
        [undefined, true, 'direct'],
      ],
    );
    assert.equal(directSqlite(database.db)?.inTransaction, false);
    const alone = await versionOn(database, 's2');
    assert.deepEqual([alone.version, alone.inTransaction], [2, false], 'a read alone needs no transaction');
  });

  it('is never older than when it was asked: a change made after the ask, in the same turn, is read', async () => {
    const asked = versionOn(database, 's1');
    directSqlite(database.db)!.prepare("update sessions set cart_version = 7 where id = 's1'").run();
    assert.equal((await asked).version, 7);
  });

  it('a read that fails fails alone, and the others of its batch answer', async () => {
    const failing = readInBatch(
      database.db,
      () => {
        throw new Error('this read fails');
      },
      () => Promise.reject(new Error('not used')),
    );
    const [other, failed] = await Promise.allSettled([versionOn(database, 's3'), failing]);
    assert.deepEqual(other.status === 'fulfilled' && other.value.version, 3);
    assert.equal(failed.status === 'rejected' && (failed.reason as Error).message, 'this read fails');
    assert.equal(directSqlite(database.db)?.inTransaction, false);
  });

  it('while a Kysely transaction holds the connection, the batch reads through Kysely, after it ends', async () => {
    let asked: ReturnType<typeof versionOn> | undefined;
    await database.db.transaction().execute(async (trx) => {
      await trx.updateTable('sessions').set({ cart_version: 9 }).where('id', '=', 's2').execute();
      asked = versionOn(database, 's2');
      // The batch's turn comes while the transaction is still open.
      await new Promise((resolve) => setImmediate(resolve));
      await trx.updateTable('sessions').set({ cart_version: 10 }).where('id', '=', 's2').execute();
    });
    const read = await asked!;
    assert.deepEqual([read.version, read.through], [10, 'kysely']);
  });
});

describe('reads batched per turn of the event loop, on postgres', { skip: postgres.skip }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await postgres.open();
  });
  after(async () => database?.close());

  it('go through Kysely at once', async () => {
    await database.db
      .insertInto('sessions')
      .values({ id: 'p1', created_at: 0, expires_at: 9e12, cart_version: 4 })
      .execute();
    const read = await versionOn(database, 'p1');
    assert.deepEqual([Number(read.version), read.through], [4, 'kysely']);
  });
});
