/**
 * The console's products on SQLite and PostgreSQL: the list (price, active, stock or "not counted", search by name,
 * running low, keyset pages), a product's page with prices, stock and history, and stock counted by hand: recorded
 * in the audit log, cached shop pages refreshed, and every refusal changing nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createProductsAdmin } from '../src/admin/products-admin.js';
import { importCatalog } from '../src/catalog/index.js';
import { addOwner, OWNER_EMAIL, signInOwner } from './support/admin.js';
import { startTestShop, type TestShop } from './support/app.js';
import { csvLine, PRICE_HEADER, priceRow, snapshotCatalog, writeCsvFiles } from './support/catalog.js';
import { formBody } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { SAME_ORIGIN } from './support/http.js';

const products = [
  ['id', 'Name', 'Created (UTC)', 'Active', 'stock (metadata)'],
  ['prod_daruma', 'Daruma', '2024-01-05 00:00:00', 'true', '0'],
  ['prod_kokeshi', 'Kokeshi doll', '2024-01-04 00:00:00', 'true', '3'],
  ['prod_teapot', 'Teapot', '2024-01-03 00:00:00', 'true', '40'],
  ['prod_tenugui', 'Tenugui 100%_cotton', '2024-01-02 00:00:00', 'true', ''],
  ['prod_old', 'Old kokeshi', '2024-01-01 00:00:00', 'false', '1'],
];
const prices = [
  PRICE_HEADER,
  ...products.slice(1).map(([id]) => priceRow(`price_${id!.slice(5)}`, id!, '1500', 'jpy')),
];

const rowOf = (html: string, name: string) => {
  const row = html.split('<tr>').find((part) => part.includes(`>${name}</a></th>`));
  assert.ok(row, `a row for ${name}`);
  return row.split('</tr>')[0]!;
};
const namesIn = (html: string) =>
  [...html.matchAll(/<th scope="row"><a href="\/admin\/products\/[^"]+">([^<]+)<\/a><\/th>/g)].map((match) => match[1]);

for (const target of databaseTargets()) {
  describe(`console products on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    let cookie: string;
    const get = (url: string) => shop.app.inject({ url, headers: { cookie } });
    /** The shop's page of a product, reached by its id as an old link would (301 to its handle). */
    const shopPageOf = async (id: string) => {
      const first = await shop.app.inject(`/products/${id}`);
      return first.statusCode === 301 ? shop.app.inject(String(first.headers.location)) : first;
    };
    const post = (url: string, fields: Record<string, string>) =>
      shop.app.inject({ method: 'POST', url, headers: { ...SAME_ORIGIN, cookie }, payload: formBody(fields) });
    const version = async () =>
      Number((await database.db.selectFrom('catalog_state').select('version').executeTakeFirstOrThrow()).version);

    before(async () => {
      database = await target.open();
      const files = writeCsvFiles({
        'products.csv': products.map(csvLine).join('\n'),
        'prices.csv': prices.map(csvLine).join('\n'),
      });
      await importCatalog(database.db, { products: files['products.csv']!, prices: files['prices.csv']! });
      shop = await startTestShop(database, { env: { LOW_STOCK: '5' } });
      await addOwner(database.db);
      cookie = await signInOwner(shop.app);
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    it('lists products by name with price, active and stock, or "not counted"', async () => {
      const response = await get('/admin/products');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.deepEqual(namesIn(response.body), [
        'Daruma',
        'Kokeshi doll',
        'Old kokeshi',
        'Teapot',
        'Tenugui 100%_cotton',
      ]);
      assert.match(rowOf(response.body, 'Teapot'), /¥1,500<\/td><td>active<\/td><td>40 left<\/td>/);
      assert.match(rowOf(response.body, 'Tenugui 100%_cotton'), /<td>not counted<\/td>/);
      assert.match(rowOf(response.body, 'Old kokeshi'), /<td>inactive<\/td>/);
    });

    it('searches by name (any case, % and _ literal) and filters to active products running low', async () => {
      assert.deepEqual(namesIn((await get('/admin/products?q=KOKESHI')).body), ['Kokeshi doll', 'Old kokeshi']);
      assert.deepEqual(namesIn((await get('/admin/products?q=%25_')).body), ['Tenugui 100%_cotton']);
      assert.deepEqual(namesIn((await get('/admin/products?q=_')).body), ['Tenugui 100%_cotton']);
      assert.deepEqual(namesIn((await get('/admin/products?stock=low')).body), ['Daruma', 'Kokeshi doll']);
    });

    it('pages with a keyset cursor (the service, 2 a page), and refuses a cursor it did not make', async () => {
      const service = createProductsAdmin(database.db, { lowStock: 5 });
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await service.list({ limit: 2, after, search: 'o' });
        seen.push(...page.products.map((product) => product.name));
        after = page.next ?? undefined;
      } while (after);
      assert.deepEqual(seen, ['Kokeshi doll', 'Old kokeshi', 'Teapot', 'Tenugui 100%_cotton']);
      const page = await service.list({ limit: 2 });
      const next = await get(`/admin/products?after=${page.next}`);
      assert.deepEqual(namesIn(next.body), ['Old kokeshi', 'Teapot', 'Tenugui 100%_cotton']);
      assert.match(next.body, /<a href="\/admin\/products">First page<\/a>/);
      const bad = await get('/admin/products?after=bm90LWEtY3Vyc29y');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /This page address was not made by the shop/);
      assert.equal((await get(`/admin/products?q=${'x'.repeat(201)}`)).statusCode, 400);
    });

    it('shows a product with its prices, stock and history; an unknown one is a 404', async () => {
      const page = await get('/admin/products/prod_kokeshi');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Kokeshi doll<\/h1>/);
      assert.match(
        page.body,
        /<code>price_kokeshi<\/code><\/td><td class="num">¥1,500<\/td><td>one-time<\/td><td>unspecified<\/td><td>sold at this price<\/td>/,
      );
      assert.match(page.body, /Now: <strong>3 left<\/strong>/);
      assert.match(page.body, /No changes were made to this product in the console/);
      const missing = await get('/admin/products/prod_nope');
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /There is no product with this id/);
    });

    it("sets a count by hand: audited with who and from where, and the shop's cached pages refresh", async () => {
      const before = await version();
      const shopPage = await shopPageOf('prod_kokeshi');
      assert.match(shopPage.body, /Only 3 left/);
      const response = await post('/admin/products/prod_kokeshi/stock', { action: 'set', count: '12' });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/admin/products/prod_kokeshi?notice=stock_set#stock');
      const level = await database.db
        .selectFrom('stock_levels')
        .selectAll()
        .where('product_id', '=', 'prod_kokeshi')
        .executeTakeFirstOrThrow();
      assert.deepEqual([Number(level.on_hand), Number(level.reserved), Number(level.imported)], [12, 0, 3]);
      assert.equal(
        await version(),
        before + 1,
        'low -> plenty changes what the shop shows: the catalog version is bumped',
      );
      // Within "plenty" nothing the shop shows changes: no bump (ADR 0006).
      assert.equal((await post('/admin/products/prod_kokeshi/stock', { action: 'set', count: '20' })).statusCode, 303);
      assert.equal(await version(), before + 1);
      const page = await get('/admin/products/prod_kokeshi?notice=stock_set');
      assert.match(page.body, /The stock count was saved/);
      assert.match(page.body, /Now: <strong>20 left<\/strong>/);
      assert.match(page.body, /UTC<\/time> · owner@example\.com \([^)]+\): Stock: 3 on hand → 12 on hand<\/li>/);
      assert.match(page.body, /Stock: 12 on hand → 20 on hand/);
      const audit = await database.db
        .selectFrom('admin_audit_log')
        .selectAll()
        .where('subject_id', '=', 'prod_kokeshi')
        .orderBy('id')
        .execute();
      assert.equal(audit.length, 2);
      assert.equal(audit[0]!.action, 'stock.adjusted');
      assert.equal(audit[0]!.actor_email, OWNER_EMAIL);
      assert.deepEqual(JSON.parse(audit[0]!.details), {
        from: { onHand: 3, reserved: 0 },
        to: { onHand: 12, reserved: 0 },
      });
    });

    it('stops counting a product, and counts one that was not counted', async () => {
      assert.equal((await post('/admin/products/prod_teapot/stock', { action: 'untrack' })).statusCode, 303);
      assert.equal(
        await database.db
          .selectFrom('stock_levels')
          .select('product_id')
          .where('product_id', '=', 'prod_teapot')
          .executeTakeFirst(),
        undefined,
      );
      assert.equal((await post('/admin/products/prod_tenugui/stock', { action: 'set', count: '0' })).statusCode, 303);
      assert.match((await shopPageOf('prod_tenugui')).body, /Sold out/);
      const history = (await get('/admin/products/prod_teapot')).body;
      assert.match(history, /Stock: 40 on hand → not counted/);
    });

    it('refuses negative, non-integer, huge, empty counts and unknown products, changing nothing', async () => {
      const cases: [string, Record<string, string>, number, RegExp][] = [
        [
          'prod_kokeshi',
          { action: 'set', count: '-1' },
          422,
          /Stock &quot;-1&quot; is not a whole number from 0 to 1,000,000\. Nothing was changed\./,
        ],
        [
          'prod_kokeshi',
          { action: 'set', count: '2.5' },
          422,
          /Stock &quot;2\.5&quot; is not a whole number from 0 to 1,000,000/,
        ],
        [
          'prod_kokeshi',
          { action: 'set', count: '1000001' },
          422,
          /Stock &quot;1000001&quot; is not a whole number from 0 to 1,000,000/,
        ],
        ['prod_kokeshi', { action: 'set', count: '9'.repeat(30) }, 422, /is not a whole number from 0 to 1,000,000/],
        ['prod_kokeshi', { action: 'set', count: ' ' }, 422, /Enter the number on hand/],
        ['prod_kokeshi', { action: 'drop' }, 400, /Send the stock form/],
        ['prod_nope', { action: 'set', count: '5' }, 404, /There is no product with this id/],
        ['prod_nope', { action: 'untrack' }, 404, /There is no product with this id/],
      ];
      for (const [id, fields, status, message] of cases) {
        const catalog = await snapshotCatalog(database.db);
        const audit = await database.db.selectFrom('admin_audit_log').selectAll().execute();
        const before = await version();
        const response = await post(`/admin/products/${id}/stock`, fields);
        assert.equal(response.statusCode, status, JSON.stringify(fields));
        assert.match(response.body, message);
        if (status === 422) assert.match(response.body, /role="alert"/);
        assert.deepEqual(await snapshotCatalog(database.db), catalog);
        assert.deepEqual(await database.db.selectFrom('admin_audit_log').selectAll().execute(), audit);
        assert.equal(await version(), before);
      }
    });
  });
}
