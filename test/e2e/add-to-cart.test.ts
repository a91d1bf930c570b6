/**
 * "Add to cart" in Chromium against the real shop: in place with the script (no reload, announced), as a plain form
 * post without JavaScript, from two tabs at once, and ten rapid clicks. No console errors or failed requests.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { expectText } from '../support/browser-checks.js';
import {
  addButton,
  addedNotice,
  cartOf,
  cartQuantities,
  DEMO,
  expectAddedNotice,
  expectHeaderCount,
  headerCount,
} from '../support/browser-shop.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';

/** Counts the main frame's navigations from now on. */
function countNavigations(page: Page): () => number {
  let count = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) count += 1;
  });
  return () => count;
}

/**
 * Presses "Add to cart" for `a` in one tab and `b` in another at the same moment. `Promise.all` of Playwright clicks
 * lands 0.1-1 s apart (Playwright waits for animation frames, which a background tab throttles), so the first tab
 * tells the second through a BroadcastChannel and both press their button within a millisecond.
 */
async function clickTogether(first: Page, a: { id: string }, second: Page, b: { id: string }): Promise<void> {
  const button = (product: { id: string }) =>
    `document.querySelector('form[data-add-to-cart][data-product-id="${product.id}"] button')`;
  await second.evaluate(`new BroadcastChannel('e2e-click-together').onmessage = () => ${button(b)}.click()`);
  await first.evaluate(`new BroadcastChannel('e2e-click-together').postMessage('go'); ${button(a)}.click()`);
}

describe('add to cart in the browser', { skip: CHROMIUM_SKIP, timeout: 60_000 }, () => {
  const shop = useBrowserShop();

  it('with JavaScript: the header count goes 0 -> 1 -> 2 in place, is announced, and survives a reload', async () => {
    const page = await shop.newPage();
    await page.goto('/');
    assert.equal(await page.locator('form[data-add-to-cart]').count(), 24, 'the demo catalog shows 24 products');
    await expectHeaderCount(page, 0);
    await page.evaluate('window.__kagoMarker = "still here"');
    const navigations = countNavigations(page);

    await addButton(page, DEMO.tenugui).click();
    await expectHeaderCount(page, 1);
    await expectAddedNotice(page, DEMO.tenugui);
    await expectText(
      page.locator('[data-cart-status]'),
      `Added ${DEMO.tenugui.name} to your cart. 1 item in your cart.`,
      'live region',
    );

    await addButton(page, DEMO.tenugui).click();
    await expectHeaderCount(page, 2);
    assert.equal(await page.evaluate('window.__kagoMarker'), 'still here', 'the page was not reloaded');
    assert.equal(navigations(), 0, 'no navigation happened');

    await page.reload();
    await expectHeaderCount(page, 2);
    assert.deepEqual(await cartQuantities(page.context()), { [DEMO.tenugui.id]: 2 });
    shop.problems.assertNone();
  });

  it('without JavaScript: the form posts, the page comes back, the count is right', async () => {
    const page = await shop.newPage({ javaScriptEnabled: false });
    await page.goto('/');
    await expectHeaderCount(page, 0);
    for (const expected of [1, 2]) {
      const [post] = await Promise.all([
        page.waitForRequest((request) => request.method() === 'POST'),
        addButton(page, DEMO.mug).click(),
      ]);
      assert.ok(post.isNavigationRequest(), 'a plain form post, not a script request');
      assert.equal(new URL(post.url()).pathname, `/cart/${DEMO.mug.id}`);
      await page.waitForURL((url) => url.pathname === '/' && url.search === `?added=${DEMO.mug.id}`);
      await page.waitForLoadState('load');
      await expectHeaderCount(page, expected);
    }
    assert.deepEqual(await cartQuantities(page.context()), { [DEMO.mug.id]: 2 });
    shop.problems.assertNone();
  });

  it('two tabs of one browser with a cart add different products at the same moment: both lines are kept', async () => {
    const context = await shop.newContext();
    const [first, second] = [await context.newPage(), await context.newPage()];
    await first.goto('/');
    await addButton(first, DEMO.furoshiki).click(); // the session exists before the race
    await expectHeaderCount(first, 1);
    await second.goto('/');

    await clickTogether(first, DEMO.tenugui, second, DEMO.mug);
    await expectHeaderCount(first, 3);
    await expectHeaderCount(second, 3); // the other tab hears about it too
    assert.deepEqual(await cartQuantities(context), { [DEMO.furoshiki.id]: 1, [DEMO.tenugui.id]: 1, [DEMO.mug.id]: 1 });
    shop.problems.assertNone();
  });

  // With no session yet, each tab's first add would start its own session; the script serialises adds across tabs.
  it('two tabs of a new browser (no session yet) add different products at the same moment: both lines are kept', async () => {
    const context = await shop.newContext();
    const [first, second] = [await context.newPage(), await context.newPage()];
    await Promise.all([first.goto('/'), second.goto('/')]);
    await clickTogether(first, DEMO.tenugui, second, DEMO.mug);
    for (const page of [first, second]) {
      await expectText(
        addedNotice(page),
        page === first ? `Added ${DEMO.tenugui.name} · View cart` : `Added ${DEMO.mug.name} · View cart`,
        'added notice',
      );
    }
    const cart = await cartOf(context);
    assert.deepEqual(
      cart.items.map((item) => item.stripe_product_id).sort(),
      [DEMO.tenugui.id, DEMO.mug.id].sort(),
      'both lines in one cart',
    );
    await first.reload();
    await expectHeaderCount(first, 2);
    shop.problems.assertNone();
  });

  it('ten rapid clicks on one button add ten, in one line', async () => {
    const page = await shop.newPage();
    await page.goto('/');
    const button = addButton(page, DEMO.furoshiki);
    for (let i = 0; i < 10; i += 1) await button.click();
    await expectHeaderCount(page, 10);
    const cart = await cartOf(page.context());
    assert.deepEqual(
      cart.items.map((item) => [item.stripe_product_id, item.quantity]),
      [[DEMO.furoshiki.id, 10]],
    );
    assert.equal(cart.item_count, 10);
    await page.reload();
    assert.equal((await headerCount(page).textContent())?.trim(), '10');
    shop.problems.assertNone();
  });
});
