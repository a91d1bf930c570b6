/**
 * The statements a run sends to PostgreSQL, seen at pg's Client.query: to count an operation's round trips, and to
 * hold one statement back (`before`) until something else has happened, for races at a chosen point.
 */
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/db/schema.js';

type Query = (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) => unknown;
const proto = pg.Client.prototype as unknown as { query: Query };
const original = proto.query;

export interface StatementWatch {
  /** Only statements whose text matches are recorded (all are seen by `before`). */
  only?: RegExp;
  /** May hold a statement back until what it returns settles. */
  before?: (text: string) => Promise<unknown> | undefined;
}

/** Runs `run`, recording the text of every statement sent meanwhile; pg's query is restored after. */
export async function sentStatements<T>(run: () => Promise<T>, watch: StatementWatch = {}) {
  const texts: string[] = [];
  proto.query = function (config, values, callback) {
    const text = typeof config === 'string' ? config : (config as { text: string }).text;
    if (!watch.only || watch.only.test(text)) texts.push(text);
    const held = watch.before?.(text);
    if (!held) return original.call(this, config, values, callback);
    // pg-pool passes a callback; Kysely awaits the promise.
    if (typeof callback === 'function' || typeof values === 'function') {
      void held.then(() => original.call(this, config, values, callback));
      return undefined;
    }
    return held.then(() => original.call(this, config, values));
  };
  try {
    return { result: await run(), texts };
  } finally {
    proto.query = original;
  }
}

/** Puts pg's own query back (an `after` hook's safety net when a test stopped mid-run). */
export function restoreStatements(): void {
  proto.query = original;
}

/**
 * Resolves once a statement on `db`'s database waits for a lock another transaction holds (pg_stat_activity): for
 * tests that let that transaction go on only when a change is queued behind it. Polled: PostgreSQL sends no event.
 */
export async function lockWaited(db: Kysely<Database>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<{ waiting: number }>`
      select count(*)::int as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
    if (rows[0]!.waiting > 0) return;
    if (Date.now() > until) throw new Error('no statement came to wait for a lock');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
