/**
 * The statements a run sends to PostgreSQL, seen at pg's Client.query: to count an operation's round trips, and to
 * hold one statement back (`before`) until something else has happened, for races at a chosen point.
 */
import pg from 'pg';

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
