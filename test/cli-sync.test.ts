/**
 * `kago sync` as the shop owner runs it: the import's report, `--dry-run`, a missing key, and a restricted key
 * without the permission it needs (exit 1, the permission named, nothing changed).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { snapshotCatalog } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.js';
import { runCli } from './support/processes.js';
import { seedStripeCatalog, SYNC_KEY } from './support/stripe-catalog.js';

const sqlite = databaseTargets().find((target) => target.name === 'sqlite')!;

describe('kago sync on the command line', () => {
  let fake: FakeStripe;
  let database: TestDatabase;
  let env: Record<string, string>;

  before(async () => {
    fake = await startFakeStripe();
    seedStripeCatalog(fake);
    database = await sqlite.open();
    if (database.config.dialect !== 'sqlite') throw new Error('expected SQLite');
    env = { DATABASE_URL: `sqlite:${database.config.file}`, STRIPE_SECRET_KEY: SYNC_KEY, STRIPE_API_URL: fake.url };
  });
  after(async () => {
    await database?.close();
    await fake?.close();
  });

  it('checks with --dry-run, then syncs, printing the import report', async () => {
    const dry = await runCli(['sync', '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal((await snapshotCatalog(database.db)).products.length, 0);
    assert.match(
      dry.stdout,
      /^Dry run: the export is valid; nothing was changed\.\nProducts: 4 added, 0 updated, 0 unchanged, 0 deactivated\n/,
    );
    const run = await runCli(['sync'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      'Products: 4 added, 0 updated, 0 unchanged, 0 deactivated\n' +
        'Prices: 6 added, 0 updated, 0 unchanged, 0 deactivated; 1 recurring (imported, not sold in the cart); 1 in another currency (imported, not sold); 1 skipped\n' +
        'Stock: 1 counted (new stocktake), 0 no longer tracked\n' +
        'note: Stripe prices:2: price price_ebook skipped: priced in USD, and the shop sells in JPY (SHOP_CURRENCY)\n' +
        'note: Stripe prices:3: price price_cup_set skipped: tiered pricing is not sold in the cart\n' +
        'warning: Stripe prices:2: price price_ebook is in USD, but 3 of 4 prices are in JPY: a cart holds one currency, ' +
        'so USD and JPY items cannot be bought together (1 USD price, the first here)\n',
    );
    assert.equal((await snapshotCatalog(database.db)).products.length, 4);
  });

  it('refuses without a key, and names the permission a restricted key lacks', async () => {
    const before = await snapshotCatalog(database.db);
    fake.catalog.updateProduct('prod_tea', { name: 'Gyokuro' });
    const keyless = await runCli(['sync'], { ...env, STRIPE_SECRET_KEY: '' });
    assert.equal(keyless.code, 2);
    assert.match(keyless.stderr, /^kago sync: STRIPE_SECRET_KEY is not set/);
    fake.restrictedKey('rk_test_kago_products_only', ['products:read']);
    const narrow = await runCli(['sync'], { ...env, STRIPE_SECRET_KEY: 'rk_test_kago_products_only' });
    assert.equal(narrow.code, 1);
    assert.match(
      narrow.stderr,
      /^kago sync: Stripe answered: The provided key 'rk_test_\*+only' does not have the required permissions .* 'rak_price_read' permission would allow this request to continue\. Nothing was changed\.\n$/,
    );
    assert.deepEqual(await snapshotCatalog(database.db), before);
  });
});
