/**
 * Shipping from the console, on SQLite and PostgreSQL: a paid demo order shipped with its tracking details gets one
 * audit entry and one shipping mail; the form sent twice, or two owners at once, ship it once and mail once; unpaid,
 * shipped, digital, refunded and unknown orders and bad details are refused with nothing changed; delivered once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { OWNER_EMAIL } from './support/admin.js';
import { startOwnerShop, type OwnerShop } from './support/admin-orders.js';
import { importCartCatalog } from './support/cart.js';
import { DEMO_DETAILS, shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { insertOrders, seedOrder, seedOrderId } from './support/order-seed.js';

const SHIPMENT = {
  carrier: 'Yamato Transport',
  tracking_number: '4821-0932-7716',
  tracking_url: 'https://track.example/?number=482109327716',
};

/** What shipping may change: the order's shipment columns, its audit entries and its mail. */
async function shippingState(db: Kysely<Database>, id: string) {
  return {
    order: await db
      .selectFrom('orders')
      .select(['status', 'shipped_at', 'delivered_at', 'carrier', 'tracking_number', 'tracking_url', 'updated_at'])
      .where('id', '=', id)
      .executeTakeFirst(),
    audit: await db
      .selectFrom('admin_audit_log')
      .select(['action', 'actor_email', 'details'])
      .where('subject_id', '=', id)
      .orderBy('id')
      .execute(),
    mail: await db
      .selectFrom('mail_outbox')
      .select(['dedupe_key', 'to_address', 'subject', 'text_body', 'html_body'])
      .where('kind', '=', 'order-shipped')
      .where('dedupe_key', 'like', `%${id}`)
      .execute(),
  };
}

