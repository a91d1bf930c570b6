/**
 * Checkout moves the cart to a new session id. A double press must not send two checkouts, or the browser could
 * end up holding the id the first one retired and lose its cart: the script sends the checkout form once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO, demoPayment, expectHeaderCount, fillCart } from '../support/browser-shop.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';

describe('checkout is sent once', { skip: CHROMIUM_SKIP, timeout: 60_000 }, () => {
  const shop = useBrowserShop();

  it('a double press on Checkout sends one checkout, and the shopper can still pay for the cart', async () => {
    const page = await shop.newPage();
    await fillCart(page.context(), { [DEMO.tenugui.id]: 1 });
    await page.goto('/cart');
    // The first checkout is held until the second press has happened, as on a slow connection.
    let checkouts = 0;
    let release!: () => void;
    const pressedTwice = new Promise<void>((resolve) => (release = resolve));
    // Checkout is the cart form's button: it posts the quantities to /cart/update, which saves them and sends the same
    // form on to /checkout (307). A second press must not send a second one.
    await page.route('**/cart/update', async (route) => {
      checkouts += 1;
      await pressedTwice;
      await route.continue().catch(() => undefined); // a request the browser gave up on cannot continue
    });
    // Raw mouse presses: a locator click would wait for the first press's navigation before pressing again.
    const box = (await page.getByRole('button', { name: 'Checkout' }).boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // mouse.click resolves once the renderer has handled the press (its submit event included).
    release();
    await page.waitForURL(/\/checkout\/demo\/[^/?#]+/);
    await page.unroute('**/cart/update');
    assert.equal(checkouts, 1, 'one checkout sent');
    await demoPayment(page, 'Pay');
    await page.waitForURL(/\/checkout\/success\?session_id=/);
    assert.ok(
      (await page.getByRole('heading', { name: /Thank you/ }).count()) > 0,
      'the order is shown to the browser that paid',
    );
    await expectHeaderCount(page, 0);
    shop.problems.assertNone();
  });
});
