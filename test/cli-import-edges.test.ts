/**
 * `kago import` with the exports a shop owner gets wrong, through the real CLI process: an Amount of 0 and a second
 * currency import with a warning; an empty Amount and a missing file are refused with `file:line:` (or `file:`) and
 * change nothing; a dry run writes nothing at all (no database file, no migration, not a byte of an existing one).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { importCatalog } from '../src/catalog/index.js';
import { catalogFiles, csvLine, PRICE_HEADER, priceRow, snapshotCatalog, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { runCli } from './support/processes.js';

const databaseUrl = (database: TestDatabase) =>
  database.config.dialect === 'sqlite' ? `sqlite:${database.config.file}` : database.config.url;

const PRODUCTS = [
  { id: 'prod_tea', name: 'Sencha' },
  { id: 'prod_cup', name: 'Cup' },
  { id: 'prod_sticker', name: 'Sticker' },
];
/** A clean catalog in JPY, imported first so every refusal has something to leave unchanged. */
const SHOP = catalogFiles(PRODUCTS, [
  { id: 'price_tea', product: 'prod_tea', amount: '1500', currency: 'jpy' },
  { id: 'price_cup', product: 'prod_cup', amount: '2000', currency: 'jpy' },
  { id: 'price_sticker', product: 'prod_sticker', amount: '100', currency: 'jpy' },
]);

function pricesFile(rows: string[][]): string {
  return writeCsvFiles({ 'prices.csv': [PRICE_HEADER, ...rows].map(csvLine).join('\n') })['prices.csv']!;
}

/**
 * Every file in `dir` with a hash of its bytes: equal listings mean nothing was written there. The `-shm` file is
 * SQLite's shared-memory index of the log, which every reader updates (no data lives there): listed, not hashed.
 */
function filesIn(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const hash = (name: string) =>
    name.endsWith('-shm')
      ? 'present'
      : createHash('sha256')
          .update(readFileSync(path.join(dir, name)))
          .digest('hex');
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, hash(name)]),
  );
}

const tempDirs: string[] = [];
after(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kago-cli-edges-'));
  tempDirs.push(dir);
  return dir;
}

