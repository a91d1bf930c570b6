/**
 * The console's order list on SQLite and PostgreSQL: what each tab holds, review orders on top with their reason,
 * search by order number, email or name, keyset pages that neither skip nor repeat an order (ties in time
 * included), refusals of a bad list address, and every tab's query walking its own index.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { orderNumber } from '../src/checkout/ids.js';
import { olderThanQuery } from '../src/admin/orders/order-list.js';
import { ORDER_TABS } from '../src/admin/orders/order-filters.js';
import { listedIds, relHref, startOwnerShop, type OwnerShop } from './support/admin-orders.js';
import { clearOrders } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { insertOrders, mixedOrder, seedOrder, seedOrderId, SEED_T0 } from './support/order-seed.js';

const id = seedOrderId;

for (const target of databaseTargets()) {
  describe(`the console's order list on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: OwnerShop;

    before(async () => {
      database = await target.open();
      shop = await startOwnerShop(database);
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    describe('tabs and search', () => {
      before(async () => {
        await clearOrders(database.db);
        await insertOrders(database.db, [
          seedOrder(1),
          seedOrder(2, { shipped_at: SEED_T0 + 9e6, carrier: 'Yamato', tracking_number: 'T2' }),
          seedOrder(3, { amount_refunded: 500, refunded_at: SEED_T0 + 9e6 }),
          seedOrder(4, { status: 'review', review_reason: 'stock_gone', customer_name: '山田 花子' }),
          seedOrder(5, { status: 'pending', amount_paid: null, paid_at: null, email: null, customer_name: null }),
          seedOrder(6, { shipping_required: 0, ship_line1: null, ship_country: null }),
          seedOrder(7, { amount_refunded: 2900, refunded_at: SEED_T0 + 9e6, email: 'Percent%Off@Example.com' }),
        ]);
      });

      it('each tab lists its orders, newest first; "To ship" is the default', async () => {
        const expected: Record<string, number[]> = {
          to_ship: [3, 1],
          shipped: [2],
          refunded: [7, 3],
          review: [4],
          all: [7, 6, 5, 4, 3, 2, 1],
        };
        for (const [tab, numbers] of Object.entries(expected)) {
          const page = await shop.get(`/admin/orders?tab=${tab}`);
          assert.equal(page.statusCode, 200, tab);
          assert.deepEqual(listedIds(page.body), numbers.map(id), tab);
          assert.match(page.body, /<caption>[^<]*newest first<\/caption>/);
        }
        assert.deepEqual(listedIds((await shop.get('/admin/orders')).body), [3, 1].map(id));
      });

      it('orders needing review are at the top of every tab, with the reason', async () => {
        for (const tab of ['to_ship', 'all']) {
          const body = (await shop.get(`/admin/orders?tab=${tab}`)).body;
          const top = body.indexOf('1 order needs review');
          assert.ok(top > 0 && top < body.indexOf('<table'), 'above the list');
          assert.match(
            body,
            new RegExp(`data-review-order="${id(4)}">[\\s\\S]*?the stock was gone when the payment arrived`),
          );
        }
      });

      it('searches by order number (any case, with or without dashes, its beginning), email or name, in the tab', async () => {
        const search = async (q: string, tab = 'all') =>
          listedIds((await shop.get(`/admin/orders?tab=${tab}&q=${encodeURIComponent(q)}`)).body);
        assert.deepEqual(await search(orderNumber(id(4)).toLowerCase()), [id(4)], 'whole number, dashes, lower case');
        assert.deepEqual(await search(id(6)), [id(6)], 'whole id');
        assert.deepEqual(
          await search(id(6).slice(0, 8)),
          [7, 6, 5, 4, 3, 2, 1].map(id),
          'its beginning: every seeded id starts alike',
        );
        assert.deepEqual(await search('CUSTOMER3@example.COM'), [id(3)], 'email, any case');
        assert.deepEqual(await search('customer 2'), [id(2)], 'name, any case');
        assert.deepEqual(await search('花子'), [id(4)], 'part of a Japanese name');
        assert.deepEqual(await search('percent%off'), [id(7)], '% is a character, not a wildcard');
        assert.deepEqual(await search('%'), [id(7)]);
        assert.deepEqual(await search('_'), []);
        assert.deepEqual(await search('customer 2', 'to_ship'), [], 'only in the tab');
        const none = await shop.get('/admin/orders?tab=all&q=nobody');
        assert.match(none.body, /No orders match this search here/);
      });

      it('refuses a list address it did not make: 400 with the reason', async () => {
        for (const [url, reason] of [
          ['/admin/orders?tab=unshipped', /There is no order list called/],
          ['/admin/orders?after=12.%27%20or%201%3D1', /not one this list made/],
          [`/admin/orders?after=1.A&before=1.B`, /not both/],
          [`/admin/orders?q=${'x'.repeat(201)}`, /at most 200 characters/],
          ['/admin/orders?q=a&q=b', /one order number, email or name at a time/],
        ] as const) {
          const page = await shop.get(url);
          assert.equal(page.statusCode, 400, url);
          assert.match(page.body, reason, url);
          assert.match(page.body, /Cannot show this list/);
        }
      });
    });

    it('pages by keyset: every order once, ties in time kept apart by id, back and forth', async () => {
      await clearOrders(database.db);
      // 120 orders; 61..65 share one creation time.
      await insertOrders(
        database.db,
        Array.from({ length: 120 }, (_, i) =>
          seedOrder(i + 1, i + 1 >= 61 && i + 1 <= 65 ? { created_at: SEED_T0 + 61 * 60_000 } : {}),
        ),
      );
      const pages: string[][] = [];
      const bodies: string[] = [];
      let url: string | undefined = '/admin/orders?tab=all';
      while (url) {
        const page = await shop.get(url);
        assert.equal(page.statusCode, 200);
        pages.push(listedIds(page.body));
        bodies.push(page.body);
        url = relHref(page.body, 'next');
      }
      assert.deepEqual(
        pages.map((ids) => ids.length),
        [50, 50, 20],
      );
      const all = Array.from({ length: 120 }, (_, i) => id(120 - i));
      assert.deepEqual(pages.flat(), all, 'newest first, none skipped or repeated');
      assert.equal(relHref(bodies[0]!, 'prev'), undefined, 'the first page has no newer page');
      // Back from the last page: the page before it again, exactly.
      const back = await shop.get(relHref(bodies[2]!, 'prev')!);
      assert.deepEqual(listedIds(back.body), pages[1]);
      const first = await shop.get(relHref(back.body, 'prev')!);
      assert.deepEqual(listedIds(first.body), pages[0]);
      assert.equal(relHref(first.body, 'prev'), undefined);
    });

    it("walks each tab's own index from the cursor (no sort, no scan of other orders)", async () => {
      await clearOrders(database.db);
      await insertOrders(
        database.db,
        Array.from({ length: 5000 }, (_, i) => mixedOrder(i + 1)),
      );
      if (target.name === 'postgres') await sql`analyze`.execute(database.db); // as autovacuum would; SQLite goes without
      const plan = async (tab: (typeof ORDER_TABS)[number]) => {
        const compiled = olderThanQuery(
          database.db,
          { tab, search: '', after: { createdAt: SEED_T0 + 4000 * 60_000, id: id(4000) } },
          51,
        ).compile();
        if (target.name === 'sqlite') {
          const rows = await database.db.executeQuery<{ detail: string }>(
            CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
          );
          return rows.rows.map((row) => row.detail).join('\n');
        }
        const rows = await database.db.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
        );
        return rows.rows.map((row) => row['QUERY PLAN']).join('\n');
      };
      for (const tab of ORDER_TABS) {
        const text = await plan(tab);
        // SQLite has no statistics to weigh (the shop never runs ANALYZE): it must take the tab's own index.
        // PostgreSQL weighs them: where half the orders are in a tab, walking the newest-first index of all
        // orders and skipping the others costs it less, and it may take that; either way, no sort.
        const expected = target.name === 'sqlite' ? `orders_admin_${tab}\\b` : 'orders_admin_\\w+';
        assert.match(text, new RegExp(expected), `${tab}:\n${text}`);
        assert.doesNotMatch(text, /TEMP B-TREE|Sort/i, `${tab} needs no sort:\n${text}`);
      }
    });
  });
}
