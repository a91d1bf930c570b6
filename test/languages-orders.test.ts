/**
 * A shopper's language carried through an order (SHOP_LANGUAGES=ja,en, SHOP_TIMEZONE=Asia/Tokyo): checkout records
 * it, the demo payment page, the order page and the confirmation mail speak it, the shop's notice is in the shop's
 * default language, and every time shown is in the shop's zone, named.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_DETAILS, shopper } from './support/checkout.js';
import { databaseTargets } from './support/databases.js';
import { useMailingShop } from './support/mail.js';

const sqlite = databaseTargets()[0]!;

describe("an order in the shopper's language and the shop's time zone", () => {
  const running = useMailingShop(sqlite, { SHOP_LANGUAGES: 'en,ja', SHOP_TIMEZONE: 'Asia/Tokyo' });

  it("records a Japanese shopper's language and writes to them in Japanese, to the shop in English, times in JST", async () => {
    const hanako = shopper(running.shop, { 'accept-language': 'ja-JP,ja;q=0.9' });
    await hanako.add('prod_tea', 2);
    const cart = await hanako.get('/cart');
    assert.match(cart.body, /<h1 class="page-title">カート<\/h1>/);
    const payUrl = (await hanako.checkout()).headers.location as string;
    const order = await running.database.db
      .selectFrom('orders')
      .select(['id', 'language', 'created_at'])
      .executeTakeFirstOrThrow();
    assert.equal(order.language, 'ja');

    const demo = await hanako.get(payUrl);
    assert.match(demo.body, /<html lang="ja">/);
    assert.match(demo.body, /デモ決済/);
    const refused = await hanako.pay(payUrl, { email: 'not-an-address' });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /name@example\.com のような形式でメールアドレスを入力してください。/);

    const paid = await hanako.pay(payUrl);
    const success = await hanako.get(paid.headers.location as string);
    assert.match(success.body, /ご注文ありがとうございます/);
    const jst = new Intl.DateTimeFormat('ja-JP', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).format(Number(order.created_at));
    assert.match(jst, /JST$/);
    assert.ok(success.body.includes(`${jst} にご注文`), `the order page names the time in JST (${jst})`);

    const mails = await running.smtp.waitFor(2);
    const confirmation = mails.find((mail) => mail.recipients.includes(DEMO_DETAILS.email!))!;
    const notice = mails.find((mail) => mail.recipients.includes('owner@kago.example'))!;
    assert.match(confirmation.parsed.subject ?? '', /^kago：ご注文 .+ を承りました$/);
    const text = confirmation.parsed.text ?? '';
    assert.match(text, /をご利用いただき、ありがとうございます。/);
    assert.ok(text.includes(`ご注文日時：${jst}`), text);
    assert.match(String(confirmation.parsed.html), /<html lang="ja">/);

    assert.match(notice.parsed.subject ?? '', /^New order /);
    const enTime = new Intl.DateTimeFormat('en-US', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).format(Number(order.created_at));
    assert.ok((notice.parsed.text ?? '').includes(`Placed: ${enTime}`), notice.parsed.text);
  });
});
