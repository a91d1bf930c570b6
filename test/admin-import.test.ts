/**
 * Catalog import by upload on SQLite and PostgreSQL: a dry run that prints what `kago import` prints (report,
 * problems with file and line), then "Apply" of exactly the previewed files, audited; the size limit (413), a
 * catalog that changed between preview and apply, and uploads that are gone, all changing nothing. Uploads never
 * outlive the request in the temp folder.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_UPLOAD_BYTES } from '../src/admin/catalog-uploads.js';
import { TEMP_PREFIX } from '../src/admin/private-temp.js';
import { formatImportReport, importCatalog, type ImportProblem } from '../src/catalog/index.js';
import { addOwner, signInOwner } from './support/admin.js';
import { startTestShop, type TestShop } from './support/app.js';
import { csvLine, MESSY, PRICE_HEADER, priceRow, snapshotCatalog, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { runCli } from './support/processes.js';

// This file's own temp folder, so "no upload left behind" sees only this process's uploads.
process.env.TMPDIR = mkdtempSync(path.join(tmpdir(), 'kago-admin-import-'));
const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith(TEMP_PREFIX));

type Upload = Record<string, { filename: string; content: string | Buffer }>;

function multipart(files: Upload): { body: Buffer; contentType: string } {
  const boundary = '----kagoTestBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [field, { filename, content }] of Object.entries(files)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
    );
    parts.push(Buffer.isBuffer(content) ? content : Buffer.from(content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const messyUpload = (): Upload => ({
  products: { filename: 'products.csv', content: readFileSync(MESSY.products) },
  prices: { filename: 'prices.csv', content: readFileSync(MESSY.prices) },
});
const reportIn = (html: string) =>
  /<pre class="console-report">([^<]*)<\/pre>/
    .exec(html)?.[1]
    ?.replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

for (const target of databaseTargets()) {
  describe(`catalog import by upload on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    let cookie: string;
    const upload = (files: Upload, as = cookie) => {
      const { body, contentType } = multipart(files);
      return shop.app.inject({
        method: 'POST',
        url: '/admin/import',
        headers: { 'sec-fetch-site': 'same-origin', 'content-type': contentType, cookie: as },
        payload: body,
      });
    };
    const apply = (location: string, as = cookie) =>
      shop.app.inject({
        method: 'POST',
        url: `${location}/apply`,
        headers: { 'sec-fetch-site': 'same-origin', cookie: as },
      });
    const audit = () =>
      database.db.selectFrom('admin_audit_log').selectAll().where('action', '=', 'catalog.imported').execute();

    before(async () => {
      database = await target.open();
      shop = await startTestShop(database);
      await addOwner(database.db);
      cookie = await signInOwner(shop.app);
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    it('dry-runs the messy export, shows what the CLI would print, changes nothing; Apply imports it, audited', async () => {
      const before = await snapshotCatalog(database.db);
      const response = await upload(messyUpload());
      assert.equal(response.statusCode, 303, response.body);
      const location = response.headers.location as string;
      assert.match(location, /^\/admin\/import\/[0-9a-f]{32}$/);
      assert.deepEqual(await snapshotCatalog(database.db), before, 'the dry run changed nothing');
      assert.deepEqual(leftovers(), []);

      const preview = await shop.app.inject({ url: location, headers: { cookie } });
      assert.equal(preview.statusCode, 200);
      // What `kago import --dry-run --products products.csv --prices prices.csv` prints, from the same formatter.
      const expected = await importCatalog(database.db, MESSY, { dryRun: true });
      const rename = (problem: ImportProblem) => ({ ...problem, file: path.basename(problem.file) });
      const named = { ...expected, notes: expected.notes.map(rename), warnings: expected.warnings.map(rename) };
      assert.equal(reportIn(preview.body), formatImportReport(named));
      assert.match(
        reportIn(preview.body)!,
        /^Dry run: the export is valid; nothing was changed\.\nProducts: 5 added, 0 updated, 0 unchanged, 0 deactivated\n/,
      );
      assert.match(reportIn(preview.body)!, /note: prices\.csv:\d+: /);
      assert.match(
        reportIn(preview.body)!,
        /warning: prices\.csv:8: price price_E is in USD, but 4 of 6 prices are in JPY/,
      );

      const applied = await apply(location);
      assert.equal(applied.statusCode, 303);
      const id = location.split('/').pop()!;
      assert.equal(applied.headers.location, `/admin/import?imported=${id}`);
      const after = await snapshotCatalog(database.db);
      assert.deepEqual(
        after.products.map((product) => product.id),
        ['prod_A', 'prod_B', 'prod_C', 'prod_D', 'prod_E'],
      );
      const result = await shop.app.inject({ url: applied.headers.location, headers: { cookie } });
      assert.equal(reportIn(result.body), formatImportReport({ ...named, dryRun: false }));
      const [entry, ...more] = await audit();
      assert.equal(more.length, 0);
      assert.equal(entry!.actor_email, 'owner@example.com');
      assert.equal(entry!.subject_id, id);
      const details = JSON.parse(entry!.details);
      assert.deepEqual(details.products, { added: 5, updated: 0, unchanged: 0, deactivated: 0 });
      assert.deepEqual(details.files, { products: 'products.csv', prices: 'prices.csv' });

      // Applied once: again (a double click, a reload) is refused and changes nothing.
      const again = await apply(location);
      assert.equal(again.statusCode, 404);
      assert.match(again.body, /This upload is not waiting to be applied/);
      assert.deepEqual(await snapshotCatalog(database.db), after);
      assert.equal((await audit()).length, 1);
      assert.deepEqual(leftovers(), []);
    });

    it('lists every problem with file and line exactly as the CLI prints them, and keeps nothing', async () => {
      const files = writeCsvFiles({
        'products.csv': ['id,Name', 'prod_x,X', 'prod_x,Again'].join('\n'),
        'prices.csv': [
          PRICE_HEADER,
          priceRow('price_x', 'prod_x', '12.345', 'usd'),
          priceRow('price_y', 'prod_nope', '10', 'xxx'),
        ]
          .map(csvLine)
          .join('\n'),
      });
      const cli = await runCli(
        ['import', '--products', files['products.csv']!, '--prices', files['prices.csv']!, '--dry-run'],
        { DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' },
      );
      assert.equal(cli.code, 1, cli.stderr);
      const dir = `${path.dirname(files['products.csv']!)}/`;
      const cliLines = cli.stderr
        .trim()
        .split('\n')
        .map((line) => line.replaceAll(dir, '').replace(/^kago import: /, ''));
      const before = await snapshotCatalog(database.db);
      const uploadsBefore = await database.db.selectFrom('admin_catalog_uploads').selectAll().execute();
      const response = await upload({
        products: { filename: 'products.csv', content: readFileSync(files['products.csv']!) },
        prices: { filename: 'prices.csv', content: readFileSync(files['prices.csv']!) },
      });
      assert.equal(response.statusCode, 422);
      assert.match(response.body, /Problems: nothing was imported/);
      assert.deepEqual(reportIn(response.body)!.split('\n'), cliLines);
      assert.ok(cliLines.length >= 4, cli.stderr);
      assert.deepEqual(await snapshotCatalog(database.db), before);
      assert.deepEqual(await database.db.selectFrom('admin_catalog_uploads').selectAll().execute(), uploadsBefore);
      assert.deepEqual(leftovers(), []);
    });

    it(`refuses a file over ${MAX_UPLOAD_BYTES / 1024 / 1024} MB with 413, an unexpected file, and no file, changing nothing`, async () => {
      const before = await snapshotCatalog(database.db);
      const huge = Buffer.alloc(MAX_UPLOAD_BYTES + 1, 'a');
      const cases: [Upload, number, RegExp][] = [
        [
          { products: { filename: 'products.csv', content: huge } },
          413,
          /Each export may be at most 10 MB\. Nothing was imported/,
        ],
        [
          { ...messyUpload(), extra: { filename: 'x.csv', content: 'a' } },
          400,
          /Send one products export \(products\) and one prices export \(prices\), nothing else/,
        ],
        [{ products: { filename: '', content: '' } }, 422, /Choose products\.csv, prices\.csv, or both/],
      ];
      for (const [files, status, message] of cases) {
        const response = await upload(files);
        assert.equal(response.statusCode, status);
        assert.match(response.body, message);
        assert.deepEqual(await snapshotCatalog(database.db), before);
        assert.deepEqual(leftovers(), [], 'the temp folder is removed on refusals too');
      }
      assert.equal((await database.db.selectFrom('admin_catalog_uploads').selectAll().execute()).length, 0);
    });

    it('refuses to apply when the catalog changed since the preview, shows the new preview, then applies that', async () => {
      const { body } = await shop.app.inject({ url: '/admin/products', headers: { cookie } });
      assert.match(body, /Archived thing/);
      const renamed = Buffer.from(
        readFileSync(MESSY.products, 'utf8').replace('Archived thing,Gone', 'Archived thing,Gone for good'),
      );
      const location = (await upload({ products: { filename: 'products.csv', content: renamed } })).headers
        .location as string;
      const preview = await shop.app.inject({ url: location, headers: { cookie } });
      assert.match(reportIn(preview.body)!, /Products: 0 added, 1 updated, 4 unchanged, 0 deactivated/);
      // Meanwhile the CLI (or another owner) imports the same change.
      const cliFiles = writeCsvFiles({ 'products.csv': renamed.toString() });
      await importCatalog(database.db, { products: cliFiles['products.csv']! });
      const before = await snapshotCatalog(database.db);
      const refused = await apply(location);
      assert.equal(refused.statusCode, 303);
      assert.equal(refused.headers.location, `${location}?notice=catalog_changed`);
      assert.deepEqual(await snapshotCatalog(database.db), before);
      const auditBefore = (await audit()).length;
      const again = await shop.app.inject({ url: refused.headers.location, headers: { cookie } });
      assert.match(again.body, /The catalog changed since this preview/);
      assert.match(reportIn(again.body)!, /Products: 0 added, 0 updated, 5 unchanged, 0 deactivated/);
      assert.equal((await apply(location)).statusCode, 303);
      assert.equal((await audit()).length, auditBefore + 1);
    });

    it("keeps an upload to the owner who made it: another owner's apply is refused", async () => {
      await addOwner(database.db, 'other@example.com');
      const other = await signInOwner(shop.app, 'other@example.com');
      const location = (await upload(messyUpload())).headers.location as string;
      const before = await snapshotCatalog(database.db);
      assert.equal((await shop.app.inject({ url: location, headers: { cookie: other } })).statusCode, 404);
      const refused = await apply(location, other);
      assert.equal(refused.statusCode, 404);
      assert.deepEqual(await snapshotCatalog(database.db), before);
      assert.equal((await shop.app.inject({ url: '/admin/import/not-an-id', headers: { cookie } })).statusCode, 404);
    });
  });
}
