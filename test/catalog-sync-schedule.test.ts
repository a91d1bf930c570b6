/**
 * CATALOG_SYNC_INTERVAL: the background sync runs in one process at a time (a lease in the database, or in Redis),
 * when due by the shared schedule, never before the first `kago sync`; a failed run is tried again sooner; a lease a
 * dead process left ends by itself. Driven by an injected clock, never by waiting. And the setting itself.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { catalogSyncSchedule, syncCatalog, type CheckOutcome } from '../src/catalog/stripe/index.js';
import { LEASE_MS, RETRY_FAILED_AFTER_MS } from '../src/catalog/stripe/sync-schedule.js';
import { loadConfig } from '../src/config.js';
import { redisJobLock, sqlJobLock, type JobLock } from '../src/jobs/job-lock.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.js';
import { openTestRedis } from './support/stores.js';
import { redisUnavailableReason } from './support/redis.js';
import { skipUnlessAvailable } from './support/extras.js';
import { fakeReader, gate, seedStripeCatalog } from './support/stripe-catalog.js';

const DAY = 86_400_000;

describe('CATALOG_SYNC_INTERVAL', () => {
  it('is a day by default, off when off, and at least a minute', () => {
    assert.equal(loadConfig({}).catalogSyncIntervalMs, DAY);
    assert.equal(loadConfig({ CATALOG_SYNC_INTERVAL: 'off' }).catalogSyncIntervalMs, undefined);
    assert.equal(loadConfig({ CATALOG_SYNC_INTERVAL: '6h' }).catalogSyncIntervalMs, 6 * 3_600_000);
    assert.throws(
      () => loadConfig({ CATALOG_SYNC_INTERVAL: '30s' }),
      /^ConfigError: CATALOG_SYNC_INTERVAL: must be 1m or longer, or off/,
    );
    assert.throws(
      () => loadConfig({ CATALOG_SYNC_INTERVAL: 'daily' }),
      /CATALOG_SYNC_INTERVAL: must be a duration such as 1d or 6h, or off/,
    );
  });
});

const redisSkip = skipUnlessAvailable(redisUnavailableReason());

for (const target of databaseTargets()) {
  for (const lockKind of ['database', 'redis'] as const) {
    const skip = target.skip ?? (lockKind === 'redis' ? redisSkip : undefined);
    describe(`the background catalog sync on ${target.name}, lease in the ${lockKind}`, { skip }, () => {
      let fake: FakeStripe;
      let database: TestDatabase;
      let clock = Date.UTC(2025, 0, 1);
      const now = () => clock;
      const cleanups: Array<() => Promise<unknown>> = [];

      /** A lease for one "process": its own owner id, on the shared database or Redis. */
      async function lease(): Promise<JobLock> {
        if (lockKind === 'database') return sqlJobLock(database.db, 'catalog-sync');
        const redis = await openTestRedis();
        cleanups.push(() => redis.quit());
        return redisJobLock(redis, 'catalog-sync', undefined, `kago-test-${process.pid}-${target.name}:`);
      }

      /** A "process": its schedule, and the syncs it ran. */
      async function process_(
        sync: () => Promise<unknown> = () => syncCatalog(database.db, fakeReader(fake), { now }),
      ) {
        const runs: number[] = [];
        const schedule = catalogSyncSchedule({
          db: database.db,
          lock: await lease(),
          intervalMs: DAY,
          now,
          onError: () => {},
          sync: async () => {
            runs.push(clock);
            await sync();
          },
        });
        return { schedule, runs };
      }

      before(async () => {
        fake = await startFakeStripe();
        seedStripeCatalog(fake);
        database = await target.open();
      });
      afterEach(async () => {
        for (const cleanup of cleanups.splice(0)) await cleanup();
      });
      after(async () => {
        await database?.close();
        await fake?.close();
      });

      it('waits for the first kago sync, then runs in one process at a time, when due', async () => {
        const a = await process_();
        const b = await process_();
        assert.equal(
          await a.schedule.check(),
          'never_synced',
          'a shop whose catalog is kept in CSV files is never replaced',
        );
        await syncCatalog(database.db, fakeReader(fake), { now });

        const held = gate();
        const slow = await process_(async () => {
          await held.wait;
          return syncCatalog(database.db, fakeReader(fake), { now });
        });
        const running = slow.schedule.check();
        while (slow.runs.length === 0) await new Promise((resolve) => setImmediate(resolve));
        const others: CheckOutcome[] = await Promise.all([a.schedule.check(), b.schedule.check()]);
        assert.deepEqual(others, ['busy', 'busy']);
        held.open();
        assert.equal(await running, 'ran');
        assert.equal(await a.schedule.check(), 'not_due');
        assert.equal(await b.schedule.check(), 'not_due');

        clock += DAY - 1;
        assert.equal(await a.schedule.check(), 'not_due');
        clock += 1;
        const outcomes = await Promise.all([a.schedule.check(), b.schedule.check()]);
        assert.equal(outcomes.filter((outcome) => outcome === 'ran').length, 1, `one run: ${outcomes.join(', ')}`);
        assert.equal(a.runs.length + b.runs.length, 1);
      });

      it('tries a failed sync again sooner than the interval', async () => {
        clock += DAY;
        const failing = await process_(() => Promise.reject(new Error('Stripe is down')));
        assert.equal(await failing.schedule.check(), 'failed');
        clock += RETRY_FAILED_AFTER_MS - 1;
        assert.equal(await failing.schedule.check(), 'not_due');
        clock += 1;
        const healthy = await process_();
        assert.equal(await healthy.schedule.check(), 'ran');
      });

      it(
        'lets another process take over the lease a dead one left',
        { skip: lockKind === 'redis' && 'Redis ends leases by its own clock' },
        async () => {
          clock += DAY;
          const dead = await lease();
          assert.equal(await dead.acquire(clock, LEASE_MS), true); // and the process dies holding it
          const alive = await process_();
          assert.equal(await alive.schedule.check(), 'busy');
          clock += LEASE_MS;
          assert.equal(await alive.schedule.check(), 'ran');
        },
      );

      it('leaves a lease to its holder: another cannot take or release it', async () => {
        const first = await lease();
        const second = await lease();
        assert.equal(await first.acquire(clock, LEASE_MS), true);
        assert.equal(await second.acquire(clock, LEASE_MS), false);
        await second.release();
        assert.equal(await second.acquire(clock, LEASE_MS), false, "still the first one's");
        await first.release();
        assert.equal(await second.acquire(clock, LEASE_MS), true);
        await second.release();
      });
    });
  }
}
