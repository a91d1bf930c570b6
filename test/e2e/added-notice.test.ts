/**
 * The catalog on a phone and the feedback after "Add to cart", in Chromium against the real shop: two product
 * columns at 390 px; without JavaScript the add comes back to the product (not the top of the page) with "Added ·
 * View cart"; with JavaScript the same notice shows without moving anything on the page, and is announced. Axe-clean
 * and photographed at phone and desktop sizes.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { AxeReport, expectText, screenshot, screenshotSummary } from '../support/browser-checks.js';
import {
  addButton,
  addedNotice,
  cartQuantities,
  DEMO,
  expectAddedNotice,
  expectHeaderCount,
} from '../support/browser-shop.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const SIZES = [
  ['phone', PHONE],
  ['desktop', {}],
] as const;

/** The page's layout as numbers: every card's box and the scroll position (runs script: pages with JavaScript only). */
function layout(page: Page): Promise<{ scrollY: number; cards: number[][] }> {
  return page.evaluate(`({ scrollY: Math.round(window.scrollY), cards: [...document.querySelectorAll('li.product-card')].map((card) => {
    const box = card.getBoundingClientRect();
    return [Math.round(box.x), Math.round(box.y), Math.round(box.width), Math.round(box.height)];
  }) })`);
}

/** The n-th product card's product (id and name, from its add form). */
async function nthProduct(page: Page, index: number): Promise<{ id: string; name: string }> {
  const form = page.locator('li.product-card').nth(index).locator('form[data-add-to-cart]');
  return { id: (await form.getAttribute('data-product-id'))!, name: (await form.getAttribute('data-product-name'))! };
}

describe('catalog on a phone and feedback after an add', { skip: CHROMIUM_SKIP, timeout: 120_000 }, () => {
  const shop = useBrowserShop();
  after(() => {
    const summary = screenshotSummary();
    if (summary) console.log(summary);
  });

  it('a 390px phone shows two products per row: the 24-product catalog is less than half as long as one column made it', async () => {
    const page = await shop.newPage(PHONE);
    await page.goto('/');
    const { cards } = await layout(page);
    assert.equal(cards.length, 24);
    const [first, second, third] = cards as [number[], number[], number[]];
    assert.equal(first[1], second[1], 'the first two cards share a row');
    assert.ok(second[0]! > first[0]! + first[2]!, 'side by side');
    assert.ok(third[1]! > first[1]!, 'the third starts the next row');
    assert.ok(first[2]! >= 150, `cards stay readable: ${first[2]}px wide`);
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    assert.ok(height < 12_926 / 2, `the catalog is ${height}px long`);
    await screenshot(page, 'catalog-two-columns');
    shop.problems.assertNone();
  });

  for (const [size, options] of SIZES) {
    it(`without JavaScript (${size}): adding the 20th product comes back to it, with "Added · View cart" in view`, async () => {
      const axe = new AxeReport();
      const page = await shop.newPage({ ...options, javaScriptEnabled: false });
      await page.goto('/');
      const product = await nthProduct(page, 19);
      await addButton(page, product).scrollIntoViewIfNeeded();
      await addButton(page, product).click();
      await page.waitForURL(
        (url) => url.searchParams.get('added') === product.id && url.hash === `#product-${product.id}`,
      );
      await expectHeaderCount(page, 1);
      const viewport = page.viewportSize()!;
      const card = (await page.locator(`#product-${product.id}`).boundingBox())!;
      // The 20th card starts thousands of pixels down the page: in view means the page came back to it, not to the top.
      assert.ok(card.y >= 0 && card.y < viewport.height / 2, `the product's card is in view (top at ${card.y}px)`);
      await expectAddedNotice(page, product);
      const notice = (await addedNotice(page).boundingBox())!;
      assert.ok(
        notice.y + notice.height <= viewport.height && notice.y > viewport.height / 2,
        'the notice is at the bottom of the window',
      );
      await screenshot(page, 'added-without-js', { fullPage: false });
      // axe runs script in the page: it checks the same address in a page that has it.
      const checked = await shop.newPage(options);
      await checked.goto(page.url());
      await expectAddedNotice(checked, product);
      await axe.check(checked, `added without JavaScript (${size})`);
      await addedNotice(page).getByRole('link', { name: 'View cart' }).click();
      await page.waitForURL((url) => url.pathname === '/cart');
      assert.deepEqual(await cartQuantities(page.context()), { [product.id]: 1 });
      axe.assertClean();
      shop.problems.assertNone();
    });

    it(`with JavaScript (${size}): the notice shows with a View cart link, nothing moves, the add is announced`, async () => {
      const axe = new AxeReport();
      const page = await shop.newPage(options);
      await page.goto('/');
      await addButton(page, DEMO.mug).scrollIntoViewIfNeeded();
      const before = await layout(page);
      await addButton(page, DEMO.mug).click();
      await expectHeaderCount(page, 1);
      await expectAddedNotice(page, DEMO.mug);
      await expectText(
        page.locator('[data-cart-status]'),
        `Added ${DEMO.mug.name} to your cart. 1 item in your cart.`,
        'live region',
      );
      assert.deepEqual(await layout(page), before, 'no card moved and the page did not scroll');
      assert.equal(await addedNotice(page).getByRole('link', { name: 'View cart' }).getAttribute('href'), '/cart');
      await screenshot(page, 'added-with-js', { fullPage: false });
      await axe.check(page, `added with JavaScript (${size})`);

      await addButton(page, DEMO.tenugui).click();
      await expectAddedNotice(page, DEMO.tenugui);
      assert.equal(await page.locator('[data-added-notice]').count(), 1, 'the new add replaces the notice');
      await page.getByRole('button', { name: 'Close' }).click();
      assert.equal(await page.locator('[data-added-notice]').count(), 0, 'closed');
      assert.deepEqual(await layout(page), before, 'still nothing moved');
      axe.assertClean();
      shop.problems.assertNone();
    });
  }

  it('with JavaScript, a notice the server put on the page (an add before the script loaded) can be closed, and a reload does not repeat it', async () => {
    const page = await shop.newPage();
    await page.goto(`/?added=${DEMO.furoshiki.id}#product-${DEMO.furoshiki.id}`);
    await expectAddedNotice(page, DEMO.furoshiki);
    await page.waitForURL((url) => !url.searchParams.has('added'));
    await page.getByRole('button', { name: 'Close' }).click();
    assert.equal(await page.locator('[data-added-notice]').count(), 0);
    await page.reload();
    assert.equal(await page.locator('[data-added-notice]').count(), 0);
    shop.problems.assertNone();
  });
});
