/**
 * Where each kago instance keeps its data: a fresh temp DATA_DIR always, and a fresh database in it (SQLite,
 * the default) or a fresh database on one throwaway PostgreSQL server for the whole run (`--db postgres`,
 * started the way the test suites start theirs, test/support/postgres.ts, but with production's durability settings:
 * fsync, synchronous_commit and full_page_writes on, as ADR 0011 promises; every commit waits for its WAL flush).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { postgresUnavailableReason, startPostgres, type PostgresServer } from '../../test/support/postgres.js';

export type DbKind = 'sqlite' | 'postgres';

export interface Store {
  label: string;
  /** DATA_DIR of the instance (temp, removed by drop()). */
  dir: string;
  databaseUrl: string;
  drop(): Promise<void>;
}

export interface Databases {
  kind: DbKind;
  newStore(label: string): Promise<Store>;
  close(): Promise<void>;
}

export async function openDatabases(kind: DbKind): Promise<Databases> {
  if (kind === 'sqlite') {
    return {
      kind,
      async newStore(label) {
        const dir = mkdtempSync(path.join(tmpdir(), `kago-bench-${label}-`));
        return {
          label,
          dir,
          databaseUrl: `sqlite:${path.join(dir, 'kago.db')}`,
          drop: async () => rmSync(dir, { recursive: true, force: true }),
        };
      },
      async close() {},
    };
  }
  const reason = postgresUnavailableReason();
  if (reason) throw new Error(`--db postgres: ${reason}`);
  const server: PostgresServer = await startPostgres({ durable: true });
  process.on('exit', () => server.stop());
  let count = 0;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    kind,
    async newStore(label) {
      const dir = mkdtempSync(path.join(tmpdir(), `kago-bench-${label}-`));
      const name = `kago_${label.replace(/[^a-z0-9]/gi, '_')}_${++count}`;
      await admin(`CREATE DATABASE ${name}`);
      const url = new URL(server.url);
      url.pathname = `/${name}`;
      return {
        label,
        dir,
        databaseUrl: url.toString(),
        async drop() {
          rmSync(dir, { recursive: true, force: true });
          await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        },
      };
    },
    async close() {
      server.stop();
    },
  };
}
