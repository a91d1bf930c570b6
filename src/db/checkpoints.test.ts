import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { openDatabase } from './connect.js';
import { migrateToLatest } from './migrate.js';

/** The rows the database file alone holds (what a power loss would leave if the WAL never reached the disk). */
function sessionsInMainFile(dir: string): number {
  const copy = path.join(dir, 'copy.db');
  copyFileSync(path.join(dir, 'kago.db'), copy);
  rmSync(`${copy}-wal`, { force: true });
  const connection = new SQLite(copy);
  try {
    return (connection.prepare('select count(*) as n from sessions').get() as { n: number }).n;
  } catch {
    return 0; // not even the tables yet: the migrations are still only in the WAL
  } finally {
    connection.close();
  }
}

describe('SQLite checkpoints in the background', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kago-checkpoints-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('moves a few committed changes into the database file within moments, far below the 1,000 pages SQLite waits for', async () => {
    const handle = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'kago.db') }, undefined, {
      backgroundCheckpoints: true,
    });
    try {
      await migrateToLatest(handle.db);
      for (let i = 0; i < 3; i++)
        await handle.db
          .insertInto('sessions')
          .values({ id: `s${i}`, created_at: 1, expires_at: 2, cart_version: 0 })
          .execute();
      const start = Date.now();
      while (sessionsInMainFile(dir) < 3) {
        assert.ok(Date.now() - start < 30_000, 'checkpointed within 30 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await handle.close(); // stops the worker: the test process would not end otherwise (it is unref'd, but checked here)
    }
  });
});
