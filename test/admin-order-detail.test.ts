/**
 * The console's order page, on SQLite and PostgreSQL: lines as bought, amounts with what was refunded, contact and
 * delivery address, shipping method, the cart's note and attributes, payment ids with the Stripe Dashboard link (test-mode pages for a test key),
 * the Refund link only while something is left to refund, the review reason, and the timeline (created, paid, mail,
 * and every audit record with who).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordAudit } from '../src/admin/audit-log.js';
import { writeToOutbox } from '../src/mail/index.js';
import { startOwnerShop, type OwnerShop } from './support/admin-orders.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { insertOrders, seedOrder, seedOrderId, SEED_T0 } from './support/order-seed.js';

const STRIPE_ORDER = seedOrder(1, {
  provider: 'stripe',
  provider_session_id: 'cs_test_a1B2c3',
  payment_intent_id: 'pi_3Pabc123',
  customer_name: '山田 花子',
  email: 'hanako@example.jp',
  lines: [
    {
      position: 1,
      cart_line_key: 'price_sencha',
      price_id: 'price_sencha',
      product_id: 'prod_sencha',
      name: 'Sencha 100g',
      unit_amount: 1200,
      quantity: 2,
      line_total: 2400,
    },
    {
      position: 2,
      cart_line_key: 'price_cup',
      price_id: 'price_cup',
      product_id: 'prod_cup',
      name: 'Tea cup <Arita>',
      unit_amount: 3000,
      quantity: 1,
      line_total: 3000,
    },
  ],
  items_amount: 5400,
  shipping_amount: 500,
  tax_amount: 536,
  total_amount: 5900,
  amount_paid: 5900,
  amount_refunded: 1200,
  refunded_at: SEED_T0 + 7_200_000,
  note: 'Leave at the door',
  attributes: JSON.stringify({ 'Gift wrap': 'Yes', _theme: 'dawn' }),
});

for (const target of databaseTargets()) {
  for (const key of ['sk_test_x', 'sk_live_x']) {
    describe(`the console's order page on ${target.name} with a ${key.slice(3, 7)} key`, { skip: target.skip }, () => {
      let database: TestDatabase;
      let shop: OwnerShop;

      before(async () => {
        database = await target.open();
        shop = await startOwnerShop(database, { STRIPE_SECRET_KEY: key, STRIPE_API_URL: 'http://127.0.0.1:9' });
        await insertOrders(database.db, [
          STRIPE_ORDER,
          seedOrder(2, { status: 'pending', amount_paid: null, paid_at: null }),
          seedOrder(3, { amount_refunded: 2900 }),
          seedOrder(4, { status: 'review', review_reason: 'amount_mismatch', amount_paid: 100 }),
        ]);
        const id = seedOrderId(1);
        const mail = {
          kind: 'order-confirmation',
          to: 'hanako@example.jp',
          replyTo: null,
          subject: 's',
          text: 't',
          html: 'h',
        };
        await writeToOutbox(
          database.db,
          [
            { ...mail, dedupeKey: `order-confirmation:${id}` },
            { ...mail, kind: 'order-confirmation', dedupeKey: `order-confirmation:${seedOrderId(3)}` },
          ],
          { now: SEED_T0 + 95_000, deliver: true, messageIdDomain: 'kago.example' },
        );
        await database.db
          .updateTable('mail_outbox')
          .set({ status: 'sent', sent_at: SEED_T0 + 100_000 })
          .where('dedupe_key', '=', `order-confirmation:${id}`)
          .execute();
        // A refund as the refunds part and Stripe's webhook record it.
        await recordAudit(database.db, {
          actor: { accountId: 1, email: 'owner@example.com', ip: '203.0.113.9' },
          action: 'refund.created',
          subjectType: 'order',
          subjectId: id,
          details: { amount: 1200, currency: 'jpy', reason: 'damaged cup' },
          at: SEED_T0 + 7_000_000,
        });
        await recordAudit(database.db, {
          actor: null,
          action: 'refund.succeeded',
          subjectType: 'order',
          subjectId: id,
          details: { amount: 1200, currency: 'jpy' },
          at: SEED_T0 + 7_200_000,
        });
      });
      after(async () => {
        await shop?.app.close();
        await database?.close();
      });

      it('shows the lines, amounts, customer, address, shipping method and payment, with the Dashboard link', async () => {
        const page = await shop.get(`/admin/orders/${seedOrderId(1)}`);
        assert.equal(page.statusCode, 200);
        assert.equal(page.headers['cache-control'], 'no-store');
        const body = page.body;
        assert.match(body, /<h1>Order 0000-0000-0001<\/h1>/);
        assert.match(body, /<caption>Items as bought<\/caption>/);
        assert.match(body, /Tea cup &lt;Arita&gt;/, 'names escaped');
        for (const [key, value] of [
          ['items', '5,400'],
          ['shipping', '500'],
          ['tax', '536'],
          ['total', '5,900'],
          ['refunded', '1,200'],
        ]) {
          assert.match(body, new RegExp(`data-amount="${key}">[￥¥]${value}<`), key);
        }
        assert.match(body, /Shipping \(Standard\)/);
        assert.match(body, /Tax \(included\)/);
        assert.match(body, /山田 花子/);
        assert.match(body, /mailto:hanako@example\.jp/);
        assert.match(body, /<dd data-address="true">〒150-0001<br\/?>東京都 渋谷区 神宮前1-2-3/);
        assert.match(body, /<code>cs_test_a1B2c3<\/code>/);
        assert.match(body, /<code>pi_3Pabc123<\/code>/);
        const dashboard = key.startsWith('sk_test_')
          ? 'https://dashboard.stripe.com/test/payments/pi_3Pabc123'
          : 'https://dashboard.stripe.com/payments/pi_3Pabc123';
        assert.ok(body.includes(`href="${dashboard}"`), dashboard);
        assert.match(body, /Paid, to ship, partly refunded/);
        assert.match(body, /<dt>Note<\/dt><dd data-order-note="true">Leave at the door<\/dd>/, "the cart's note");
        assert.match(
          body,
          /<dt>Gift wrap<\/dt><dd data-order-attribute="Gift wrap">Yes<\/dd><dt>_theme<\/dt><dd data-order-attribute="_theme">dawn<\/dd>/,
          'every attribute',
        );
      });

      it('the timeline: created, paid, the mail, the refund with who, oldest first', async () => {
        const body = (await shop.get(`/admin/orders/${seedOrderId(1)}`)).body;
        const events = [...body.matchAll(/<li data-event="([^"]+)">(.*?)<\/li>/g)].map((match) => [
          match[1],
          match[2]!.replace(/<[^>]+>/g, ''),
        ]);
        assert.deepEqual(
          events.map(([event]) => event),
          ['order.created', 'order.paid', 'mail', 'refund.created', 'refund.succeeded'],
        );
        assert.match(events[1]![1]!, /Paid through Stripe by Stripe/);
        assert.match(events[2]![1]!, /Order confirmation to hanako@example\.jp: sent by the shop/);
        assert.match(
          events[3]![1]!,
          /Refund of [￥¥]1,200 requested \(damaged cup\)\s+by owner@example\.com from 203\.0\.113\.9/,
        );
        assert.match(events[4]![1]!, /Refunded [￥¥]1,200 by Stripe/);
        assert.match(body, /<time datetime="2026-01-01T00:01:00.000Z">2026-01-01 00:01 UTC<\/time>/);
      });

      it('offers Refund while something paid is left to refund, and the ship form only for what can ship', async () => {
        const refundLink = (id: string) => `href="/admin/orders/${id}/refund"`;
        const paid = (await shop.get(`/admin/orders/${seedOrderId(1)}`)).body;
        assert.ok(paid.includes(refundLink(seedOrderId(1))));
        assert.match(paid, /data-ship-form/);
        const pending = (await shop.get(`/admin/orders/${seedOrderId(2)}`)).body;
        assert.ok(!pending.includes(refundLink(seedOrderId(2))), 'not paid: nothing to refund');
        assert.doesNotMatch(pending, /data-ship-form/);
        assert.match(pending, /Awaiting payment/);
        const refunded = (await shop.get(`/admin/orders/${seedOrderId(3)}`)).body;
        assert.ok(!refunded.includes(refundLink(seedOrderId(3))), 'refunded in full');
        assert.doesNotMatch(refunded, /data-ship-form/);
        assert.doesNotMatch(refunded, /data-dashboard/, 'a demo payment has no Dashboard page');
        const review = (await shop.get(`/admin/orders/${seedOrderId(4)}`)).body;
        assert.match(review, /Needs review: the amount paid is not the order total/);
        assert.ok(review.includes(refundLink(seedOrderId(4))));
      });

      it('an unknown order is a 404 in the console frame', async () => {
        for (const url of ['/admin/orders/NOSUCHORDER1', '/admin/orders/%3Cscript%3E']) {
          const page = await shop.get(url);
          assert.equal(page.statusCode, 404, url);
          assert.match(page.body, /Order not found|There is no order with this number/);
          assert.match(page.body, /console<\/title>/);
        }
      });
    });
  }
}
