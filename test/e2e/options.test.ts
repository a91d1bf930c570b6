/**
 * Options in Chromium, on a desktop and on a phone: from the catalog card to the product page, choose an option, add
 * it (the script's add, and the plain form without JavaScript), see its label in the cart, pay with the demo
 * provider and see it on the order page; axe finds nothing serious on the way and the phone never scrolls sideways.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { AxeReport, documentWidth, expectText } from '../support/browser-checks.js';
import { demoPayment, expectHeaderCount, startCheckout } from '../support/browser-shop.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';
import { optionCatalogFiles } from '../support/option-catalog.js';

const VIEWPORTS = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
  {
    name: 'phone',
    options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  },
];

const options = (page: Page) => page.locator('[data-line-option]');

async function noSidewaysScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, clientWidth } = await documentWidth(page);
  assert.ok(scrollWidth <= clientWidth, `${where}: the page is ${scrollWidth}px wide in a ${clientWidth}px window`);
}

describe('choosing an option in the browser', { skip: CHROMIUM_SKIP, timeout: 120_000 }, () => {
  const shop = useBrowserShop({ catalog: optionCatalogFiles() });

  for (const { name, options: contextOptions } of VIEWPORTS) {
    it(`${name}: choose, add, see the label in the cart and on the order`, async () => {
      const axe = new AxeReport();
      const page = await shop.newPage(contextOptions);
      await page.goto('/');
      await expectText(
        page.locator('li.product-card', { hasText: 'Sencha tea' }).locator('.price'),
        'From ¥1,200 tax included',
        'card price',
      );
      await axe.check(page, `${name} catalog`);
      await page.getByRole('link', { name: 'Choose options Sencha tea' }).click();
      await page.waitForURL(/\/products\/sencha-tea$/);
      const choice = page.getByRole('group', { name: 'Choose an option' });
      assert.equal(await choice.getByRole('radio').count(), 3);
      assert.ok(
        await choice.getByRole('radio', { name: /^Gift box/ }).isChecked(),
        "the product's own price is chosen to begin with",
      );
      await axe.check(page, `${name} product with options`);
      await noSidewaysScroll(page, `${name} product page`);

      await choice.getByRole('radio', { name: /^200 g/ }).check();
      await page.getByLabel('Quantity').fill('2');
      await page.getByRole('button', { name: /^Add to cart/ }).click();
      await expectHeaderCount(page, 2);
      await choice.getByRole('radio', { name: /^100 g/ }).check();
      await page.getByLabel('Quantity').fill('1');
      await page.getByRole('button', { name: /^Add to cart/ }).click();
      await expectHeaderCount(page, 3);

      await page.goto('/cart');
      assert.deepEqual(await options(page).allTextContents(), ['Option: 200 g', 'Option: 100 g']);
      assert.equal(await page.getByLabel('Quantity of Sencha tea (200 g)').inputValue(), '2');
      await axe.check(page, `${name} cart with options`);
      await noSidewaysScroll(page, `${name} cart`);

      await startCheckout(page);
      await demoPayment(page, 'Pay');
      await page.waitForURL(/\/checkout\/success\?session_id=/);
      await page.locator('main a[href^="/orders/"]').first().click();
      await page.waitForURL(/\/orders\/[^/?#]+$/);
      assert.deepEqual(await options(page).allTextContents(), ['Option: 200 g', 'Option: 100 g']);
      await axe.check(page, `${name} order with options`);
      await noSidewaysScroll(page, `${name} order`);
      axe.assertClean();
      shop.problems.assertNone();
      await page.context().close();
    });
  }

  it('without JavaScript the chosen option posts with the form', async () => {
    const page = await shop.newPage({ javaScriptEnabled: false });
    await page.goto('/products/sencha-tea');
    await page.getByRole('radio', { name: /^100 g/ }).check();
    await page.getByRole('button', { name: /^Add to cart/ }).click();
    await page.waitForURL(/\/products\/sencha-tea\?added=prod_tea#product-prod_tea$/);
    await page.goto('/cart');
    assert.deepEqual(await options(page).allTextContents(), ['Option: 100 g']);
    shop.problems.assertNone();
    await page.context().close();
  });
});
