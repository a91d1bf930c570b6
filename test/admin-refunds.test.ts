/**
 * Refunds from the owner's console for demo orders (offline), on SQLite and PostgreSQL: the form, full and partial
 * refunds, the amount never over what is left even with two owners at once, restocking once, the audit trail, a
 * resubmitted form refunding once, and every refusal with its status, words and nothing changed.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createRefundService } from '../src/admin/refunds/refund-service.js';
import { RefundError } from '../src/admin/refunds/errors.js';
import { addOwner, signInOwner } from './support/admin.js';
import { startTestShop, type TestShop } from './support/app.js';
import { resetCheckoutData } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { countTea, formKeyOf, paidDemoOrder, postRefund, refundRows } from './support/refunds.js';
import { parsePage, valueOf } from './support/page.js';

/** The refund form's amount field as the owner sees it filled in. */
const amountOf = (html: string) => valueOf(parsePage(html).getByLabelText(/^Amount to refund/));

for (const target of databaseTargets()) {
  describe(`console refunds of demo orders on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    let cookie: string;
    const rows = () => refundRows(database.db);
    const formOf = async (orderId: string) => {
      const page = await shop.app.inject({ url: `/admin/orders/${orderId}/refund`, headers: { cookie } });
      assert.equal(page.statusCode, 200);
      return { page, key: formKeyOf(page.body) };
    };

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
    beforeEach(async () => {
      await database.db.deleteFrom('refunds').execute();
      await database.db.deleteFrom('admin_audit_log').execute();
      await database.db.deleteFrom('stock_levels').execute();
      await resetCheckoutData(database.db);
    });

    it('the form offers what is left in major units, with a one-time key; a partial then a full refund', async () => {
      const orderId = await paidDemoOrder(shop, database.db); // 2 x 1200 + 3000 = 5400 JPY
      const { page, key } = await formOf(orderId);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.equal(amountOf(page.body), '5400');
      const partial = await postRefund(shop, cookie, orderId, { amount: '1200', reason: 'requested_by_customer', key });
      assert.deepEqual(
        [partial.statusCode, partial.headers.location],
        [303, `/admin/orders/${orderId}?notice=refunded`],
      );
      let order = (await rows()).orders[0]!;
      assert.equal(Number(order.amount_refunded), 1200);
      assert.ok(order.refunded_at);
      const again = await formOf(orderId);
      assert.notEqual(again.key, key, 'every form gets its own key');
      assert.equal(amountOf(again.page.body), '4200');
      assert.match(again.page.body, /owner@example\.com/);
      const rest = await postRefund(shop, cookie, orderId, { amount: '4200', reason: '', key: again.key });
      assert.equal(rest.statusCode, 303);
      order = (await rows()).orders[0]!;
      assert.equal(Number(order.amount_refunded), 5400);
      const audit = await database.db
        .selectFrom('admin_audit_log')
        .select(['action', 'actor_email', 'details'])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((entry) => [entry.action, entry.actor_email]),
        [
          ['refund.created', 'owner@example.com'],
          ['refund.succeeded', 'owner@example.com'],
          ['refund.created', 'owner@example.com'],
          ['refund.succeeded', 'owner@example.com'],
        ],
      );
      assert.deepEqual(
        { ...JSON.parse(audit[1]!.details), refundId: undefined },
        { refundId: undefined, amount: 1200, currency: 'jpy' },
      );
      const full = await shop.app.inject({ url: `/admin/orders/${orderId}/refund`, headers: { cookie } });
      assert.match(full.body, /Everything paid for this order is refunded/);
      assert.doesNotMatch(full.body, /name="key"/);
    });

    it('the same form sent twice (a reload, a double click) refunds once', async () => {
      const orderId = await paidDemoOrder(shop, database.db);
      const { key } = await formOf(orderId);
      const answers = await Promise.all(
        [1, 2, 3].map(() => postRefund(shop, cookie, orderId, { amount: '1000', key })),
      );
      for (const answer of answers)
        assert.deepEqual(
          [answer.statusCode, answer.headers.location],
          [303, `/admin/orders/${orderId}?notice=refunded`],
        );
      const after = await rows();
      assert.equal(after.refunds.length, 1);
      assert.equal(Number(after.orders[0]!.amount_refunded), 1000);
    });

    it('two owners refunding at once never refund more than was paid', async () => {
      const orderId = await paidDemoOrder(shop, database.db);
      const service = createRefundService({
        db: database.db,
        stripe: undefined,
        now: Date.now,
        lowStock: 5,
        log: { warn() {} },
      });
      const actor = { accountId: 1, email: 'owner@example.com', ip: null };
      for (let round = 0; round < 3; round += 1) {
        await database.db.deleteFrom('refunds').execute();
        await database.db.updateTable('orders').set({ amount_refunded: 0 }).execute();
        const results = await Promise.allSettled(
          ['a', 'b', 'c', 'd'].map((who) =>
            service.refund({
              orderId,
              amount: '2000',
              reason: null,
              restock: false,
              key: `key-${who}-${round}-0123456789abcdef`,
              actor,
            }),
          ),
        );
        const made = results.filter((result) => result.status === 'fulfilled');
        const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
        assert.equal(made.length, 2, '2 x 2000 fit in 5400, a third does not');
        for (const refusal of refused) assert.equal((refusal.reason as RefundError).code, 'amount_over_remaining');
        assert.equal(Number((await rows()).orders[0]!.amount_refunded), 4000);
      }
    });

    it('restock puts the items back once, for the first refund that asks', async () => {
      await countTea(database.db, 5);
      const orderId = await paidDemoOrder(shop, database.db, 2);
      assert.equal((await rows()).stock[0]!.on_hand, 3);
      const { page, key } = await formOf(orderId);
      assert.match(page.body, /name="restock"/);
      assert.equal((await postRefund(shop, cookie, orderId, { amount: '1000', restock: '1', key })).statusCode, 303);
      assert.deepEqual(
        (await rows()).stock.map((row) => [row.on_hand, row.reserved]),
        [[5, 0]],
      );
      const second = await formOf(orderId);
      assert.doesNotMatch(second.page.body, /name="restock"/, 'nothing left to put back');
      assert.equal(
        (await postRefund(shop, cookie, orderId, { amount: '1000', restock: '1', key: second.key })).statusCode,
        303,
      );
      assert.deepEqual(
        (await rows()).stock.map((row) => [row.on_hand, row.reserved]),
        [[5, 0]],
      );
      const succeeded = await database.db
        .selectFrom('admin_audit_log')
        .select('details')
        .where('action', '=', 'refund.succeeded')
        .orderBy('id')
        .execute();
      assert.deepEqual(JSON.parse(succeeded[0]!.details).restocked, [{ productId: 'prod_tea', quantity: 2 }]);
    });

    it('refusals: over what is left, zero, malformed, unpaid order, unknown order, a used form: status, words, nothing changed', async () => {
      const orderId = await paidDemoOrder(shop, database.db);
      const { key } = await formOf(orderId);
      assert.equal((await postRefund(shop, cookie, orderId, { amount: '400', key })).statusCode, 303);
      const before = await rows();
      const cases: [fields: Record<string, string>, status: number, words: RegExp][] = [
        [{ amount: '5001' }, 422, /The amount is more than is left to refund.*5000 JPY is left to refund/s],
        [{ amount: '0' }, 422, /The amount must be more than zero/],
        [{ amount: '12.5' }, 422, /The amount is not an amount.*JPY has no decimals/s],
        [{ amount: '1,000' }, 422, /The amount is not an amount/],
        [{ amount: '-5' }, 422, /The amount is not an amount/],
        [{ amount: '100', reason: 'because' }, 422, /Unknown reason/],
        [{ amount: '100', key: '' }, 400, /This form is incomplete/],
        [{ amount: '999', key }, 409, /This form was sent before/],
      ];
      for (const [fields, status, words] of cases) {
        const fresh = (await formOf(orderId)).key;
        const answer = await postRefund(shop, cookie, orderId, { key: fresh, ...fields });
        assert.equal(answer.statusCode, status, JSON.stringify(fields));
        assert.match(answer.body, words, JSON.stringify(fields));
        assert.match(answer.body, /role="alert"/);
        assert.equal(answer.headers['cache-control'], 'no-store');
        assert.deepEqual(await rows(), before, `nothing changed: ${JSON.stringify(fields)}`);
      }
      // The refused form keeps what the owner typed.
      const kept = await postRefund(shop, cookie, orderId, {
        amount: '5001',
        reason: 'duplicate',
        key: (await formOf(orderId)).key,
      });
      assert.equal(amountOf(kept.body), '5001');
      assert.equal(valueOf(parsePage(kept.body).getByLabelText('Reason')), 'duplicate');

      await database.db
        .updateTable('orders')
        .set({ status: 'pending', amount_paid: null })
        .where('id', '=', orderId)
        .execute();
      const unpaidBefore = await rows();
      const unpaid = await postRefund(shop, cookie, orderId, { amount: '100', key: 'unpaid-key-0123456789abcdef' });
      assert.equal(unpaid.statusCode, 409);
      assert.match(unpaid.body, /This order has not been paid/);
      assert.deepEqual(await rows(), unpaidBefore);
      const unknown = await postRefund(shop, cookie, 'NOSUCHORDER1', {
        amount: '100',
        key: 'unknown-key-0123456789abcdef',
      });
      assert.equal(unknown.statusCode, 404);
      assert.equal(
        (await shop.app.inject({ url: '/admin/orders/NOSUCHORDER1/refund', headers: { cookie } })).statusCode,
        404,
      );
      assert.deepEqual(await rows(), unpaidBefore);
    });
  });
}
