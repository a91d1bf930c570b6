/**
 * For --scale: sessions inserted straight into kago's tables in big batches (creating a million over HTTP
 * would take longer than the benchmark), each with one cart line, shaped exactly as kago writes them
 * (src/db/schema.ts: sessions id/created_at/expires_at/cart_version; cart_lines session_id/price_id/
 * quantity/unit_amount_seen/created_at/updated_at). Returns an evenly spread sample of the ids.
 */
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';

const BATCH = 20_000;
const TTL_MS = 3 * 3_600_000; // kago's default SESSION_TTL

export interface BulkResult {
  sample: string[];
  seconds: number;
}

interface Price {
  id: string;
  unit_amount: number;
}

function* batches(total: number, prices: Price[]) {
  for (let start = 0; start < total; start += BATCH) {
    const size = Math.min(BATCH, total - start);
    const bytes = randomBytes(32 * size);
    const ids = Array.from({ length: size }, (_, i) => bytes.subarray(i * 32, i * 32 + 32).toString('base64url'));
    const lines = ids.map((_, i) => prices[(start + i) % prices.length]!);
    yield { start, ids, lines };
  }
}

/** Inserts `total` sessions of one line each; returns `sampleSize` of their ids spread over the whole range. */
export async function insertSessions(databaseUrl: string, total: number, sampleSize: number): Promise<BulkResult> {
  const started = performance.now();
  const every = Math.max(1, Math.floor(total / sampleSize));
  const sample: string[] = [];
  const keep = (start: number, ids: string[]) =>
    ids.forEach((id, i) => (start + i) % every === 0 && sample.length < sampleSize && sample.push(id));
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new SQLite(databaseUrl.slice('sqlite:'.length));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    try {
      const prices = db
        .prepare("SELECT id, unit_amount FROM prices WHERE active = 1 AND type = 'one_time' ORDER BY id")
        .all() as Price[];
      const session = db.prepare('INSERT INTO sessions (id, created_at, expires_at, cart_version) VALUES (?, ?, ?, 1)');
      const line = db.prepare(
        'INSERT INTO cart_lines (session_id, price_id, quantity, unit_amount_seen, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?)',
      );
      const insert = db.transaction((ids: string[], lines: Price[]) => {
        const now = Date.now();
        ids.forEach((id, i) => {
          session.run(id, now, now + TTL_MS);
          line.run(id, lines[i]!.id, lines[i]!.unit_amount, now, now);
        });
      });
      for (const { start, ids, lines } of batches(total, prices)) {
        insert(ids, lines);
        keep(start, ids);
      }
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows: prices } = await client.query<Price>(
        "SELECT id, unit_amount::int AS unit_amount FROM prices WHERE active = 1 AND type = 'one_time' ORDER BY id",
      );
      for (const { start, ids, lines } of batches(total, prices)) {
        const now = Date.now();
        await client.query('BEGIN');
        await client.query(
          'INSERT INTO sessions (id, created_at, expires_at, cart_version) SELECT unnest($1::text[]), $2, $3, 1',
          [ids, now, now + TTL_MS],
        );
        await client.query(
          'INSERT INTO cart_lines (session_id, price_id, quantity, unit_amount_seen, created_at, updated_at) SELECT unnest($1::text[]), unnest($2::text[]), 1, unnest($3::bigint[]), $4, $4',
          [ids, lines.map((price) => price.id), lines.map((price) => price.unit_amount), now],
        );
        await client.query('COMMIT');
        keep(start, ids);
      }
      await client.query('ANALYZE sessions; ANALYZE cart_lines');
    } finally {
      await client.end();
    }
  }
  return { sample, seconds: (performance.now() - started) / 1000 };
}