for (const target of databaseTargets()) {
  describe(`kago import, what owners get wrong, on ${target.name}`, { skip: target.skip }, () => {
    // The catalog every case starts from, imported in this process: the CLI's own import is what each case runs
    // (test/cli.test.ts runs a whole one), and a `kago` process per case only for the setup cost a second of CPU.
    async function shopWithCatalog(): Promise<{ database: TestDatabase; env: Record<string, string> }> {
      const database = await target.open();
      await importCatalog(database.db, SHOP);
      return { database, env: { DATABASE_URL: databaseUrl(database) } };
    }

    it('imports an Amount of 0 and a second currency, exit 0, each warned about on its line', async () => {
      const { database, env } = await shopWithCatalog();
      try {
        const prices = pricesFile([
          priceRow('price_tea', 'prod_tea', '1500', 'jpy'),
          priceRow('price_cup', 'prod_cup', '29.90', 'usd'),
          priceRow('price_sticker', 'prod_sticker', '0', 'jpy'),
        ]);
        const result = await runCli(['import', '--prices', prices], env);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stderr, '');
        assert.deepEqual(result.stdout.trim().split('\n'), [
          'Prices: 0 added, 2 updated, 1 unchanged, 0 deactivated; 0 recurring (imported, not sold in the cart); 1 in another currency (imported, not sold); 0 skipped',
          `note: ${prices}:3: price price_cup skipped: priced in USD, and the shop sells in JPY (SHOP_CURRENCY)`,
          `warning: ${prices}:3: price price_cup is in USD, but 2 of 3 prices are in JPY: a cart holds one currency, so USD and JPY items cannot be bought together (1 USD price, the first here)`,
          `warning: ${prices}:4: Amount is 0: price price_sticker sells product prod_sticker for nothing (check the Amount if that is not meant)`,
        ]);
        // A warning imports: the prices are what the export says.
        const amounts = (await snapshotCatalog(database.db)).prices.map((price) => [
          price.id,
          Number(price.unit_amount),
          price.currency,
        ]);
        assert.deepEqual(amounts, [
          ['price_cup', 2990, 'usd'],
          ['price_sticker', 0, 'jpy'],
          ['price_tea', 1500, 'jpy'],
        ]);
      } finally {
        await database.close();
      }
    });

    it('refuses an empty Amount with file:line, exit 1, and the product stays in the shop', async () => {
      const { database, env } = await shopWithCatalog();
      try {
        const before = await snapshotCatalog(database.db);
        const prices = pricesFile([
          priceRow('price_tea', 'prod_tea', '', 'jpy'),
          priceRow('price_cup', 'prod_cup', '2000', 'jpy'),
          priceRow('price_sticker', 'prod_sticker', '100', 'jpy'),
        ]);
        const result = await runCli(['import', '--prices', prices], env);
        assert.equal(result.code, 1);
        assert.equal(result.stdout, '');
        assert.deepEqual(result.stderr.trim().split('\n'), [
          `${prices}:2: Amount is empty (give the price, like 1500 or 29.90; a price the customer chooses cannot be sold in the cart: archive it in Stripe or remove the row)`,
          'kago import: import failed with 1 problem; nothing was changed',
        ]);
        const after = await snapshotCatalog(database.db);
        assert.deepEqual(after, before);
        assert.notEqual(
          after.products.find((product) => product.id === 'prod_tea')!.listing_position,
          null,
          'still sold',
        );
      } finally {
        await database.close();
      }
    });

    it('refuses a missing file (and a folder) by name, exit 1, before the database is even opened', async () => {
      const { database, env } = await shopWithCatalog();
      try {
        const before = await snapshotCatalog(database.db);
        const dir = tempDir();
        const missing = path.join(dir, 'prices.csv');
        const result = await runCli(['import', '--products', dir, '--prices', missing], env);
        assert.equal(result.code, 1);
        assert.equal(result.stdout, '');
        assert.deepEqual(result.stderr.trim().split('\n'), [
          `${dir}: is a folder, not a CSV file`,
          `${missing}: no such file (check the path)`,
          'kago import: import failed with 2 problems; nothing was changed',
        ]);
        assert.deepEqual(await snapshotCatalog(database.db), before);
      } finally {
        await database.close();
      }
    });

    it('a dry run checks and counts against the shop, and writes nothing to it', async () => {
      const { database, env } = await shopWithCatalog();
      try {
        const before = await snapshotCatalog(database.db);
        // The test's own connection stays open, as a running server's would (on SQLite: the -wal file exists).
        const dir = database.config.dialect === 'sqlite' ? path.dirname(database.config.file) : undefined;
        const files = dir && filesIn(dir);
        const changed = catalogFiles(PRODUCTS.slice(0, 2), [
          { id: 'price_tea', product: 'prod_tea', amount: '1600', currency: 'jpy' },
          { id: 'price_cup', product: 'prod_cup', amount: '2000', currency: 'jpy' },
        ]);
        const result = await runCli(
          ['import', '--products', changed.products, '--prices', changed.prices, '--dry-run'],
          env,
        );
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(result.stdout.trim().split('\n'), [
          'Dry run: the export is valid; nothing was changed.',
          'Products: 0 added, 0 updated, 2 unchanged, 1 deactivated',
          'Prices: 0 added, 1 updated, 1 unchanged, 1 deactivated; 0 recurring (imported, not sold in the cart); 0 in another currency (imported, not sold); 0 skipped',
        ]);
        assert.deepEqual(await snapshotCatalog(database.db), before);
        if (dir) assert.deepEqual(filesIn(dir), files, 'no file in the database folder was written or added');
      } finally {
        await database.close();
      }
    });

    if (target.name === 'sqlite') {
      it('a dry run on a shop with no database yet creates no file or folder; the export is checked against an empty shop', async () => {
        const dir = tempDir();
        const file = path.join(dir, 'var', 'kago.db');
        const result = await runCli(['import', '--products', SHOP.products, '--prices', SHOP.prices, '--dry-run'], {
          DATABASE_URL: `sqlite:${file}`,
        });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /^Products: 3 added, 0 updated, 0 unchanged, 0 deactivated$/m);
        assert.deepEqual(readdirSync(dir), [], 'no var/ folder, no database file');
      });
    } else {
      it('a dry run on a new database applies no migration; on one that needs a migration it refuses, changing nothing', async () => {
        const fresh = await target.open({ migrate: false });
        try {
          const env = { DATABASE_URL: databaseUrl(fresh) };
          const result = await runCli(
            ['import', '--products', SHOP.products, '--prices', SHOP.prices, '--dry-run'],
            env,
          );
          assert.equal(result.code, 0, result.stderr);
          assert.match(result.stdout, /^Products: 3 added, 0 updated, 0 unchanged, 0 deactivated$/m);
          assert.deepEqual(await tableNames(databaseUrl(fresh)), [], 'no table was created');
        } finally {
          await fresh.close();
        }

        const { database, env } = await shopWithCatalog();
        try {
          // As after an upgrade: the code has a migration this database has not applied yet.
          const { name } = (await database.db
            .selectFrom('kysely_migration' as never)
            .select('name' as never)
            .orderBy('name' as never, 'desc')
            .executeTakeFirstOrThrow()) as { name: string };
          await database.db
            .deleteFrom('kysely_migration' as never)
            .where('name' as never, '=', name as never)
            .execute();
          const tables = await tableNames(databaseUrl(database));
          const result = await runCli(['import', '--products', SHOP.products, '--dry-run'], env);
          assert.equal(result.code, 1);
          assert.equal(result.stdout, '');
          assert.equal(
            result.stderr.trim(),
            `kago import: --dry-run: the database needs 1 migration first (${name}); a dry run writes nothing, so run \`kago migrate\`, then the dry run`,
          );
          assert.deepEqual(await tableNames(databaseUrl(database)), tables);
          assert.equal(
            await database.db
              .selectFrom('kysely_migration' as never)
              .select('name' as never)
              .where('name' as never, '=', name as never)
              .executeTakeFirst(),
            undefined,
            'not applied',
          );
        } finally {
          await database.close();
        }
      });
    }
  });
}

async function tableNames(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    return rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}
