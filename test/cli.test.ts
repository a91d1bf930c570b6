/** `kago` on the command line, as a shop owner runs it: exit codes, summaries and file:line problems. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvLine, MESSY, PRICE_HEADER, priceRow, snapshotCatalog, writeCsvFiles } from './support/catalog.js';
import { databaseTargets } from './support/databases.js';
import { runCli } from './support/processes.js';

function databaseUrl(config: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string }): string {
  return config.dialect === 'sqlite' ? `sqlite:${config.file}` : config.url;
}

describe('kago --help', () => {
  it('prints the commands and exits 0', async () => {
    const result = await runCli(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: kago <command>/);
    assert.match(result.stdout, /import --products <products.csv> --prices <prices.csv>/);
  });

  it('exits 2 on an unknown command or option, saying what is wrong', async () => {
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /kago: unknown command "frobnicate"/);
    const badOption = await runCli(['import', '--product', 'x.csv']);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /Unknown option '--product'/);
    const noFiles = await runCli(['import']);
    assert.equal(noFiles.code, 2);
    assert.match(noFiles.stderr, /give --products <file>, --prices <file>, or both/);
  });

  it('stops with one line naming a bad variable', async () => {
    const result = await runCli(['migrate'], { DATABASE_URL: 'mysql://nope' });
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), 'kago: DATABASE_URL: must start with sqlite: or postgres://');
  });
});

for (const target of databaseTargets()) {
  describe(`kago import on ${target.name}`, { skip: target.skip }, () => {
    it('imports and prints a summary, exit 0; a bad export prints file:line problems, exit 1, nothing changed', async () => {
      const database = await target.open({ migrate: false });
      try {
        const env = { DATABASE_URL: databaseUrl(database.config) };
        const migrate = await runCli(['migrate'], env);
        assert.equal(migrate.code, 0, migrate.stderr);
        assert.match(migrate.stdout, /Applied: 0001_catalog, 0002_sessions_carts/);

        const good = await runCli(['import', '--products', MESSY.products, '--prices', MESSY.prices], env);
        assert.equal(good.code, 0, good.stderr);
        assert.match(good.stdout, /^Products: 5 added, 0 updated, 0 unchanged, 0 deactivated$/m);
        assert.match(
          good.stdout,
          /^Prices: 7 added, 0 updated, 0 unchanged, 0 deactivated; 1 recurring \(imported, not sold in the cart\); 2 in another currency \(imported, not sold\); 1 skipped$/m,
        );
        assert.match(good.stdout, /^note: .*prices\.csv:7: price price_D2 skipped: tiered pricing/m);

        const before = await snapshotCatalog(database.db);
        const bad = writeCsvFiles({
          'prices.csv': [
            PRICE_HEADER,
            priceRow('price_X', 'prod_A', '1,500', 'jpy'),
            priceRow('price_Y', 'prod_nope', '10', 'usd'),
          ]
            .map(csvLine)
            .join('\n'),
        });
        const failed = await runCli(['import', '--prices', bad['prices.csv']!], env);
        assert.equal(failed.code, 1);
        const lines = failed.stderr.trim().split('\n');
        assert.equal(lines[0], `${bad['prices.csv']}:2: "1,500" is not a plain decimal amount like 29.90`);
        assert.equal(lines[1], `${bad['prices.csv']}:3: price price_Y is for unknown product prod_nope`);
        assert.equal(lines[2], 'kago import: import failed with 2 problems; nothing was changed');
        assert.deepEqual(await snapshotCatalog(database.db), before);

        const dry = await runCli(['import', '--products', MESSY.products, '--dry-run'], env);
        assert.equal(dry.code, 0);
        assert.match(dry.stdout, /^Dry run: the export is valid; nothing was changed\.$/m);
      } finally {
        await database.close();
      }
    });
  });
}
