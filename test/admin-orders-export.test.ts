/**
 * The orders CSV: UTF-8 with a BOM, one record per order line with the address columns, the list's tab and search,
 * formula-looking cells defused, streamed in batches; refused (400) for a list address it did not make. SQLite and
 * PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { orderExport, EXPORT_COLUMNS } from '../src/admin/orders/order-export.js';
import { createOrderList } from '../src/admin/orders/order-list.js';
import { startOwnerShop, type OwnerShop } from './support/admin-orders.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { insertOrders, seedOrder, seedOrderId } from './support/order-seed.js';

const TWO_LINES = [
  {
    position: 1,
    cart_line_key: 'a',
    price_id: 'price_sencha',
    product_id: 'prod_sencha',
    name: 'Sencha 100g',
    unit_amount: 1200,
    quantity: 2,
    line_total: 2400,
  },
  {
    position: 2,
    cart_line_key: 'b',
    price_id: 'price_cup',
    product_id: 'prod_cup',
    name: '湯呑み, "Arita"',
    unit_amount: 3000,
    quantity: 1,
    line_total: 3000,
  },
];

for (const target of databaseTargets()) {
  describe(`the orders CSV on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: OwnerShop;

    before(async () => {
      database = await target.open();
      shop = await startOwnerShop(database);
      await insertOrders(database.db, [
        seedOrder(1, {
          customer_name: '=HYPERLINK("http://evil.example","click")',
          phone: '+81 90-1234-5678',
          ship_line2: '@home\nrear door',
          lines: TWO_LINES,
          items_amount: 5400,
          amount_paid: 5900,
          total_amount: 5900,
        }),
        seedOrder(2, {
          currency: 'usd',
          items_amount: 2990,
          shipping_amount: 0,
          tax_amount: 0,
          amount_paid: 2990,
          total_amount: 2990,
          lines: [{ ...TWO_LINES[0]!, unit_amount: 2990, quantity: 1, line_total: 2990 }],
        }),
        seedOrder(3, { shipped_at: Date.UTC(2026, 0, 2), carrier: 'Yamato', tracking_number: 'T3' }),
      ]);
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    it('is UTF-8 with a BOM, one record per line, with address columns, for the tab and search', async () => {
      const answer = await shop.get('/admin/orders/export.csv?tab=all');
      assert.equal(answer.statusCode, 200);
      assert.equal(answer.headers['content-type'], 'text/csv; charset=utf-8');
      assert.match(
        String(answer.headers['content-disposition']),
        /^attachment; filename="orders-all-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      assert.equal(answer.headers['cache-control'], 'no-store');
      assert.deepEqual([...answer.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM');
      const records = parse(answer.body, { bom: true, columns: true }) as Record<string, string>[];
      assert.deepEqual(Object.keys(records[0]!), [...EXPORT_COLUMNS]);
      assert.deepEqual(
        records.map((row) => [row.order_id, row.line]),
        [
          [seedOrderId(3), '1'],
          [seedOrderId(2), '1'],
          [seedOrderId(1), '1'],
          [seedOrderId(1), '2'],
        ],
        'newest first, a record per line',
      );
      const cup = records[3]!;
      assert.equal(cup.item, '湯呑み, "Arita"');
      assert.deepEqual(
        [cup.unit_price, cup.quantity, cup.line_total, cup.items_total, cup.order_total, cup.currency],
        ['3000', '1', '3000', '5400', '5900', 'JPY'],
      );
      assert.deepEqual(
        [cup.ship_postal_code, cup.ship_state, cup.ship_city, cup.ship_line1, cup.ship_country],
        ['150-0001', '東京都', '渋谷区', '神宮前1-2-3', 'JP'],
      );
      assert.equal(cup.order_number, '0000-0000-0001');
      assert.equal(records[1]!.order_total, '29.90', 'major units, exact');
      assert.equal(records[0]!.carrier, 'Yamato');
      assert.equal(records[0]!.shipped_at, '2026-01-02T00:00:00.000Z');

      const shipped = parse((await shop.get('/admin/orders/export.csv?tab=shipped')).body, {
        bom: true,
        columns: true,
      }) as Record<string, string>[];
      assert.deepEqual(
        shipped.map((row) => row.order_id),
        [seedOrderId(3)],
      );
      const searched = parse((await shop.get('/admin/orders/export.csv?tab=all&q=customer2%40example.com')).body, {
        bom: true,
        columns: true,
      }) as Record<string, string>[];
      assert.deepEqual(
        searched.map((row) => row.order_id),
        [seedOrderId(2)],
      );
    });

    it('defuses cells a spreadsheet would run as formulas', async () => {
      const records = parse((await shop.get(`/admin/orders/export.csv?tab=all&q=${seedOrderId(1)}`)).body, {
        bom: true,
        columns: true,
      }) as Record<string, string>[];
      assert.equal(records[0]!.customer_name, `'=HYPERLINK("http://evil.example","click")`);
      assert.equal(records[0]!.phone, `'+81 90-1234-5678`);
      assert.equal(records[0]!.ship_line2, `'@home\nrear door`);
    });

    it('is made a batch of orders at a time, in order, none left out', async () => {
      const chunks: string[] = [];
      for await (const chunk of orderExport(database.db, createOrderList(database.db), { tab: 'all', search: '' }, 1))
        chunks.push(chunk);
      assert.equal(chunks.length, 4, 'the header, then one chunk per order');
      const records = parse(chunks.join(''), { bom: true, columns: true }) as Record<string, string>[];
      assert.deepEqual(
        records.map((row) => row.order_id),
        [seedOrderId(3), seedOrderId(2), seedOrderId(1), seedOrderId(1)],
      );
    });

    it('refuses a list address it did not make: 400, no CSV', async () => {
      const answer = await shop.get('/admin/orders/export.csv?tab=everything');
      assert.equal(answer.statusCode, 400);
      assert.match(String(answer.headers['content-type']), /text\/html/);
      assert.match(answer.body, /There is no order list called/);
    });
  });
}
