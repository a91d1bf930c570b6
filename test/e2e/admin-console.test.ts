/**
 * The owner's console in Chromium, at desktop and phone sizes, axe-clean: sign in, find a paid demo order and ship
 * it (the shipping mail arrives at a real SMTP server), refund part of a Stripe order through the fake Stripe API,
 * and import a catalog by upload (dry run, then apply). Two shop processes share one SQLite database: one takes
 * demo payments (where the shopper pays in the browser), the other Stripe's (whose console the owner uses).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OWNER_EMAIL, OWNER_PASSWORD } from '../support/admin.js';
import { AxeReport, screenshot } from '../support/browser-checks.js';
import { DEMO, DEMO_SHOPPER, demoPayment, fillCart, startCheckout } from '../support/browser-shop.js';
import {
  CHROMIUM,
  CHROMIUM_NEEDED,
  CHROMIUM_SKIP,
  launchChromium,
  ProblemLog,
  startShopServer,
  type ShopServer,
} from '../support/browser.js';
import { csvLine, PRICE_HEADER, priceRow, writeCsvFiles } from '../support/catalog.js';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.js';
import { runCli } from '../support/processes.js';
import { deliverStripeEvent, eventually, visitor, type ShopProcess } from '../support/shop-process.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const STRIPE_KEY = 'sk_test_kago_console_e2e';
const WEBHOOK_SECRET = 'whsec_kago_console_e2e';
const TENUGUI_PRICE = { id: 'price_1ClTG6SOOZ550Y5BiKwQXpjq', unit_amount: 1320, currency: 'jpy' };
const SIZES = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const;

describe('the owner console in the browser', { skip: CHROMIUM_SKIP, timeout: 180_000 }, () => {
  let fake: FakeStripe;
  let smtp: TestSmtpServer;
  let demoShop: ShopServer;
  let stripeShop: ShopServer;
  let browser: Browser;
  const problems = new ProblemLog();
  const axe = new AxeReport();

  before(async () => {
    if (!CHROMIUM) throw new Error(CHROMIUM_NEEDED);
    fake = await startFakeStripe();
    fake.addPrice(TENUGUI_PRICE);
    smtp = await startSmtpServer();
    const mail = { SMTP_URL: smtp.url, MAIL_FROM: 'Kago Tea <orders@kago.example>' };
    demoShop = await startShopServer({ env: mail });
    const database = `sqlite:${path.join(demoShop.dataDir, 'kago.db')}`;
    stripeShop = await startShopServer({
      env: {
        ...mail,
        DATABASE_URL: database,
        STRIPE_SECRET_KEY: STRIPE_KEY,
        STRIPE_API_URL: fake.url,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
    });
    const added = await runCli(['admin', 'add', OWNER_EMAIL], { DATABASE_URL: database }, `${OWNER_PASSWORD}\n`);
    assert.equal(added.code, 0, added.stderr);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await stripeShop?.stop();
    await demoShop?.stop();
    await smtp?.stop();
    await fake?.close();
    for (const shop of [demoShop, stripeShop]) {
      const logged = (shop?.output() ?? '').split('\n').filter((line) => /"level":(50|60)\b/.test(line));
      assert.deepEqual(logged, [], `the shop logged errors:\n${logged.join('\n')}`);
    }
  });

  async function newContext(origin: string, viewport: { width: number; height: number }): Promise<BrowserContext> {
    const context = await browser.newContext({ baseURL: origin, viewport });
    context.setDefaultTimeout(10_000);
    context.on('page', (page) => problems.watch(page));
    return context;
  }

  /** Opens the console at `/admin`, is sent to sign in, signs in, and lands on the home page. */
  async function signIn(viewport: { width: number; height: number }, size: string): Promise<Page> {
    const page = await (await newContext(stripeShop.origin, viewport)).newPage();
    await page.goto('/admin');
    await page.waitForURL(/\/admin\/login\?next=%2Fadmin$/);
    await axe.check(page, `console sign-in (${size})`);
    await page.getByLabel('Email').fill(OWNER_EMAIL);
    await page.getByLabel('Password').fill(OWNER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin$/);
    await page.getByRole('heading', { name: 'Waiting to ship' }).waitFor();
    await axe.check(page, `console home (${size})`);
    await screenshot(page, 'console-home');
    return page;
  }

  /** A shopper pays for a tenugui in the browser on the demo shop; returns the order number the success page shows. */
  async function paidDemoOrder(viewport: { width: number; height: number }): Promise<void> {
    const page = await (await newContext(demoShop.origin, viewport)).newPage();
    await fillCart(page.context(), { [DEMO.tenugui.id]: 1 });
    await page.goto('/cart');
    await startCheckout(page);
    await demoPayment(page, 'Pay');
    await page.waitForURL(/\/checkout\/success\?session_id=/);
    await page.context().close();
  }

  /** A shopper checks out two tenugui through Stripe (the fake), and Stripe tells the shop it is paid. */
  async function paidStripeOrder(email: string): Promise<void> {
    const shopper = visitor();
    const added = await shopper.postJson(`${stripeShop.origin}/cart/add.js`, {
      items: [{ id: DEMO.tenugui.id, quantity: 2 }],
    });
    assert.equal(added.status, 200, added.body);
    const started = await shopper.postForm(`${stripeShop.origin}/checkout`);
    const session = [...fake.sessions.values()].find((candidate) => candidate.url === started.headers.location);
    assert.ok(session, `303 to a Checkout Session of the fake (got ${started.status} ${started.headers.location})`);
    const address = {
      line1: '1-2-3 Jingumae',
      line2: null,
      city: 'Shibuya-ku',
      state: 'Tokyo',
      postal_code: '150-0001',
      country: 'JP',
    };
    fake.completeSession(session.id, { email, name: 'Stripe Shopper', address });
    const delivered = await deliverStripeEvent(
      { url: stripeShop.origin } as ShopProcess,
      fake.event('checkout.session.completed', session.id),
      WEBHOOK_SECRET,
    );
    assert.equal(delivered.status, 200, delivered.body);
  }

  /** From the orders list: searches, opens the newest order found, and waits for its page. */
  async function openOrder(page: Page, search: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Orders' }).click();
    await page.getByLabel('Search by order number, email or name').fill(search);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('table.console-table tbody tr').first().getByRole('link').first().click();
    await page.waitForURL(/\/admin\/orders\/[0-9A-Za-z]+$/);
    await page.getByRole('heading', { name: /^Order / }).waitFor();
  }

  for (const [size, viewport] of SIZES) {
    it(`at ${size} size: finds a paid demo order and ships it; the shopper gets the tracking mail`, async () => {
      await paidDemoOrder(viewport);
      const page = await signIn(viewport, size);
      await openOrder(page, DEMO_SHOPPER.email);
      assert.match(await page.locator('main').innerText(), new RegExp(DEMO_SHOPPER.line1));
      await axe.check(page, `console order (${size})`);
      await screenshot(page, 'console-order');
      const tracking = `YT-${size}-0001`;
      await page.getByLabel('Carrier').fill('Yamato Transport');
      await page.getByLabel('Tracking number').fill(tracking);
      await page.getByLabel(/^Tracking link/).fill(`https://track.example/${tracking}`);
      await page.getByRole('button', { name: 'Mark shipped and email the customer' }).click();
      await page.getByText('Marked shipped.').waitFor();
      assert.match(await page.getByRole('heading', { name: 'Timeline' }).locator('..').innerText(), /shipped/i);
      await axe.check(page, `console order shipped (${size})`);
      await screenshot(page, 'console-order-shipped');
      await eventually('the shipping mail arrives', async () =>
        smtp.received.some((mail) => (mail.parsed.text ?? '').includes(tracking)),
      );
      const mail = smtp.received.find((received) => (received.parsed.text ?? '').includes(tracking))!;
      assert.deepEqual(mail.recipients, [DEMO_SHOPPER.email]);
      assert.ok(
        (mail.parsed.text ?? '').includes(`https://track.example/${tracking}`),
        'the mail has the tracking link',
      );
      problems.assertNone();
    });

    it(`at ${size} size: refunds part of a Stripe order through the Stripe API`, async () => {
      const email = `stripe-${size}@example.jp`;
      await paidStripeOrder(email);
      const page = await signIn(viewport, size);
      await openOrder(page, email);
      await page.getByRole('link', { name: /^Refund/ }).click();
      await page.waitForURL(/\/refund$/);
      await axe.check(page, `console refund (${size})`);
      await screenshot(page, 'console-refund');
      const before = fake.requests.filter((request) => request.path === '/v1/refunds').length;
      await page.getByLabel(/^Amount to refund/).fill('1000');
      await page.getByRole('button', { name: 'Refund' }).click();
      await page.waitForURL(/\/admin\/orders\/[0-9A-Za-z]+\?notice=refund/);
      const refunds = fake.requests.filter((request) => request.path === '/v1/refunds');
      assert.equal(refunds.length, before + 1, 'one refund asked of Stripe');
      assert.equal(String(refunds.at(-1)!.params.amount), '1000');
      assert.ok(refunds.at(-1)!.headers['idempotency-key'], 'with an idempotency key');
      const text = await page.locator('main').innerText();
      assert.match(text, /Refunded\s+¥1,000/);
      await axe.check(page, `console order refunded (${size})`);
      await screenshot(page, 'console-order-refunded');
      problems.assertNone();
    });
  }

  for (const [size, viewport] of SIZES) {
    it(`at ${size} size: imports a catalog by upload, dry run first, then apply`, async () => {
      const files = writeCsvFiles({
        'products.csv': [
          ['id', 'Name', 'Active', 'Description'],
          ['prod_console_kokeshi', 'Kokeshi doll こけし', 'true', 'Turned and painted by hand'],
        ]
          .map(csvLine)
          .join('\n'),
        'prices.csv': [PRICE_HEADER, priceRow('price_console_kokeshi', 'prod_console_kokeshi', '4400', 'jpy')]
          .map(csvLine)
          .join('\n'),
      });
      const page = await signIn(viewport, size);
      await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Import' }).click();
      await page.getByRole('heading', { name: 'Import the catalog' }).waitFor();
      await axe.check(page, `console import (${size})`);
      await page.getByLabel('products.csv').setInputFiles(files['products.csv']!);
      await page.getByLabel('prices.csv').setInputFiles(files['prices.csv']!);
      await page.getByRole('button', { name: 'Check (dry run)' }).click();
      await page.getByRole('heading', { name: 'Check the import' }).waitFor();
      assert.match(await page.locator('main').innerText(), /Products: \d+ added/);
      await axe.check(page, `console import dry run (${size})`);
      await screenshot(page, 'console-import-dry-run');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByRole('heading', { name: 'Imported' }).waitFor();
      await screenshot(page, 'console-import-applied');
      const shop = await (await newContext(demoShop.origin, viewport)).newPage();
      await shop.goto('/');
      await shop.getByText('Kokeshi doll こけし').first().waitFor();
      problems.assertNone();
    });
  }

  it('no page had serious or critical axe violations', () => {
    axe.assertClean();
  });
});
