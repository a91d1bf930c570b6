/**
 * Order mail through a real SMTP server started inside the test: what arrives (parsed with mailparser), the login,
 * and the sender's promises: an outage delays mail but loses none and sends none twice, refusals are retried or given
 * up as SMTP says, and a crash after the server accepted resends the same Message-ID (two processes sharing one
 * database: mail-two-senders.test.ts). The clock is injected; nothing waits a fixed time.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { retryDelay } from '../src/mail/retry.js';
import { smtpTransport } from '../src/mail/transports.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { JPY_ORDER, T0, testMail, USD_ORDER } from './support/mail.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './support/smtp.js';

const [sqlite] = databaseTargets();
const QUIET = { pollMs: 3_600_000 }; // rounds only when woken: the test drives them
const LOGIN = { user: 'kago', pass: 'p4ss-w0rd-secret' };
const order = (id: string) => ({ ...JPY_ORDER, orderId: id });
const messageIds = (mails: ReceivedMail[]) => mails.map((mail) => mail.parsed.messageId);

describe('order mail over SMTP', () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;

  before(async () => {
    smtp = await startSmtpServer({ login: LOGIN });
  });
  beforeEach(async () => {
    await database?.close();
    database = await sqlite!.open();
    smtp.received.length = 0;
  });
  after(async () => {
    await database?.close();
    await smtp?.stop();
  });

  it('sends the shopper a confirmation and the shop a notice: amounts in yen, the address, the order link', async () => {
    const { mail, log, writeOrder } = testMail(database, { SMTP_URL: smtp.url });
    assert.equal(await writeOrder(JPY_ORDER), 2);
    assert.deepEqual(await mail.store.list().then((rows) => rows.map((row) => row.status)), ['pending', 'pending']);
    assert.deepEqual(await mail.drain(), { sent: 2, retried: 0, failed: 0 });
    const [confirmation, notice] = smtp.received.sort((a, b) => a.recipients[0]!.localeCompare(b.recipients[0]!));
    assert.ok(confirmation && notice);

    assert.deepEqual(confirmation.recipients, ['hanako@example.com']);
    assert.equal(confirmation.user, 'kago', "logged in with SMTP_URL's user");
    assert.equal(confirmation.sender, 'orders@kago.example');
    assert.equal(confirmation.parsed.from?.text, '"Kago Tea" <orders@kago.example>');
    assert.equal(
      confirmation.parsed.to && !Array.isArray(confirmation.parsed.to) ? confirmation.parsed.to.text : '',
      'hanako@example.com',
    );
    assert.equal(confirmation.parsed.replyTo?.text, 'owner@kago.example');
    assert.equal(confirmation.parsed.subject, 'Kago Tea: your order K7Q4-M2XP-A9TR');
    const text = confirmation.parsed.text ?? '';
    for (const expected of [
      'Order number: K7Q4-M2XP-A9TR',
      '2 × Sencha 100g (¥1,200 each): ¥2,400',
      '1 × Tea cup <Arita> & saucer (¥3,000 each): ¥3,000',
      'Items: ¥5,400',
      'Shipping (Yamato (2-3 days)): ¥500',
      'Tax (included): ¥536',
      'Total: ¥5,900',
      'Delivery address:\n  〒100-0001\n  東京都 千代田区 千代田1-1\n  Kago Bldg 3F\n  山田 花子\n  Japan',
      'Your order: https://kago.example/orders/K7Q4M2XPA9TR',
    ]) {
      assert.ok(text.includes(expected), `text part has ${JSON.stringify(expected)}:\n${text}`);
    }
    const html = String(confirmation.parsed.html);
    for (const expected of [
      '<strong>K7Q4-M2XP-A9TR</strong>',
      'Tea cup &lt;Arita&gt; &amp; saucer',
      '¥5,900',
      'Tax (included)',
      '〒100-0001<br/>東京都 千代田区 千代田1-1',
      'href="https://kago.example/orders/K7Q4M2XPA9TR"',
    ]) {
      assert.ok(html.includes(expected), `html part has ${expected}`);
    }
    assert.ok(!html.includes('<Arita>'), 'product names are escaped in HTML');

    assert.deepEqual(notice.recipients, ['owner@kago.example']);
    assert.equal(notice.parsed.replyTo?.text, 'hanako@example.com', 'the shop replies to the shopper');
    assert.equal(notice.parsed.subject, 'New order K7Q4-M2XP-A9TR, ¥5,900 from 山田 花子');
    for (const expected of [
      'Customer:\n  山田 花子\n  hanako@example.com\n  +81 90-1234-5678',
      'Ship to:\n  〒100-0001',
      'Shipping: Yamato (2-3 days)',
      'Total: ¥5,900',
      'Order: https://kago.example/orders/K7Q4M2XPA9TR',
    ]) {
      assert.ok(notice.parsed.text?.includes(expected), `notice text has ${JSON.stringify(expected)}`);
    }
    assert.ok(String(notice.parsed.html).includes('href="mailto:hanako@example.com"'));

    const rows = await mail.store.list();
    assert.deepEqual(
      rows.map((row) => [row.status, row.attempts, row.sentAt]),
      [
        ['sent', 1, T0],
        ['sent', 1, T0],
      ],
    );
    assert.deepEqual(
      new Set(messageIds(smtp.received)),
      new Set(rows.map((row) => row.messageId)),
      "each mail carries its row's Message-ID",
    );
    assert.ok(!log.text().includes(LOGIN.pass), 'the password is never logged');
    await mail.stop();
  });

  it('formats dollars, puts tax on top, and leaves out the address of an order that does not ship', async () => {
    const { mail, writeOrder } = testMail(database, { SMTP_URL: smtp.url });
    await writeOrder(USD_ORDER);
    await mail.drain();
    const confirmation = smtp.received.find((received) => received.recipients[0] === 'sam@example.org');
    assert.ok(confirmation);
    const text = confirmation.parsed.text ?? '';
    for (const expected of [
      '1 × Tea guide (PDF) ($29.90 each): $29.90',
      'Items: $29.90',
      'Shipping: $0.00',
      'Tax: $2.80',
      'Total: $32.70',
    ]) {
      assert.ok(text.includes(expected), `text part has ${expected}:\n${text}`);
    }
    assert.ok(!text.includes('Delivery address') && !String(confirmation.parsed.html).includes('Delivery address'));
    assert.match(
      smtp.received.find((received) => received.recipients[0] === 'owner@kago.example')?.parsed.subject ?? '',
      /^New order Z9Y8-X7W6-V5T4, \$32\.70 from sam@example\.org$/,
    );
    await mail.stop();
  });

  it("writes an order's mail once, however often fulfilment runs, and sends it once", async () => {
    const { mail, writeOrder } = testMail(database, { SMTP_URL: smtp.url });
    assert.deepEqual(
      await Promise.all([writeOrder(JPY_ORDER), writeOrder(JPY_ORDER), writeOrder(JPY_ORDER)]).then((counts) =>
        counts.sort((a, b) => a - b),
      ),
      [0, 0, 2],
    );
    await mail.drain();
    await writeOrder(JPY_ORDER);
    await mail.drain();
    assert.equal(smtp.received.length, 2);
    await mail.stop();
  });

  it('survives the server going away mid-run: backoff by the clock, then every mail arrives exactly once', async () => {
    const { mail, clock, writeOrder } = testMail(database, { SMTP_URL: smtp.url }, { sender: QUIET });
    for (const id of ['ORDER0000001', 'ORDER0000002', 'ORDER0000003']) await writeOrder(order(id));
    smtp.afterNextMessage(() => void smtp.stop()); // the first mail gets through, then the server is gone
    mail.start();
    await mail.idle();
    assert.equal(smtp.received.length, 1);
    let rows = await mail.store.list();
    const failedFirst = rows.filter((row) => row.attempts === 1 && row.status === 'pending');
    assert.equal(failedFirst.length, 1, 'after one refused connection the round ends: the rest wait their turn');
    assert.equal(failedFirst[0]!.nextAttemptAt, T0 + 30_000);
    assert.match(failedFirst[0]!.lastError ?? '', /^E[A-Z]+$/, 'the kind of failure, nothing else');

    // The server stays away: each round tries one due mail, and a mail that failed waits for its time.
    for (let round = 0; round < 6; round += 1) {
      mail.wake();
      await mail.idle();
    }
    rows = await mail.store.list();
    assert.deepEqual(rows.map((row) => `${row.status} ${row.attempts}`).sort(), [
      'pending 1',
      'pending 1',
      'pending 1',
      'pending 1',
      'pending 1',
      'sent 1',
    ]);
    clock.now = T0 + 30_000;
    mail.wake();
    await mail.idle();
    rows = await mail.store.list();
    const twice = rows.find((row) => row.attempts === 2);
    assert.equal(twice?.nextAttemptAt, T0 + 30_000 + 60_000, 'the second wait is twice the first');

    await smtp.restart();
    mail.wake();
    await mail.idle();
    assert.equal(smtp.received.length, 5, 'everything due went out once the server was back');
    assert.equal((await mail.store.find(twice!.dedupeKey))?.status, 'pending', 'the one still waiting keeps its time');
    clock.now = T0 + 30_000 + 60_000;
    mail.wake();
    await mail.idle();
    clock.now = T0 + 86_400_000;
    mail.wake();
    await mail.idle();
    rows = await mail.store.list();
    assert.ok(rows.every((row) => row.status === 'sent'));
    assert.equal(smtp.received.length, 6);
    assert.deepEqual(
      messageIds(smtp.received).map(String).sort(),
      rows.map((row) => row.messageId).sort(),
      'each mail arrived exactly once',
    );
    await mail.stop();
  });

  it('a mail the server took but the process never recorded (it died) goes again after the lease, as the same message', async () => {
    const { mail, clock, writeOrder } = testMail(database, { SMTP_URL: smtp.url, SHOP_EMAIL: '' });
    await writeOrder(JPY_ORDER);
    // What the sender does, up to the server's 250, and then the process is gone.
    const claimed = await mail.store.claimNext(clock.now, 5 * 60_000);
    assert.ok(claimed);
    const transport = smtpTransport(smtp.url);
    await transport.send(
      {
        from: { name: 'Kago Tea', address: 'orders@kago.example' },
        to: claimed.to,
        replyTo: claimed.replyTo,
        subject: claimed.subject,
        text: claimed.text,
        html: claimed.html,
        messageId: claimed.messageId,
        date: new Date(claimed.createdAt),
        key: claimed.dedupeKey,
      },
      AbortSignal.timeout(20_000),
    );
    transport.close();
    assert.deepEqual(
      await mail.drain(),
      { sent: 0, retried: 0, failed: 0 },
      'held by the dead process until its lease ends',
    );
    clock.now += 5 * 60_000;
    assert.deepEqual(await mail.drain(), { sent: 1, retried: 0, failed: 0 });
    const [first, second] = smtp.received;
    assert.ok(first && second);
    assert.equal(second.parsed.messageId, first.parsed.messageId, 'a resend is recognisable: same Message-ID');
    assert.equal(second.parsed.date?.getTime(), first.parsed.date?.getTime(), 'and the same Date');
    assert.deepEqual(await mail.store.find(claimed.dedupeKey).then((row) => [row?.status, row?.attempts]), ['sent', 2]);
    await mail.stop();
  });

  it('retries a 4xx refusal, gives up at once on a 5xx, and on the cap of attempts: logged as errors without addresses', async () => {
    const { mail, log, clock, writeOrder } = testMail(
      database,
      { SMTP_URL: smtp.url, SHOP_EMAIL: '' },
      { sender: { maxAttempts: 3 } },
    );
    await writeOrder(order('TEMPORARY001'));
    smtp.refuseNext(451);
    assert.deepEqual(await mail.drain(), { sent: 0, retried: 1, failed: 0 });
    let row = await mail.store.find('order-confirmation:TEMPORARY001');
    assert.deepEqual([row?.status, row?.lastError, row?.nextAttemptAt], ['pending', 'EMESSAGE 451', T0 + 30_000]);
    clock.now = T0 + 30_000;
    assert.deepEqual(await mail.drain(), { sent: 1, retried: 0, failed: 0 });

    await writeOrder(order('PERMANENT001'));
    smtp.refuseNext(550);
    assert.deepEqual(await mail.drain(), { sent: 0, retried: 0, failed: 1 });
    row = await mail.store.find('order-confirmation:PERMANENT001');
    assert.deepEqual([row?.status, row?.attempts, row?.lastError], ['failed', 1, 'EMESSAGE 550']);
    assert.match(log.entries.at(-1)!.message, /given up: the mail server refused it/);
    assert.equal(log.entries.at(-1)!.level, 'error');

    await writeOrder(order('NEVERWORKS01'));
    for (const wait of [0, retryDelay(1), retryDelay(2)]) {
      clock.now += wait;
      smtp.refuseNext(421);
      await mail.drain();
    }
    row = await mail.store.find('order-confirmation:NEVERWORKS01');
    assert.deepEqual([row?.status, row?.attempts, row?.lastError], ['failed', 3, 'EMESSAGE 421']);
    assert.match(log.entries.at(-1)!.message, /given up: 3 attempts failed/);
    assert.ok(!log.text().includes('hanako@example.com'), 'no recipient address in the log');
    clock.now += 365 * 86_400_000;
    assert.deepEqual(await mail.drain(), { sent: 0, retried: 0, failed: 0 }, 'failed is final');
    assert.equal(smtp.received.length, 1);
    await mail.stop();
  });

  it('keeps retrying a wrong password (the shop fixes it) and never writes it anywhere', async () => {
    const wrong = smtp.url.replace(encodeURIComponent(LOGIN.pass), 'wrong-secret-password');
    const { mail, log, writeOrder } = testMail(database, { SMTP_URL: wrong, SHOP_EMAIL: '' });
    await writeOrder(JPY_ORDER);
    assert.deepEqual(await mail.drain(), { sent: 0, retried: 1, failed: 0 });
    const row = await mail.store.find('order-confirmation:K7Q4M2XPA9TR');
    assert.deepEqual([row?.status, row?.lastError], ['pending', 'EAUTH 535']);
    assert.ok(!log.text().includes('wrong-secret-password'));
    assert.equal(mail.destination, `smtp://127.0.0.1:${smtp.port}`, 'where mail goes is named without the login');
    await mail.stop();
  });

  it("wakes at once for mail written in its process, and finds other processes' mail by polling", async () => {
    const here = testMail(database, { SMTP_URL: smtp.url, SHOP_EMAIL: '' }, { sender: QUIET });
    here.mail.start();
    await here.mail.idle();
    await here.writeOrder(order('WRITTENHERE1')); // wakes: no poll for an hour
    assert.equal((await smtp.waitFor(1))[0]?.recipients[0], 'hanako@example.com');

    const polling = testMail(database, { SMTP_URL: smtp.url, SHOP_EMAIL: '' }, { sender: { pollMs: 20 } });
    polling.mail.start();
    const elsewhere = testMail(database, { SMTP_URL: smtp.url, SHOP_EMAIL: '' }); // another process, sender not started
    await elsewhere.writeOrder(order('WRITTENELSE1'));
    await smtp.waitFor(2);
    await Promise.all([here.mail.stop(), polling.mail.stop(), elsewhere.mail.stop()]);
    assert.deepEqual(
      (await here.mail.store.list()).map((row) => row.status),
      ['sent', 'sent'],
    );
    assert.equal(smtp.received.length, 2);
  });
});
