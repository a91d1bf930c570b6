/**
 * Order mail in tests: two orders to mail (JPY with a Japanese address and tax included, USD digital with tax on top),
 * the mail module on a test database with an injected clock, and a log that keeps what it was told; a whole shop
 * that mails its orders to a real SMTP server.
 */
import { after, before } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { createMail, type Mail, type MailDeps, type OrderMail } from '../../src/mail/index.js';
import { startTestShop, type TestShop } from './app.js';
import { importCartCatalog } from './cart.js';
import type { DatabaseTarget, TestDatabase } from './databases.js';
import { startSmtpServer, type TestSmtpServer } from './smtp.js';

export const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

export const JPY_ORDER: OrderMail = {
  orderId: 'K7Q4M2XPA9TR',
  currency: 'jpy',
  lines: [
    { name: 'Sencha 100g', quantity: 2, unitAmount: 1200, lineTotal: 2400 },
    { name: 'Tea cup <Arita> & saucer', quantity: 1, unitAmount: 3000, lineTotal: 3000 },
  ],
  amounts: { items: 5400, shipping: 500, tax: 536, total: 5900 },
  taxIncluded: true,
  contact: { email: 'hanako@example.com', name: '山田 花子', phone: '+81 90-1234-5678' },
  address: {
    name: '山田 花子',
    line1: '千代田1-1',
    line2: 'Kago Bldg 3F',
    city: '千代田区',
    state: '東京都',
    postalCode: '100-0001',
    country: 'JP',
  },
  shippingName: 'Yamato (2-3 days)',
  review: false,
};

export const USD_ORDER: OrderMail = {
  orderId: 'Z9Y8X7W6V5T4',
  currency: 'usd',
  lines: [{ name: 'Tea guide (PDF)', quantity: 1, unitAmount: 2990, lineTotal: 2990 }],
  amounts: { items: 2990, shipping: 0, tax: 280, total: 3270 },
  taxIncluded: false,
  contact: { email: 'sam@example.org', name: null, phone: null },
  address: null,
  shippingName: null,
  review: false,
};

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  details: object;
  message: string;
}

export function recordingLog() {
  const entries: LogEntry[] = [];
  const record = (level: LogEntry['level']) => (details: object, message: string) =>
    void entries.push({ level, details, message });
  return {
    entries,
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    text: () => JSON.stringify(entries),
  };
}

export const SHOP_ENV = {
  MAIL_FROM: 'Kago Tea <orders@kago.example>',
  SHOP_EMAIL: 'owner@kago.example',
  BASE_URL: 'https://kago.example',
  SHOP_NAME: 'Kago Tea',
};

export interface TestMail {
  mail: Mail;
  log: ReturnType<typeof recordingLog>;
  /** The injected clock. */
  clock: { now: number };
  /** Renders the order's mails and writes them, as fulfilment will; then wakes the sender. */
  writeOrder(order: OrderMail): Promise<number>;
}

/** The mail module on `database` with `env` (SMTP_URL and friends) and a clock starting at T0. */
export function testMail(
  database: TestDatabase,
  env: Record<string, string>,
  options: Pick<MailDeps, 'transport' | 'sender'> = {},
): TestMail {
  const config = { ...loadConfig({ ...SHOP_ENV, ...env }), database: database.config };
  const log = recordingLog();
  const clock = { now: T0 };
  const mail = createMail(config, { database, now: () => clock.now, log, ...options });
  return {
    mail,
    log,
    clock,
    async writeOrder(order) {
      const written = await database.db
        .transaction()
        .execute((trx) => mail.write(trx, mail.orderMails(order), clock.now));
      mail.wake();
      return written;
    },
  };
}

/**
 * For a describe block: a shop on `target` with the cart tests' catalog that mails its orders through a real SMTP
 * server (started before the tests, stopped after). `env` adds to or overrides the mail settings.
 */
export function useMailingShop(target: DatabaseTarget, env: Record<string, string> = {}) {
  const running = {} as { database: TestDatabase; shop: TestShop; smtp: TestSmtpServer };
  before(async () => {
    running.database = await target.open();
    await importCartCatalog(running.database.db);
    running.smtp = await startSmtpServer();
    running.shop = await startTestShop(running.database, {
      env: {
        SMTP_URL: running.smtp.url,
        MAIL_FROM: 'Kago Tea <orders@kago.example>',
        SHOP_EMAIL: 'owner@kago.example',
        BASE_URL: 'https://kago.example',
        ...env,
      },
    });
  });
  after(async () => {
    await running.shop?.app.close();
    await running.smtp?.stop();
    await running.database?.close();
  });
  return running;
}
