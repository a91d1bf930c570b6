/**
 * Keyboard only, in Chromium: Tab reaches "Add to cart" on the catalog and "Checkout" on the cart, Enter activates
 * them, and every element Tab stops on on the way shows a focus ring (:focus-visible with an outline or a shadow).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { focusedElement, hasVisibleFocusRing, type FocusedElement } from '../support/browser-checks.js';
import { DEMO, DEMO_SHOPPER, expectHeaderCount, fillCart } from '../support/browser-shop.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';

/**
 * Presses Tab until the focused element's name matches `target` (at most `limit` times). Returns it; fails when it
 * is not reached or when any stop on the way has no visible focus ring.
 */
async function tabTo(page: Page, target: RegExp, limit = 40): Promise<FocusedElement> {
  const invisible: string[] = [];
  for (let presses = 1; presses <= limit; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await focusedElement(page);
    if (!focused) continue;
    if (!hasVisibleFocusRing(focused))
      invisible.push(`${focused.tag} "${focused.name}" (outline ${focused.outline}, box-shadow ${focused.boxShadow})`);
    if (target.test(focused.name)) {
      assert.deepEqual(invisible, [], `focus not visible on ${page.url()}`);
      return focused;
    }
  }
  assert.fail(`Tab did not reach ${target} on ${page.url()} in ${limit} presses`);
}

describe('keyboard only', { skip: CHROMIUM_SKIP, timeout: 60_000 }, () => {
  const shop = useBrowserShop();

  it('the first Tab offers "Skip to content"; Tab reaches "Add to cart", Enter adds', async () => {
    const page = await shop.newPage();
    await page.goto('/');
    const skip = await tabTo(page, /.*/, 1);
    assert.equal(skip.name, 'Skip to content');
    const button = await tabTo(page, /^Add to cart/);
    assert.equal(button.tag, 'button');
    await page.keyboard.press('Enter');
    await expectHeaderCount(page, 1);
    assert.equal((await focusedElement(page))?.name, button.name, 'focus stays on the button after adding');
    await page.keyboard.press('Enter');
    await expectHeaderCount(page, 2);
    shop.problems.assertNone();
  });

  it('on the cart, Tab reaches "Checkout", Enter goes to payment, and "Pay" works from the keyboard', async () => {
    const page = await shop.newPage();
    await fillCart(page.context(), { [DEMO.tenugui.id]: 1 });
    await page.goto('/cart');
    await tabTo(page, /^check ?out/i);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/checkout\/demo\/[^/?#]+/);
    // The contact and delivery form, typed field after field with Tab (phone and country left as they are).
    await page.getByLabel('Email', { exact: true }).focus();
    const { email, name, postalCode, prefecture, city, line1 } = DEMO_SHOPPER;
    for (const value of [email, name, '', '', postalCode, prefecture, city, line1]) {
      if (value) await page.keyboard.type(value);
      await page.keyboard.press('Tab');
    }
    await tabTo(page, /^Pay/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/checkout\/success\?session_id=/);
    await expectHeaderCount(page, 0);
    shop.problems.assertNone();
  });
});
