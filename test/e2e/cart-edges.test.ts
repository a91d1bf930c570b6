/**
 * The cart's rough edges in Chromium, with and without JavaScript, at phone and desktop sizes: the quantity typed is
 * what checkout uses; lines no longer sold are shown and counted apart and checkout goes ahead without them; "Clear
 * cart" asks first; the policy pages (特定商取引法に基づく表記) linked from the footer and beside Checkout, in
 * Japanese and English. Axe-clean, photographed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { AxeReport, expectText, screenshot, screenshotSummary } from '../support/browser-checks.js';
import { cartQuantities, checkoutButton, DEMO, expectHeaderCount, fillCart } from '../support/browser-shop.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';
import { FILLED_LEGAL_NOTICE } from '../support/policies.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const SIZES = [
  ['phone', PHONE],
  ['desktop', {}],
] as const;

const policyDir = mkdtempSync(path.join(tmpdir(), 'kago-e2e-policies-'));
writeFileSync(
  path.join(policyDir, 'legal-notice.md'),
  FILLED_LEGAL_NOTICE.replace('seller value', '株式会社かご').replace(
    'returns value',
    '商品到着後8日以内にご連絡ください。',
  ),
);
writeFileSync(path.join(policyDir, 'privacy-policy.md'), '# Privacy policy\n\nWe keep only what your order needs.\n');

describe('cart edges in the browser', { skip: CHROMIUM_SKIP, timeout: 180_000 }, () => {
  const shop = useBrowserShop({ env: { POLICY_DIR: policyDir, SHOP_LANGUAGES: 'en,ja' } });
  after(() => {
    const summary = screenshotSummary();
    if (summary) console.log(summary);
  });

  /** A page (with or without JavaScript) whose cart holds `items`, on /cart. */
  async function cartPage(options: object, items: Record<string, number>): Promise<Page> {
    const context = await shop.newContext(options);
    await fillCart(context, items);
    const page = await context.newPage();
    await page.goto('/cart');
    return page;
  }

  for (const javaScriptEnabled of [true, false]) {
    for (const [size, options] of SIZES) {
      it(`${javaScriptEnabled ? 'with' : 'without'} JavaScript (${size}): a quantity typed without "Update cart" is what checkout takes`, async () => {
        const page = await cartPage({ ...options, javaScriptEnabled }, { [DEMO.tenugui.id]: 1, [DEMO.mug.id]: 1 });
        await page.getByLabel(`Quantity of ${DEMO.tenugui.name}`).fill('3');
        await checkoutButton(page).click();
        await page.waitForURL(/\/checkout\/demo\/[^/?#]+/);
        assert.deepEqual(await cartQuantities(page.context()), { [DEMO.tenugui.id]: 3, [DEMO.mug.id]: 1 });
        await expectText(
          page.locator('main tr', { hasText: DEMO.tenugui.name }).locator('td').nth(2),
          '3',
          'the order line: quantity',
        );
        shop.problems.assertNone();
      });
    }
  }

  it('lines no longer sold are listed apart and counted apart; checkout goes ahead without them', async () => {
    const axe = new AxeReport();
    for (const [size, options] of SIZES) {
      const page = await cartPage(options, { [DEMO.tenugui.id]: 2, [DEMO.furoshiki.id]: 1 });
      const db = new Database(path.join(shop.server.dataDir, 'kago.db'));
      const bumpVersion = () => db.prepare('UPDATE catalog_state SET version = version + 1 WHERE id = 1').run();
      try {
        db.prepare('UPDATE products SET active = 0 WHERE id = ?').run(DEMO.tenugui.id);
        bumpVersion(); // as every catalog change does: carts price by it
        await page.reload();
        await expectHeaderCount(page, 1);
        await expectText(
          page.getByRole('region', { name: 'No longer available (2 items)' }).getByRole('link'),
          DEMO.tenugui.name,
          'the line apart',
        );
        await expectText(page.locator('.cart-summary__subtotal'), 'Subtotal (1 item): ¥2,420', 'subtotal');
        await screenshot(page, `cart-unavailable-${size}`);
        await axe.check(page, `cart with a line no longer sold (${size})`);
        await checkoutButton(page).click();
        await page.waitForURL(/\/checkout\/demo\/[^/?#]+/);
        assert.equal(await page.locator('main tr', { hasText: DEMO.tenugui.name }).count(), 0, 'not in the order');
        await expectText(
          page.locator('main tr', { hasText: DEMO.furoshiki.name }).locator('td').nth(2),
          '1',
          'the order line: quantity',
        );
      } finally {
        db.prepare('UPDATE products SET active = 1 WHERE id = ?').run(DEMO.tenugui.id);
        bumpVersion();
        db.close();
      }
    }
    axe.assertClean();
    shop.problems.assertNone();
  });

  it('with JavaScript, "Clear cart" asks in a dialog: cancelled, nothing goes; confirmed, the cart is empty', async () => {
    const page = await cartPage({}, { [DEMO.mug.id]: 2 });
    const questions: string[] = [];
    page.once('dialog', (dialog) => void (questions.push(dialog.message()), dialog.dismiss()));
    await page.getByRole('link', { name: 'Clear cart' }).click();
    assert.deepEqual(questions, ['Remove all 2 items from your cart?']);
    assert.equal(new URL(page.url()).pathname, '/cart');
    assert.deepEqual(await cartQuantities(page.context()), { [DEMO.mug.id]: 2 });
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('link', { name: 'Clear cart' }).click();
    await expectHeaderCount(page, 0);
    assert.deepEqual(await cartQuantities(page.context()), {});
    shop.problems.assertNone();
  });

  for (const [size, options] of SIZES) {
    it(`without JavaScript (${size}), "Clear cart" opens a page that asks; keeping changes nothing, confirming empties the cart`, async () => {
      const page = await cartPage({ ...options, javaScriptEnabled: false }, { [DEMO.mug.id]: 2 });
      await page.getByRole('link', { name: 'Clear cart' }).click();
      await page.waitForURL((url) => url.pathname === '/cart/clear');
      await expectText(page.getByRole('heading', { level: 1 }), 'Clear your cart?');
      await screenshot(page, 'clear-cart-question');
      await page.getByRole('link', { name: 'Keep my cart' }).click();
      await page.waitForURL((url) => url.pathname === '/cart');
      assert.deepEqual(await cartQuantities(page.context()), { [DEMO.mug.id]: 2 });
      await page.getByRole('link', { name: 'Clear cart' }).click();
      await page.getByRole('button', { name: 'Yes, clear my cart' }).click();
      await page.waitForURL((url) => url.pathname === '/cart');
      await expectHeaderCount(page, 0);
      const axe = new AxeReport();
      const checked = await cartPage(options, { [DEMO.mug.id]: 1 });
      await checked.goto('/cart/clear');
      await axe.check(checked, `clear cart question (${size})`);
      axe.assertClean();
      shop.problems.assertNone();
    });
  }

  for (const [language, locale, title, label] of [
    ['ja', 'ja-JP', '特定商取引法に基づく表記', '販売業者'],
    ['en', 'en-US', 'Legal notice (Act on Specified Commercial Transactions)', 'Seller'],
  ] as const) {
    it(`the legal notice in ${language}: from the footer and beside Checkout, at both sizes, axe-clean`, async () => {
      const axe = new AxeReport();
      for (const [size, options] of SIZES) {
        const page = await cartPage({ ...options, locale }, { [DEMO.mug.id]: 1 });
        const beside = page.locator('.cart-checkout').getByRole('link', { name: title });
        assert.equal(await beside.getAttribute('href'), '/policies/legal-notice');
        await page.locator('footer').getByRole('link', { name: title }).click();
        await page.waitForURL((url) => url.pathname === '/policies/legal-notice');
        await expectText(page.getByRole('heading', { level: 1 }), title);
        await expectText(page.locator('.legal-notice dt').first(), label, 'the first item of the Act');
        await expectText(page.locator('.legal-notice dd').first(), '株式会社かご', "the owner's text");
        await screenshot(page, `legal-notice-${language}`);
        await axe.check(page, `legal notice ${language} (${size})`);
      }
      axe.assertClean();
      shop.problems.assertNone();
    });
  }
});
