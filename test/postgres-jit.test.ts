/**
 * kago's PostgreSQL connections plan without JIT: a search's read of every match is estimated above
 * `jit_above_cost`, and compiling it took 80-140 ms, several times the query (docs/decisions/0010). A URL that
 * sets its own `options` keeps them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connect.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const target = databaseTargets().find((candidate) => candidate.name === 'postgres')!;

describe('PostgreSQL connections and JIT', { skip: target.skip }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await target.open({ migrate: false });
  });
  after(async () => database?.close());

  const jit = async (db: TestDatabase['db']) => (await sql<{ jit: string }>`show jit`.execute(db)).rows[0]!.jit;

  it('turns JIT off on kago connections', async () => {
    assert.equal(await jit(database.db), 'off');
  });

  it("keeps a URL's own options", async () => {
    const config = database.config as { dialect: 'postgres'; url: string };
    const url = new URL(config.url);
    url.searchParams.set('options', '-c jit=on');
    const handle = openDatabase({ ...config, url: url.toString() });
    try {
      assert.equal(await jit(handle.db), 'on');
    } finally {
      await handle.close();
    }
  });
});
