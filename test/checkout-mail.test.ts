/**
 * Order mail from a real checkout, on SQLite and PostgreSQL: paying on the demo page writes the shopper's
 * confirmation and the shop's notice in the payment's transaction, the sender delivers them to a real SMTP server,
 * and fulfilment running again (a reload of the success page) writes and sends nothing more.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_DETAILS, shopper } from './support/checkout.js';
import { databaseTargets } from './support/databases.js';
import { useMailingShop } from './support/mail.js';
import { eventually } from './support/shop-process.js';

for (const target of databaseTargets()) {
  describe(`order mail from checkout on ${target.name}`, { skip: target.skip }, () => {
    const running = useMailingShop(target);

    it('a paid order sends its confirmation and the shop notice once, with the address and totals', async () => {
      const alice = shopper(running.shop);
      await alice.add('prod_tea', 2);
      await alice.get('/cart');
      const payUrl = (await alice.checkout()).headers.location as string;
      assert.equal(
        await running.database.db
          .selectFrom('mail_outbox')
          .select('id')
          .execute()
          .then((rows) => rows.length),
        0,
        'no mail before payment',
      );
      const paid = await alice.pay(payUrl);
      assert.equal(paid.statusCode, 303);
      const success = paid.headers.location as string;
      assert.equal((await alice.get(success)).statusCode, 200);

      const mails = await running.smtp.waitFor(2);
      const order = await running.database.db
        .selectFrom('orders')
        .select(['id', 'total_amount'])
        .executeTakeFirstOrThrow();
      const confirmation = mails.find((mail) => mail.recipients.includes(DEMO_DETAILS.email!));
      const notice = mails.find((mail) => mail.recipients.includes('owner@kago.example'));
      assert.ok(confirmation && notice, 'one mail to the shopper, one to the shop');
      for (const mail of [confirmation, notice]) {
        const text = mail.parsed.text ?? '';
        assert.ok(text.includes(order.id), 'the order number');
        assert.ok(
          text.includes(DEMO_DETAILS.city!) && text.includes(DEMO_DETAILS.postal_code!),
          'the delivery address',
        );
        assert.match(text, /￥|¥/, 'amounts in yen');
        assert.ok(mail.parsed.html && String(mail.parsed.html).includes(order.id), 'an HTML part');
      }
      assert.ok(
        (confirmation.parsed.text ?? '').includes(`https://kago.example/orders/${order.id}`),
        'a link to the order page',
      );

      // Fulfilment again: the success page reloaded twice. The outbox keeps its two rows, both sent.
      await alice.get(success);
      await alice.get(success);
      const outbox = () =>
        running.database.db.selectFrom('mail_outbox').select(['kind', 'status']).orderBy('kind').execute();
      // The server has the mail a moment before the sender records it sent.
      await eventually('both mails recorded sent', async () => (await outbox()).every((row) => row.status === 'sent'));
      assert.deepEqual(await outbox(), [
        { kind: 'order-confirmation', status: 'sent' },
        { kind: 'order-notice', status: 'sent' },
      ]);
      assert.equal(running.smtp.received.length, 2);
    });
  });
}
