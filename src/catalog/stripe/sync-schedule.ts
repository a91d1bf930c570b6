/**
 * CATALOG_SYNC_INTERVAL: a full sync from Stripe in the background, to repair anything a lost webhook left behind.
 * Every process looks once a minute; the one that gets the lease runs the sync when it is due, and sets when the
 * next one is (in the database, so all processes agree). It only runs once the catalog has been synced from Stripe
 * (`kago sync`) at least once: a shop that keeps its catalog in CSV files never has it replaced.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { JobLock } from '../../jobs/job-lock.js';
import { syncedTicket } from './tickets.js';

/** How often each process looks whether a sync is due. */
export const CHECK_EVERY_MS = 60_000;
/** The lease: longer than any sync; renewed as the sync reads. */
export const LEASE_MS = 10 * 60_000;
/** After a failed sync (Stripe down), try again this soon, or at the interval when that is sooner. */
export const RETRY_FAILED_AFTER_MS = 15 * 60_000;

export type CheckOutcome = 'ran' | 'failed' | 'not_due' | 'busy' | 'never_synced';

export interface SyncScheduleOptions {
  db: Kysely<Database>;
  lock: JobLock;
  intervalMs: number;
  now: () => number;
  /** Runs one full sync; calls `keepAlive` as it goes so a long sync keeps the lease. */
  sync: (keepAlive: () => void) => Promise<unknown>;
  onError: (error: unknown) => void;
}

export interface SyncSchedule {
  /** One look: runs the sync when due and the lease is ours. What the timer calls; tests call it with their clock. */
  check(): Promise<CheckOutcome>;
  start(): void;
  stop(): Promise<void>;
}

export function catalogSyncSchedule({ db, lock, intervalMs, now, sync, onError }: SyncScheduleOptions): SyncSchedule {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const setNext = (at: number) =>
    db.updateTable('catalog_sync_state').set({ next_sync_at: at }).where('id', '=', 1).execute();

  async function check(): Promise<CheckOutcome> {
    if ((await syncedTicket(db)) === 0) return 'never_synced';
    if (!(await lock.acquire(now(), LEASE_MS))) return 'busy';
    try {
      const state = await db
        .selectFrom('catalog_sync_state')
        .select('next_sync_at')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      if (state.next_sync_at !== null && Number(state.next_sync_at) > now()) return 'not_due';
      let renewed = now();
      const keepAlive = () => {
        if (now() - renewed < LEASE_MS / 3) return;
        renewed = now();
        lock.acquire(renewed, LEASE_MS).catch(onError);
      };
      try {
        await sync(keepAlive);
        await setNext(now() + intervalMs);
        return 'ran';
      } catch (error) {
        onError(error);
        await setNext(now() + Math.min(intervalMs, RETRY_FAILED_AFTER_MS));
        return 'failed';
      }
    } finally {
      await lock.release();
    }
  }

  return {
    check,
    start() {
      timer = setInterval(
        () => {
          running = check().catch(onError);
        },
        Math.min(CHECK_EVERY_MS, intervalMs),
      );
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
