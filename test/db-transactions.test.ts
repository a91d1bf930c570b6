/**
 * Transactions of prepared statements (src/db/transaction.ts) and prepared statements run directly on SQLite
 * (src/db/prepared.ts), on both databases: a transaction commits before its promise settles; transactions asked for
 * together (SQLite: sharing one commit) each roll back alone; and nothing run directly on SQLite ever joins a
 * transaction that Kysely has open on the same connection.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { prepare } from '../src/db/prepared.js';
import { exec, row, transaction } from '../src/db/transaction.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const insertSession = prepare((db, id: string, version: number) =>
  db.insertInto('sessions').values({ id, created_at: 1, expires_at: 9e12, cart_version: version }),
);
const bump = prepare((db, id: string) =>
  db
    .updateTable('sessions')
    .set((eb) => ({ cart_version: eb('cart_version', '+', 1) }))
    .where('id', '=', id)
    .returning('cart_version'),
);

for (const target of databaseTargets()) {
  describe(`transactions of prepared statements on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let second: TestDatabase['db'];
    let closeSecond: () => Promise<void>;
    before(async () => {
      database = await target.open();
      // A second connection sees only what was committed.
      const { openDatabase } = await import('../src/db/connect.js');
      const handle = openDatabase(database.config);
      second = handle.db;
      closeSecond = () => handle.close();
    });
    after(async () => {
      await closeSecond?.();
      await database?.close();
    });
    const committedVersion = async (id: string) =>
      (await second.selectFrom('sessions').select('cart_version').where('id', '=', id).executeTakeFirst())
        ?.cart_version;

    it('answers with the steps’ result once committed: another connection sees the change', async () => {
      const version = await transaction(database.db, function* () {
        yield* exec(insertSession, 'one', 5);
        return (yield* row(bump, 'one'))!.cart_version;
      });
      assert.equal(Number(version), 6);
      assert.equal(Number(await committedVersion('one')), 6);
    });

    it('transactions asked for together each roll back alone: the others commit', async () => {
      const refused = new Error('refused');
      const results = await Promise.allSettled(
        ['a', 'b', 'c'].map((id) =>
          transaction(database.db, function* () {
            yield* exec(insertSession, id, 0);
            const bumped = yield* row(bump, id);
            if (id === 'b') throw refused;
            return bumped!.cart_version;
          }),
        ),
      );
      assert.deepEqual(
        results.map((result) => (result.status === 'fulfilled' ? Number(result.value) : result.reason)),
        [1, refused, 1],
      );
      assert.equal(Number(await committedVersion('a')), 1);
      assert.equal(await committedVersion('b'), undefined, 'the refused one wrote nothing');
      assert.equal(Number(await committedVersion('c')), 1);
    });

    it('a statement that fails fails its own transaction only, with the database’s error', async () => {
      await transaction(database.db, function* () {
        yield* exec(insertSession, 'taken', 0);
      });
      const [duplicate, fine] = await Promise.allSettled([
        transaction(database.db, function* () {
          yield* exec(bump, 'taken');
          yield* exec(insertSession, 'taken', 0); // the primary key is taken
        }),
        transaction(database.db, function* () {
          yield* exec(insertSession, 'fine', 0);
          return 'ok';
        }),
      ]);
      assert.equal(duplicate.status, 'rejected');
      assert.match(String((duplicate as PromiseRejectedResult).reason), /unique|duplicate/i);
      assert.deepEqual(fine, { status: 'fulfilled', value: 'ok' });
      assert.equal(Number(await committedVersion('taken')), 0, 'the bump before the failure was rolled back');
      assert.equal(Number(await committedVersion('fine')), 0);
    });

    it(
      'on SQLite, transactions asked for together share one commit: a page they all change is written once',
      { skip: target.name !== 'sqlite' && 'PostgreSQL commits each on its own connection' },
      async () => {
        await transaction(database.db, function* () {
          yield* exec(insertSession, 'busy', 0);
        });
        // Frames in the WAL since it was emptied: each commit writes every page it changed once more.
        const framesWritten = async (work: () => Promise<unknown>) => {
          await sql`pragma wal_checkpoint(TRUNCATE)`.execute(database.db);
          await work();
          const { rows } = await sql<{ log: number }>`pragma wal_checkpoint(PASSIVE)`.execute(database.db);
          return rows[0]!.log;
        };
        const bumpOnce = () =>
          transaction(database.db, function* () {
            yield* exec(bump, 'busy');
          });
        const oneByOne = await framesWritten(async () => {
          for (let i = 0; i < 4; i++) await bumpOnce();
        });
        const together = await framesWritten(() => Promise.all([bumpOnce(), bumpOnce(), bumpOnce(), bumpOnce()]));
        assert.equal(Number(await committedVersion('busy')), 8);
        assert.ok(together > 0 && together * 2 <= oneByOne, `${together} frames together, ${oneByOne} one by one`);
      },
    );

    it('never joins a transaction Kysely has open: it waits for it, and survives its rollback', async () => {
      await transaction(database.db, function* () {
        yield* exec(insertSession, 'shared', 0);
      });
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const begun = new Promise<void>((resolve) => (started = resolve));
      const open = database.db.transaction().execute(async (trx) => {
        await bump.run(trx, 'shared');
        started();
        await released;
        throw new Error('rolled back');
      });
      await begun;
      // Asked for while Kysely's transaction is open, between its statements.
      const direct = bump.first(database.db, 'shared');
      const stepped = transaction(database.db, function* () {
        return (yield* row(bump, 'shared'))!.cart_version;
      });
      release();
      await assert.rejects(open, /rolled back/);
      // PostgreSQL runs each on a connection of its own: either may take the row's lock first.
      const versions = [Number((await direct)!.cart_version), Number(await stepped)];
      assert.deepEqual(
        versions.sort((a, b) => a - b),
        [1, 2],
        'each counted once, from the version before the rolled back bump',
      );
      assert.equal(Number(await committedVersion('shared')), 2, 'both changes stand; the rolled back one does not');
    });

    it(
      'PostgreSQL: a prepared statement is parsed and planned once per connection (a named statement), in and out of transactions',
      { skip: target.name === 'postgres' ? undefined : 'PostgreSQL only' },
      async () => {
        // A handle of its own, used one statement at a time: its pool has one connection, the one asked below.
        const { openDatabase } = await import('../src/db/connect.js');
        const handle = openDatabase(database.config);
        try {
          await insertSession.run(handle.db, 'named', 0);
          await transaction(handle.db, function* () {
            yield* exec(bump, 'named');
          });
          await bump.run(handle.db, 'named');
          const { rows } = await sql<{ statement: string }>`
            select statement from pg_prepared_statements order by prepare_time`.execute(handle.db);
          assert.equal(rows.length, 2, 'one each, however often it ran');
          assert.match(rows[0]!.statement, /^insert into "sessions"/);
          assert.match(rows[1]!.statement, /^update "sessions" set "cart_version"/);
          assert.equal(Number(await committedVersion('named')), 2, 'both bumps committed');
        } finally {
          await handle.close();
        }
      },
    );
  });
}
