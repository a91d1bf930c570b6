/**
 * The catalog kept from Stripe: `kago sync` (syncCatalog), the product and price webhooks (createCatalogEvents) and
 * the background sync (CATALOG_SYNC_INTERVAL). `catalogFromStripe` wires the last two for a running shop.
 */
import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { Database } from '../../db/schema.js';
import { redisJobLock, sqlJobLock } from '../../jobs/job-lock.js';
import type { RedisClient } from '../../redis/connect.js';
import { formatImportReport } from '../import/report.js';
import { createCatalogEvents, type CatalogEvents } from './catalog-events.js';
import { DEFAULT_RETRY, stripeCatalogReader } from './stripe-reader.js';
import { syncCatalog } from './sync-catalog.js';
import { catalogSyncSchedule, type SyncSchedule } from './sync-schedule.js';

export {
  CATALOG_EVENT_TYPES,
  createCatalogEvents,
  type CatalogEventOutcome,
  type CatalogEvents,
} from './catalog-events.js';
export { DEFAULT_RETRY, stripeCatalogReader, type RetryPolicy, type StripeCatalogReader } from './stripe-reader.js';
export {
  PRICES_SOURCE,
  PRODUCTS_SOURCE,
  syncCatalog,
  SyncSupersededError,
  type SyncOptions,
  type SyncProgress,
} from './sync-catalog.js';
export { catalogSyncSchedule, type CheckOutcome, type SyncSchedule } from './sync-schedule.js';

export interface CatalogFromStripeOptions {
  db: Kysely<Database>;
  /** The shop's client (the SDK retries a webhook's read twice itself). */
  client: Stripe;
  /** A client without the SDK's retries: the sync retries with a longer backoff of its own. */
  syncClient: Stripe;
  redis: RedisClient | undefined;
  intervalMs: number | undefined;
  now: () => number;
  log: { info(message: string): void; warn(message: string): void; error(details: object, message: string): void };
}

export function catalogFromStripe({ db, client, syncClient, redis, intervalMs, now, log }: CatalogFromStripeOptions): {
  events: CatalogEvents;
  schedule: SyncSchedule | undefined;
} {
  const events = createCatalogEvents({
    db,
    reader: stripeCatalogReader(client, { ...DEFAULT_RETRY, attempts: 1 }),
    now,
    warn: (message) => log.warn(message),
  });
  const schedule =
    intervalMs === undefined
      ? undefined
      : catalogSyncSchedule({
          db,
          lock: redis ? redisJobLock(redis, 'catalog-sync') : sqlJobLock(db, 'catalog-sync'),
          intervalMs,
          now,
          sync: async (keepAlive) => {
            const report = await syncCatalog(db, stripeCatalogReader(syncClient), { now, onProgress: keepAlive });
            log.info(`catalog synced from Stripe\n${formatImportReport(report)}`);
          },
          onError: (error) => log.error({ err: error }, 'the background catalog sync from Stripe failed'),
        });
  return { events, schedule };
}