for (const target of databaseTargets()) {
  describe(`shipping orders from the console on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: OwnerShop;

    before(async () => {
      database = await target.open();
      await importCartCatalog(database.db);
      shop = await startOwnerShop(database, { BASE_URL: 'https://kago.example' });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    it('ships a paid order: tracking recorded, one audit entry, the shipping mail, shown on the order page', async () => {
      const alice = shopper(shop);
      await alice.add('prod_tea', 2);
      const payUrl = String((await alice.checkout()).headers.location);
      assert.equal((await alice.pay(payUrl)).statusCode, 303);
      const { id } = await database.db
        .selectFrom('orders')
        .select('id')
        .where('status', '=', 'paid')
        .executeTakeFirstOrThrow();

      const listed = await shop.get('/admin/orders');
      assert.match(listed.body, new RegExp(`data-order="${id}"`), 'in "To ship"');
      const shipped = await shop.post(`/admin/orders/${id}/ship`, SHIPMENT);
      assert.equal(shipped.statusCode, 303);
      assert.equal(shipped.headers.location, `/admin/orders/${id}?notice=shipped`);

      const state = await shippingState(database.db, id);
      assert.deepEqual(
        [state.order!.carrier, state.order!.tracking_number, state.order!.tracking_url],
        [SHIPMENT.carrier, SHIPMENT.tracking_number, SHIPMENT.tracking_url],
      );
      assert.ok(state.order!.shipped_at);
      assert.deepEqual(
        state.audit.map((entry) => [entry.action, entry.actor_email, JSON.parse(entry.details)]),
        [
          [
            'order.shipped',
            OWNER_EMAIL,
            { carrier: SHIPMENT.carrier, trackingNumber: SHIPMENT.tracking_number, trackingUrl: SHIPMENT.tracking_url },
          ],
        ],
      );
      assert.equal(state.mail.length, 1);
      const [mail] = state.mail;
      assert.equal(mail!.to_address, DEMO_DETAILS.email);
      assert.match(mail!.subject, /has shipped/);
      for (const text of [
        SHIPMENT.carrier,
        SHIPMENT.tracking_number,
        SHIPMENT.tracking_url,
        DEMO_DETAILS.city!,
        `https://kago.example/orders/${id}`,
      ]) {
        assert.ok(mail!.text_body.includes(text), `the mail says ${text}`);
      }
      assert.ok(
        mail!.html_body.includes(`href="${SHIPMENT.tracking_url.replace(/&/g, '&amp;')}"`),
        'a tracking link in the HTML part',
      );

      const page = await shop.get(`/admin/orders/${id}?notice=shipped`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Marked shipped\. The customer gets the shipping mail/);
      assert.match(page.body, /<dt>Tracking number<\/dt>\s*<dd>4821-0932-7716<\/dd>/);
      assert.doesNotMatch(page.body, /data-ship-form/, 'no ship form once shipped');
      assert.match(page.body, /data-deliver-form/);
      assert.match(
        page.body,
        new RegExp(
          `<li data-event="order.shipped">.*Shipped with Yamato Transport, tracking number 4821-0932-7716.*by ${OWNER_EMAIL}`,
        ),
      );
      // The order's mail on its timeline (a real order id: the timeline finds mail by the id its dedupe key ends with).
      assert.match(page.body, /<li data-event="mail">[^\n]*?Order confirmation to hanako@example\.jp/);
      assert.match(page.body, /<li data-event="mail">[^\n]*?Shipping mail to hanako@example\.jp/);
      assert.doesNotMatch(
        (await shop.get('/admin/orders')).body,
        new RegExp(`data-order="${id}"`),
        'no longer "To ship"',
      );
      assert.match((await shop.get('/admin/orders?tab=shipped')).body, new RegExp(`data-order="${id}"`));

      // The same form sent again (a double click, a reload): refused, nothing changed, no second mail.
      const again = await shop.post(`/admin/orders/${id}/ship`, { ...SHIPMENT, carrier: 'Sagawa' });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /Already shipped/);
      assert.deepEqual(await shippingState(database.db, id), state);

      // Delivered, once.
      assert.equal((await shop.post(`/admin/orders/${id}/delivered`)).statusCode, 303);
      const delivered = await shippingState(database.db, id);
      assert.ok(delivered.order!.delivered_at);
      assert.deepEqual(
        delivered.audit.map((entry) => [entry.action, entry.actor_email]),
        [
          ['order.shipped', OWNER_EMAIL],
          ['order.delivered', OWNER_EMAIL],
        ],
      );
      const twice = await shop.post(`/admin/orders/${id}/delivered`);
      assert.equal(twice.statusCode, 409);
      assert.match(twice.body, /already marked delivered/);
      assert.deepEqual(await shippingState(database.db, id), delivered);
      assert.match((await shop.get(`/admin/orders/${id}`)).body, /<li data-event="order.delivered">.*Marked delivered/);
    });

    it('two owners shipping at once: one ships, the other is refused, one mail', async () => {
      const id = seedOrderId(100);
      await insertOrders(database.db, [seedOrder(100)]);
      const answers = await Promise.all([
        shop.post(`/admin/orders/${id}/ship`, { ...SHIPMENT, carrier: 'Yamato' }),
        shop.post(`/admin/orders/${id}/ship`, { ...SHIPMENT, carrier: 'Sagawa' }),
      ]);
      assert.deepEqual(
        answers.map((answer) => answer.statusCode).sort((a, b) => a - b),
        [303, 409],
      );
      const state = await shippingState(database.db, id);
      const winner = answers[0]!.statusCode === 303 ? 'Yamato' : 'Sagawa';
      assert.equal(state.order!.carrier, winner);
      assert.equal(state.audit.length, 1);
      assert.equal(state.mail.length, 1);
      assert.ok(state.mail[0]!.text_body.includes(`Carrier: ${winner}`));
    });

    it('refuses to ship what cannot be shipped, and details that are not valid: 4xx, nothing changed', async () => {
      await insertOrders(database.db, [
        seedOrder(201, { status: 'pending', amount_paid: null, paid_at: null }),
        seedOrder(202, { status: 'expired', amount_paid: null, paid_at: null }),
        seedOrder(203, { shipping_required: 0, ship_line1: null, ship_country: null }),
        seedOrder(204, { amount_refunded: 2900 }),
        seedOrder(205),
      ]);
      const cases: [id: string, fields: Record<string, string>, status: number, text: RegExp][] = [
        [seedOrderId(201), SHIPMENT, 409, /This order is pending, not paid/],
        [seedOrderId(202), SHIPMENT, 409, /This order is expired, not paid/],
        [seedOrderId(203), SHIPMENT, 409, /holds nothing physical/],
        [seedOrderId(204), SHIPMENT, 409, /refunded in full/],
        ['NOSUCHORDER1', SHIPMENT, 404, /There is no order with this number/],
        [seedOrderId(205), { ...SHIPMENT, carrier: '  ' }, 422, /Enter the carrier/],
        [seedOrderId(205), { ...SHIPMENT, tracking_number: '' }, 422, /Enter the tracking number/],
        [seedOrderId(205), { ...SHIPMENT, carrier: 'x'.repeat(101) }, 422, /at most 100 characters/],
        [seedOrderId(205), { ...SHIPMENT, tracking_number: 'a\nb' }, 422, /one line of text/],
        [seedOrderId(205), { ...SHIPMENT, tracking_url: 'javascript:alert(1)' }, 422, /must be a web address/],
        [seedOrderId(205), { ...SHIPMENT, tracking_url: 'ftp://track.example/1' }, 422, /must be a web address/],
        [seedOrderId(205), { ...SHIPMENT, tracking_url: 'track.example/1' }, 422, /must be a web address/],
      ];
      for (const [id, fields, status, text] of cases) {
        const before = await shippingState(database.db, id);
        const answer = await shop.post(`/admin/orders/${id}/ship`, fields);
        assert.equal(answer.statusCode, status, `${id} ${JSON.stringify(fields)}`);
        assert.match(answer.body, text);
        assert.match(answer.body, /<title>[^<]+ console<\/title>/, 'the console error page');
        assert.deepEqual(await shippingState(database.db, id), before, 'nothing changed');
      }
      assert.equal((await shop.post('/admin/orders/bad%20id!/ship', SHIPMENT)).statusCode, 404);
      // An order with no tracking link is shipped without one.
      assert.equal(
        (await shop.post(`/admin/orders/${seedOrderId(205)}/ship`, { ...SHIPMENT, tracking_url: '' })).statusCode,
        303,
      );
      assert.equal((await shippingState(database.db, seedOrderId(205))).order!.tracking_url, null);
    });

    it('refuses to mark delivered an order not shipped or unknown: 4xx, nothing changed', async () => {
      await insertOrders(database.db, [seedOrder(301)]);
      const id = seedOrderId(301);
      const before = await shippingState(database.db, id);
      const early = await shop.post(`/admin/orders/${id}/delivered`);
      assert.equal(early.statusCode, 409);
      assert.match(early.body, /has not been shipped/);
      assert.deepEqual(await shippingState(database.db, id), before);
      assert.equal((await shop.post('/admin/orders/NOSUCHORDER1/delivered')).statusCode, 404);
    });
  });
}
