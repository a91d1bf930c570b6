/**
 * The console's home on SQLite and PostgreSQL, at a fixed clock: paid orders and revenue per currency today and
 * this month (UTC boundaries, or SHOP_TIMEZONE's), orders waiting to ship with the link to that tab, and stock running low.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importCatalog } from '../src/catalog/index.js';
import { addOwner, signInOwner } from './support/admin.js';
import { startTestShop, type TestShop } from './support/app.js';
import { csvLine, PRICE_HEADER, priceRow, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { parsePage } from './support/page.js';

const NOW = Date.parse('2026-03-15T10:00:00Z');
const at = (iso: string) => Date.parse(iso);

const section = (html: string, id: string) => html.split(`aria-labelledby="${id}"`)[1]!.split('</section>')[0]!;

for (const target of databaseTargets()) {
  describe(`console home on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    let cookie: string;
    let n = 0;
    const order = (fields: {
      status: string;
      currency: string;
      total: number;
      paidAt?: number;
      shippedAt?: number;
      refunded?: number;
    }) =>
      database.db
        .insertInto('orders')
        .values({
          id: `ord_${++n}`,
          session_id: 's',
          status: fields.status,
          currency: fields.currency,
          total_amount: fields.total,
          amount_paid: fields.paidAt ? fields.total : null,
          paid_at: fields.paidAt ?? null,
          shipped_at: fields.shippedAt ?? null,
          shipping_required: 1,
          amount_refunded: fields.refunded ?? 0,
          cart_fingerprint: `f${n}`,
          provider: 'demo',
          checkout_expires_at: 0,
          created_at: fields.paidAt ?? NOW,
          updated_at: NOW,
        } as never)
        .execute();

    before(async () => {
      database = await target.open();
      const files = writeCsvFiles({
        'products.csv': [
          ['id', 'Name', 'Active', 'stock (metadata)'],
          ['prod_a', 'Daruma', 'true', '0'],
          ['prod_b', 'Kokeshi', 'true', '2'],
          ['prod_c', 'Teapot', 'true', '50'],
          ['prod_d', 'Gone', 'false', '1'],
        ]
          .map(csvLine)
          .join('\n'),
        'prices.csv': [PRICE_HEADER, priceRow('price_a', 'prod_a', '10', 'jpy')].map(csvLine).join('\n'),
      });
      await importCatalog(database.db, { products: files['products.csv']!, prices: files['prices.csv']! });
      await order({ status: 'paid', currency: 'jpy', total: 1500, paidAt: at('2026-03-15T00:00:00Z') });
      await order({
        status: 'paid',
        currency: 'jpy',
        total: 2500,
        paidAt: at('2026-03-15T09:59:00Z'),
        shippedAt: NOW,
        refunded: 500,
      });
      await order({ status: 'review', currency: 'usd', total: 2990, paidAt: at('2026-03-14T23:59:59Z') });
      await order({ status: 'paid', currency: 'jpy', total: 9999, paidAt: at('2026-02-28T23:59:59Z') });
      await order({ status: 'pending', currency: 'jpy', total: 7777 });
      await order({ status: 'expired', currency: 'jpy', total: 8888 });
      shop = await startTestShop(database, { env: { LOW_STOCK: '5' }, deps: { now: () => NOW } });
      await addOwner(database.db);
      cookie = await signInOwner(shop.app);
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    it('shows paid orders and revenue per currency for today and this month, in UTC', async () => {
      const response = await shop.app.inject({ url: '/admin', headers: { cookie } });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.match(response.body, /Days and months are in UTC: today is 2026-03-15 UTC/);
      const today = section(response.body, 'today');
      assert.match(today, /Today \(2026-03-15, UTC\)/);
      assert.match(
        today,
        /<th scope="row">JPY<\/th><td class="num">2<\/td><td class="num">¥4,000<\/td><td class="num">¥500<\/td>/,
      );
      assert.doesNotMatch(today, /USD/);
      const month = section(response.body, 'month');
      assert.match(month, /This month \(2026-03, UTC\)/);
      assert.match(month, /<th scope="row">JPY<\/th><td class="num">2<\/td><td class="num">¥4,000<\/td>/);
      assert.match(month, /<th scope="row">USD<\/th><td class="num">1<\/td><td class="num">\$29\.90<\/td>/);
    });

    it('names each region once: a screen reader lists the cards and their tables apart', async () => {
      const response = await shop.app.inject({ url: '/admin', headers: { cookie } });
      const page = parsePage(response.body);
      // A region's name: its aria-label, or the text of the element its aria-labelledby names.
      const nameOf = (region: Element) =>
        region.getAttribute('aria-label') ??
        page.document.getElementById(region.getAttribute('aria-labelledby') ?? '')?.textContent ??
        '';
      const names = page.getAllByRole('region').map(nameOf);
      assert.ok(names.length >= 4, `regions: ${names.join(' | ')}`);
      assert.deepEqual(
        names.filter((name, index) => names.indexOf(name) !== index),
        [],
        `regions: ${names.join(' | ')}`,
      );
      await page.close();
    });

    it('counts today and this month from midnight in SHOP_TIMEZONE, and names the zone', async () => {
      const tokyo = await startTestShop(database, {
        env: { LOW_STOCK: '5', SHOP_TIMEZONE: 'Asia/Tokyo' },
        deps: { now: () => NOW },
      });
      try {
        const response = await tokyo.app.inject({ url: '/admin', headers: { cookie: await signInOwner(tokyo.app) } });
        assert.match(
          response.body,
          /Days and months are in Asia\/Tokyo: today is 2026-03-15 Asia\/Tokyo; figures as of 2026-03-15 19:00 GMT\+9\./,
        );
        // 2026-03-14T23:59:59Z is 08:59 on the 15th in Tokyo; 2026-02-28T23:59:59Z is 08:59 on March 1st.
        const today = section(response.body, 'today');
        assert.match(today, /<th scope="row">JPY<\/th><td class="num">2<\/td><td class="num">¥4,000<\/td>/);
        assert.match(today, /<th scope="row">USD<\/th><td class="num">1<\/td><td class="num">\$29\.90<\/td>/);
        assert.match(
          section(response.body, 'month'),
          /<th scope="row">JPY<\/th><td class="num">3<\/td><td class="num">¥13,999<\/td>/,
        );
      } finally {
        await tokyo.app.close();
      }
    });

    it('counts paid orders waiting to ship, linking to that tab, and names active products running low', async () => {
      const html = (await shop.app.inject({ url: '/admin', headers: { cookie } })).body;
      assert.match(
        section(html, 'to-ship'),
        /<strong>2<\/strong> paid orders not shipped yet\. <a href="\/admin\/orders\?tab=to_ship">Orders to ship<\/a>/,
      );
      const low = section(html, 'low-stock');
      assert.match(low, /<strong>2<\/strong> active products have fewer than 5 left/);
      assert.match(low, /<a href="\/admin\/products\?stock=low">See them all<\/a>/);
      assert.match(
        low,
        /<li><a href="\/admin\/products\/prod_a">Daruma<\/a>: sold out<\/li><li><a href="\/admin\/products\/prod_b">Kokeshi<\/a>: 2 left<\/li>/,
      );
      assert.doesNotMatch(low, /Gone|Teapot/);
    });
  });
}
