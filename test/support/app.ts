/** Builds the shop against a test database, as main.ts does, with a config made for tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ScryptParams } from '../../src/admin/passwords.js';
import { buildApp, type AppDeps } from '../../src/app.js';
import { importCatalog, type ImportFiles } from '../../src/catalog/index.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { TestDatabase } from './databases.js';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long';

/**
 * Scrypt cost of owner passwords in test shops: about 4 ms a hash instead of production's ~120 ms, which made the
 * console suites spend most of their CPU hashing (docs/decisions/0014). Hashes record their cost, so signing in
 * works the same; test/admin-account.test.ts proves production's own cost.
 */
export const TEST_PASSWORD_COST: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

/** One temporary folder per test process, removed when it exits. */
const TEST_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'kago-test-data-'));
process.on('exit', () => rmSync(TEST_DATA_DIR, { recursive: true, force: true }));

/** A config for tests: quiet logs, a fixed secret, no rate limits (tests hammer carts on purpose); `env` overrides any variable. */

export function testConfig(database: TestDatabase, env: Record<string, string> = {}): Config {
  // DATA_DIR: a folder of the test run's own, so development mail (.eml files) never lands in the working tree.
  const defaults = {
    LOG_LEVEL: 'silent',
    SESSION_SECRET: TEST_SECRET,
    RATE_LIMIT_CART: 'off',
    RATE_LIMIT_CHECKOUT: 'off',
    RATE_LIMIT_CHECKOUT_SUCCESS: 'off',
    DATA_DIR: TEST_DATA_DIR,
  };
  return { ...loadConfig({ ...defaults, ...env }), database: database.config };
}

export interface TestShop {
  app: FastifyInstance;
  config: Config;
}

/** The app on `database`, with `catalog` imported first when given; owner passwords at the tests' cost. */
export async function startTestShop(
  database: TestDatabase,
  options: { env?: Record<string, string>; catalog?: ImportFiles; deps?: Partial<AppDeps> } = {},
): Promise<TestShop> {
  if (options.catalog) await importCatalog(database.db, options.catalog);
  const config = testConfig(database, options.env);
  const app = await buildApp(config, { database, passwordCost: TEST_PASSWORD_COST, ...options.deps });
  await app.ready();
  return { app, config };
}
