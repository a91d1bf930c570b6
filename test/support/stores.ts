/**
 * Runs a suite against every session and cart store: the SQL stores on SQLite and on PostgreSQL, and the Redis
 * stores. Each `open()` gives empty stores of their own. SQL cart lines reference `prices(id)`, so the SQL targets
 * come with the cart tests' catalog plus BULK_PRICES imported; a Redis cart accepts any price id.
 */
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { createSqlCartStore } from '../../src/cart/sql-cart-store.js';
import type { CartStore, StoredCart } from '../../src/cart/cart-store.js';
import { createRedisCartStore, type RedisCartStoreOptions } from '../../src/cart/redis-cart-store.js';
import type { Database } from '../../src/db/schema.js';
import { createRedis, redisReady } from '../../src/redis/connect.js';
import { createRedisSessionStore } from '../../src/session/redis-session-store.js';
import { createSqlSessionStore, type SessionStore } from '../../src/session/session-store.js';
import { CART_PRICES, CART_PRODUCTS, importCartCatalog } from './cart.js';
import type { ShopPrice } from './catalog.js';
import { databaseTargets } from './databases.js';
import { skipUnlessAvailable } from './extras.js';
import { redisUnavailableReason, startRedis, type RedisServer } from './redis.js';

/** 101 one-yen prices (one more than a cart holds), for the line limit. */
export const BULK_PRICES: ShopPrice[] = Array.from({ length: 101 }, (_, i) => ({
  id: `price_bulk_${String(i).padStart(3, '0')}`,
  product: 'prod_bulk',
  amount: '1',
  currency: 'jpy',
}));

export interface TestStores {
  sessions: SessionStore;
  carts: CartStore;
  /** Redis targets only: the client and the key prefix the stores use, to look at the keys themselves. */
  redis?: { client: Redis; prefix: string };
  /** SQL targets only: the database, to look at the rows themselves. */
  db?: Kysely<Database>;
  close(): Promise<void>;
}

export interface StoreTarget {
  name: 'sqlite' | 'postgres' | 'redis';
  /** The node:test `skip` option: a reason when this store cannot run here (never in CI). */
  skip: string | undefined;
  /** Whether purgeExpired deletes and counts expired sessions (SQL) or returns 0 because Redis expires keys itself. */
  purgeCounts: boolean;
  open(options?: { cart?: RedisCartStoreOptions }): Promise<TestStores>;
}

let sharedServer: Promise<RedisServer> | undefined;

/** The test runner shares one server through KAGO_TEST_REDIS_URL; a file run alone starts its own. */
export async function testRedisUrl(): Promise<string> {
  if (process.env.KAGO_TEST_REDIS_URL) return process.env.KAGO_TEST_REDIS_URL;
  sharedServer ??= startRedis().then((server) => {
    process.on('exit', () => server.stop());
    return server;
  });
  return (await sharedServer).url;
}

/** A ready client on the test Redis (connection errors are ignored: the tests see failed commands instead). */
export async function openTestRedis(url?: string): Promise<Redis> {
  const client = await createRedis(url ?? (await testRedisUrl()), () => {});
  await redisReady(client);
  return client;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/**
 * A whole shop's targets: each database with its carts in it, and SQLite with the carts in Redis (`redis: true`:
 * start the shop with a Redis URL).
 */
export function shopTargets() {
  return [
    ...databaseTargets().map(({ name, skip, open }) => ({ name, skip, open, redis: false })),
    {
      ...databaseTargets()[0]!,
      name: 'sqlite with carts in Redis',
      skip: skipUnlessAvailable(redisUnavailableReason()),
      redis: true,
    },
  ];
}

/** SQLite always; PostgreSQL and Redis when their servers are installed (and always in CI). */
export function storeTargets(): StoreTarget[] {
  const sql = databaseTargets().map((database): StoreTarget => ({
    name: database.name,
    skip: database.skip,
    purgeCounts: true,
    async open() {
      const handle = await database.open();
      await importCartCatalog(handle.db, {
        products: [...CART_PRODUCTS, { id: 'prod_bulk', name: 'Bulk item' }],
        prices: [...CART_PRICES, ...BULK_PRICES],
      });
      return {
        db: handle.db,
        sessions: createSqlSessionStore(handle.db),
        carts: createSqlCartStore(handle.db),
        close: () => handle.close(),
      };
    },
  }));
  const redis: StoreTarget = {
    name: 'redis',
    skip: skipUnlessAvailable(redisUnavailableReason()),
    purgeCounts: false,
    async open(options = {}) {
      const client = await openTestRedis();
      // A prefix of its own keeps every open() apart on the one shared server.
      const prefix = `kago-test-${randomBytes(6).toString('hex')}:`;
      return {
        sessions: createRedisSessionStore(client, { keyPrefix: prefix }),
        carts: createRedisCartStore(client, { keyPrefix: prefix, ...options.cart }),
        redis: { client, prefix },
        async close() {
          await deleteKeys(client, prefix);
          await client.quit();
        },
      };
    },
  };
  return [...sql, redis];
}

/**
 * A stored cart as the contract tests compare it: lines without properties and a cart without a note or attributes
 * lose those empty fields (what every cart was before properties); anything else is kept, so it still shows.
 */
export function plainCart(cart: StoredCart | undefined): unknown {
  if (!cart) return cart;
  const hasDetails = cart.details.note !== '' || Object.keys(cart.details.attributes).length > 0;
  return {
    version: cart.version,
    ...(hasDetails ? { details: cart.details } : {}),
    lines: cart.lines.map((line) => {
      if (line.propertiesHash !== '' || Object.keys(line.properties).length > 0) return line;
      const { priceId, quantity, unitAmountSeen, addedAt } = line;
      return { priceId, quantity, unitAmountSeen, addedAt };
    }),
  };
}

/** A suite's PostgreSQL stores (the SQL targets' catalog), opened before its tests and closed after them. */
export interface SuiteStores {
  readonly db: Kysely<Database>;
  readonly carts: CartStore;
  readonly sessions: SessionStore;
}

/** Registers the before/after hooks that open `target`'s stores for the enclosing suite and close them. */
export function useStores(target: StoreTarget, cleanUp?: () => void): SuiteStores {
  let stores: TestStores | undefined;
  before(async () => {
    stores = await target.open();
  });
  after(async () => {
    cleanUp?.();
    await stores?.close();
  });
  const opened = () => {
    if (!stores?.db) throw new Error(`the ${target.name} stores are not open (or have no database)`);
    return stores as TestStores & { db: Kysely<Database> };
  };
  return {
    get db() {
      return opened().db;
    },
    get carts() {
      return opened().carts;
    },
    get sessions() {
      return opened().sessions;
    },
  };
}
