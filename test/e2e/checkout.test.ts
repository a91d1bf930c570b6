/**
 * Checkout in Chromium with the demo payment provider (no Stripe key): "Checkout" on the cart leads to a page
 * marked as a demo with Pay / Fail / Cancel. Pay shows the order and empties the cart; Fail and Cancel come back
 * to the cart with everything still in it. Orders are shown only to the browser that placed them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { expectText, screenshot } from '../support/browser-checks.js';
import {
  addButton,
  cartQuantities,
  DEMO,
  DEMO_SHOPPER,
  demoPayment,
  expectHeaderCount,
  fillCart,
  startCheckout,
} from '../support/browser-shop.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';

/** Tenugui x2 (¥2,640) and a mug (¥2,860): ¥5,500 in all. */
const FILLED = { [DEMO.tenugui.id]: 2, [DEMO.mug.id]: 1 };
const TOTAL = '¥5,500';

describe('checkout with the demo payment provider', { skip: CHROMIUM_SKIP, timeout: 60_000 }, () => {
  const shop = useBrowserShop();

  /** A new shopper with FILLED in the cart, on the demo payment page. */
  async function atDemoPayment(options: BrowserContextOptions = {}): Promise<Page> {
    const page = await shop.newPage(options);
    await fillCart(page.context(), FILLED);
    await page.goto('/cart');
    await expectText(page.locator('[data-cart-subtotal]'), TOTAL, 'subtotal');
    await startCheckout(page);
    assert.match(await page.locator('body').innerText(), /\bdemo\b/i, 'the payment page says it is a demo');
    assert.match(
      await page.getByRole('button', { name: /^Pay/ }).innerText(),
      new RegExp(TOTAL),
      'the Pay button names the total',
    );
    return page;
  }

  for (const [size, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`at ${size} size, the payment page asks for the delivery address and the order shows it`, async () => {
      const page = await atDemoPayment({ viewport });
      shop.problems.allow((url, status) => status === 422 && url.endsWith('/pay')); // the refusal below, on purpose
      await page.getByRole('button', { name: /^Pay/ }).click(); // empty form: refused, field by field
      await page.getByRole('heading', { name: 'Please check your details' }).waitFor();
      assert.match(await page.locator('main').innerText(), /Enter your email address/);
      await screenshot(page, `checkout-details-refused-${size}`);
      await demoPayment(page, 'Pay');
      await page.waitForURL(/\/checkout\/success\?session_id=/);
      const text = await page.locator('main').innerText();
      for (const expected of [
        DEMO_SHOPPER.email,
        DEMO_SHOPPER.name,
        `〒${DEMO_SHOPPER.postalCode}`,
        DEMO_SHOPPER.line1,
        'Standard shipping',
        TOTAL,
      ]) {
        assert.ok(text.includes(expected), `the success page shows ${expected}`);
      }
      await screenshot(page, `checkout-details-success-${size}`);
    });
  }

  it('pay: the success page shows the order, the cart is empty, the order page shows it again', async () => {
    const page = await atDemoPayment();
    await demoPayment(page, 'Pay');
    await page.waitForURL(/\/checkout\/success\?session_id=/);
    assert.ok((await page.getByRole('heading', { name: /Thank you/ }).count()) > 0, 'a "Thank you" heading');
    const text = await page.locator('main').innerText();
    assert.match(text, /order/i, 'an order number');
    for (const expected of [DEMO.tenugui.name, DEMO.mug.name, TOTAL])
      assert.ok(text.includes(expected), `the success page shows ${expected}`);
    await expectHeaderCount(page, 0);
    assert.deepEqual(await cartQuantities(page.context()), {});

    await page.reload(); // a reload shows the same order and changes nothing
    assert.ok((await page.getByRole('heading', { name: /Thank you/ }).count()) > 0);
    await expectHeaderCount(page, 0);

    await page.locator('main a[href^="/orders/"]').first().click();
    await page.waitForURL(/\/orders\/[^/?#]+$/);
    const order = await page.locator('main').innerText();
    for (const expected of [DEMO.tenugui.name, DEMO.mug.name, TOTAL])
      assert.ok(order.includes(expected), `the order page shows ${expected}`);

    // Another browser (another session) is not shown the order.
    const stranger = await shop.newPage();
    shop.problems.allow((url, status) => url === page.url() && status === 404);
    const response = await stranger.goto(page.url());
    assert.equal(response?.status(), 404);
    assert.ok(
      !(await stranger.locator('main').innerText()).includes(DEMO.tenugui.name),
      'no order details for a stranger',
    );
    shop.problems.assertNone();
  });

  it('pay while another tab added something: only what was paid for leaves the cart', async () => {
    const page = await atDemoPayment();
    const other = await page.context().newPage();
    await other.goto('/');
    await addButton(other, DEMO.furoshiki).click();
    await expectHeaderCount(other, 4);
    await demoPayment(page, 'Pay');
    await page.waitForURL(/\/checkout\/success\?session_id=/);
    assert.deepEqual(await cartQuantities(page.context()), { [DEMO.furoshiki.id]: 1 });
    await expectHeaderCount(page, 1);
    shop.problems.assertNone();
  });

  it('without JavaScript: checkout and pay are plain forms that work the same', async () => {
    const page = await atDemoPayment({ javaScriptEnabled: false });
    await demoPayment(page, 'Pay');
    await page.waitForURL(/\/checkout\/success\?session_id=/);
    assert.ok((await page.getByRole('heading', { name: /Thank you/ }).count()) > 0, 'a "Thank you" heading');
    await expectHeaderCount(page, 0);
    shop.problems.assertNone();
  });

  it('fail: back on the cart with a notice, the cart intact', async () => {
    const page = await atDemoPayment();
    await demoPayment(page, 'Fail');
    await page.waitForURL((url) => url.pathname === '/cart');
    assert.match(await page.getByRole('alert').innerText(), /payment failed/i, 'a notice says the payment failed');
    assert.deepEqual(await cartQuantities(page.context()), FILLED);
    await expectText(page.locator('[data-cart-subtotal]'), TOTAL, 'subtotal');
    await expectHeaderCount(page, 3);
    shop.problems.assertNone();
  });

  it('cancel: back on the cart, the cart intact', async () => {
    const page = await atDemoPayment();
    await demoPayment(page, 'Cancel');
    await page.waitForURL((url) => url.pathname === '/cart');
    assert.match(
      await page.locator('main .notice').first().innerText(),
      /cancel/i,
      'a notice says checkout was cancelled',
    );
    assert.deepEqual(await cartQuantities(page.context()), FILLED);
    await expectText(page.locator('[data-cart-subtotal]'), TOTAL, 'subtotal');
    await expectHeaderCount(page, 3);
    shop.problems.assertNone();
  });
});
