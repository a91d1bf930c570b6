/**
 * Where order mail goes without SMTP_URL: `.eml` files under DATA_DIR/mail in development (the offline demo shows
 * them), and nowhere in production, where the outbox records each mail as skipped and the start warns.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { configWarnings, loadConfig } from '../src/config.js';
import { orderMails } from '../src/mail/order-mail.js';
import { writeToOutbox } from '../src/mail/outbox.js';
import { startTestShop } from './support/app.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { JPY_ORDER, T0, testMail } from './support/mail.js';

const [sqlite] = databaseTargets();
const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'mDH+sGBUds8Zix9bIIh8KmNKEVYDMOvyoXbWoyGSJrw=',
  STRIPE_SECRET_KEY: 'sk_test_kago_not_a_real_key',
  STRIPE_WEBHOOK_SECRET: 'whsec_x',
};

describe('order mail without SMTP_URL', () => {
  let database: TestDatabase;
  let dataDir: string;

  before(async () => {
    database = await sqlite!.open();
    dataDir = mkdtempSync(path.join(tmpdir(), 'kago-mail-'));
  });
  after(async () => {
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('in development, writes each mail as an .eml file under DATA_DIR/mail and logs where', async () => {
    const { mail, log, writeOrder } = testMail(database, { DATA_DIR: dataDir });
    const dir = path.join(dataDir, 'mail');
    assert.equal(mail.mode, 'files');
    assert.equal(mail.destination, dir);
    assert.ok(!existsSync(dir), 'nothing is created before the first mail');
    await writeOrder(JPY_ORDER);
    assert.deepEqual(await mail.drain(), { sent: 2, retried: 0, failed: 0 });
    assert.deepEqual(readdirSync(dir).sort(), ['order-confirmation-K7Q4M2XPA9TR.eml', 'order-notice-K7Q4M2XPA9TR.eml']);
    const file = path.join(dir, 'order-confirmation-K7Q4M2XPA9TR.eml');
    const parsed = await simpleParser(readFileSync(file));
    assert.equal(parsed.subject, 'Kago Tea: your order K7Q4-M2XP-A9TR');
    assert.equal(parsed.from?.text, '"Kago Tea" <orders@kago.example>');
    assert.match(parsed.text ?? '', /Total: ¥5,900/);
    assert.match(String(parsed.html), /Tea cup &lt;Arita&gt; &amp; saucer/);
    const rows = await mail.store.list();
    assert.ok(rows.some((row) => row.messageId === parsed.messageId));
    assert.ok(rows.every((row) => row.status === 'sent'));
    assert.ok(log.entries.some((entry) => entry.level === 'info' && entry.message === `mail written to ${file}`));
    await mail.stop();
  });

  it('in production, sends nothing: the outbox records the mail as skipped and the start warns', async () => {
    const { mail, writeOrder } = testMail(database, { ...PRODUCTION, DATA_DIR: dataDir });
    assert.equal(mail.mode, 'off');
    await writeOrder({ ...JPY_ORDER, orderId: 'PRODUCTION01' });
    assert.deepEqual(await mail.drain(), { sent: 0, retried: 0, failed: 0 });
    const rows = (await mail.store.list()).filter((row) => row.dedupeKey.endsWith(':PRODUCTION01'));
    assert.deepEqual(
      rows.map((row) => row.status),
      ['skipped', 'skipped'],
    );
    assert.ok(!readdirSync(path.join(dataDir, 'mail')).some((name) => name.includes('PRODUCTION01')));
    const config = loadConfig({ ...PRODUCTION, BASE_URL: 'https://kago.example' });
    assert.match(configWarnings(config).join('\n'), /SMTP_URL is not set: no order mail is sent/);
    assert.doesNotMatch(
      configWarnings(
        loadConfig({
          ...PRODUCTION,
          BASE_URL: 'https://kago.example',
          SMTP_URL: 'smtp://mail.example:587',
          MAIL_FROM: 'a@kago.example',
          SHOP_EMAIL: 'o@kago.example',
        }),
      ).join('\n'),
      /SMTP_URL|SHOP_EMAIL/,
    );
    await mail.stop();
  });

  it("the shop's sender runs from the start and finishes what it sends before the shop closes", async () => {
    const written = orderMails(
      { ...JPY_ORDER, orderId: 'LEFTBEFORE01' },
      { shopName: 'Kago Tea', locale: 'en-US', origin: new URL('http://127.0.0.1:3000'), shopEmail: undefined },
    );
    // Mail left in the outbox by a process that stopped before sending it.
    await writeToOutbox(database.db, written, { now: T0, deliver: true, messageIdDomain: 'localhost' });
    const { app } = await startTestShop(database, { env: { DATA_DIR: dataDir } });
    await app.close();
    assert.ok(existsSync(path.join(dataDir, 'mail', 'order-confirmation-LEFTBEFORE01.eml')));
    assert.equal(
      (
        await database.db
          .selectFrom('mail_outbox')
          .select('status')
          .where('dedupe_key', '=', 'order-confirmation:LEFTBEFORE01')
          .executeTakeFirst()
      )?.status,
      'sent',
    );
  });
});
