import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JPY_ORDER, USD_ORDER } from '../../test/support/mail.js';
import { orderMails, type OrderMail, type ShopMailSettings } from './order-mail.js';
import { addressLines } from './templates/order-summary.js';

const SHOP: ShopMailSettings = {
  shopName: 'Kago Tea',
  locale: 'en-US',
  origin: new URL('https://kago.example'),
  shopEmail: 'owner@kago.example',
};

describe('order mails', () => {
  it('makes a confirmation to the shopper and a notice to the shop, each with its dedupe key', () => {
    const [confirmation, notice] = orderMails(JPY_ORDER, SHOP);
    assert.deepEqual(
      [confirmation?.dedupeKey, confirmation?.kind, confirmation?.to, confirmation?.replyTo],
      ['order-confirmation:K7Q4M2XPA9TR', 'order-confirmation', 'hanako@example.com', 'owner@kago.example'],
    );
    assert.deepEqual(
      [notice?.dedupeKey, notice?.kind, notice?.to, notice?.replyTo],
      ['order-notice:K7Q4M2XPA9TR', 'order-notice', 'owner@kago.example', 'hanako@example.com'],
    );
  });

  it('sends no notice without SHOP_EMAIL, and no confirmation to a contact email that is not one plain address', () => {
    assert.deepEqual(
      orderMails(JPY_ORDER, { ...SHOP, shopEmail: undefined }).map((mail) => [mail.kind, mail.replyTo]),
      [['order-confirmation', null]],
    );
    for (const email of [
      'a@example.com, b@example.com',
      'Someone <a@example.com>',
      'a@example.com\r\nBcc: b@example.com',
      '',
    ]) {
      const mails = orderMails({ ...JPY_ORDER, contact: { ...JPY_ORDER.contact, email } }, SHOP);
      assert.deepEqual(
        mails.map((mail) => [mail.kind, mail.replyTo]),
        [['order-notice', null]],
        JSON.stringify(email),
      );
    }
  });

  it('escapes everything that came from the catalog or the shopper in HTML', () => {
    const hostile: OrderMail = {
      ...JPY_ORDER,
      lines: [{ name: '<script>alert(1)</script>', quantity: 1, unitAmount: 100, lineTotal: 100 }],
      contact: { email: 'hanako@example.com', name: '"><img src=x onerror=alert(1)>', phone: '<b>0</b>' },
      address: { ...JPY_ORDER.address!, line1: '<iframe src="https://evil.example">' },
      shippingName: '<i>fast</i>',
    };
    for (const mail of orderMails(hostile, SHOP)) {
      assert.ok(!/<script|<img|<iframe|<b>|<i>/.test(mail.html), `${mail.kind} has no markup from the data`);
      assert.ok(mail.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(mail.text.includes('<script>alert(1)</script>'), 'the text part is the text as it is');
    }
  });

  it('tells the shop to check a payment in review, and the shopper that it is being checked', () => {
    const [confirmation, notice] = orderMails({ ...USD_ORDER, review: true }, SHOP);
    assert.match(confirmation!.text, /The shop is checking it before your order is prepared/);
    assert.match(notice!.subject, /^Check payment: New order Z9Y8-X7W6-V5T4/);
    assert.match(notice!.text, /CHECK THE PAYMENT/);
    assert.match(notice!.html, /data-review/);
  });

  it("formats amounts and countries in the shop's locale, and links to the order on BASE_URL", () => {
    const [confirmation] = orderMails(JPY_ORDER, {
      ...SHOP,
      locale: 'ja-JP',
      origin: new URL('https://shop.example:8443'),
    });
    assert.match(confirmation!.text, /Total: ￥5,900/);
    assert.match(confirmation!.text, /\n {2}日本\n/);
    assert.match(confirmation!.text, /https:\/\/shop\.example:8443\/orders\/K7Q4M2XPA9TR/);
  });

  it('lays out addresses the way parcels are addressed', () => {
    const us = {
      name: 'Sam Smith',
      line1: '1 Main St',
      line2: 'Apt 2',
      city: 'Springfield',
      state: 'IL',
      postalCode: '62701',
      country: 'US',
    };
    assert.deepEqual(addressLines(us, 'en-US'), [
      'Sam Smith',
      '1 Main St',
      'Apt 2',
      'Springfield, IL 62701',
      'United States',
    ]);
    assert.deepEqual(
      addressLines({ ...us, line2: null, state: null, country: 'DE', city: 'Berlin', postalCode: '10115' }, 'de-DE'),
      ['Sam Smith', '1 Main St', 'Berlin 10115', 'Deutschland'],
    );
    assert.deepEqual(addressLines(JPY_ORDER.address!, 'en-US'), [
      '〒100-0001',
      '東京都 千代田区 千代田1-1',
      'Kago Bldg 3F',
      '山田 花子',
      'Japan',
    ]);
  });
});
