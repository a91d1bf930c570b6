/**
 * The cart page in Chromium: change a quantity (type, then "Update cart"), remove a line, clear the cart, with
 * totals checked in JPY (the demo catalog, no decimals) and in USD (a second shop imported from small CSV files).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { expectText } from '../support/browser-checks.js';
import {
  addButton,
  addOnProductPage,
  cartQuantities,
  DEMO,
  expectHeaderCount,
  type ProductRef,
} from '../support/browser-shop.js';
import { CHROMIUM_SKIP, useBrowserShop, type BrowserShop } from '../support/browser.js';
import { catalogFiles } from '../support/catalog.js';

const USD = {
  mug: { id: 'prod_e2e_mug', name: 'Dollar mug', price: '$29.90' },
  pin: { id: 'prod_e2e_pin', name: 'Enamel pin', price: '$4.05' },
} satisfies Record<string, ProductRef>;

function usdCatalog() {
  return catalogFiles(
    [
      { id: USD.mug.id, name: USD.mug.name },
      { id: USD.pin.id, name: USD.pin.name },
    ],
    [
      { id: 'price_e2e_mug', product: USD.mug.id, amount: '29.90', currency: 'usd' },
      { id: 'price_e2e_pin', product: USD.pin.id, amount: '4.05', currency: 'usd' },
    ],
  );
}

const line = (page: Page, product: ProductRef) => page.locator('li.cart-line', { hasText: product.name });
const subtotal = (page: Page) => page.locator('[data-cart-subtotal]');

/** Types a quantity into the line's field and presses "Update cart". */
async function setQuantity(page: Page, product: ProductRef, quantity: number): Promise<void> {
  await page.getByLabel(`Quantity of ${product.name}`).fill(String(quantity));
  await page.getByRole('button', { name: 'Update cart' }).click();
}

/**
 * Adds `big` x3 (product page) and `small` x1 (catalog), then on /cart: checks the totals, sets `small` to 2,
 * removes `big`, clears. `amounts` are the expected texts at each step.
 */
async function cartRoundTrip(
  shop: BrowserShop,
  big: ProductRef,
  small: ProductRef,
  amounts: { bigLine: string; subtotal: string; afterUpdate: string; afterRemove: string },
  /** What the catalog says after a price: the demo's prices include tax, the USD catalog's say nothing. */
  taxWords = '',
): Promise<void> {
  const page = await shop.newPage();
  await page.goto('/');
  await expectText(
    page.locator('li.product-card', { hasText: big.name }).locator('.price'),
    `${big.price}${taxWords}`,
    'catalog price',
  );
  await addOnProductPage(page, big, 3, 3);
  await page.goto('/');
  await addButton(page, small).click();
  await expectHeaderCount(page, 4);

  await page.goto('/cart');
  assert.equal(await page.locator('li.cart-line').count(), 2);
  await expectText(line(page, big).locator('.cart-line__total'), amounts.bigLine, 'line total');
  await expectText(subtotal(page), amounts.subtotal, 'subtotal');

  await setQuantity(page, small, 2);
  await expectText(subtotal(page), amounts.afterUpdate, 'subtotal after update');
  await expectHeaderCount(page, 5);

  await line(page, big)
    .getByRole('button', { name: `Remove ${big.name}` })
    .click();
  await expectText(subtotal(page), amounts.afterRemove, 'subtotal after remove');
  assert.equal(await page.locator('li.cart-line').count(), 1);
  assert.deepEqual(await cartQuantities(page.context()), { [small.id]: 2 });
  await expectHeaderCount(page, 2);

  page.once('dialog', (dialog) => void dialog.accept()); // "Clear cart" asks first
  await page.getByRole('link', { name: 'Clear cart' }).click();
  await expectText(page.locator('.cart-empty p').first(), 'Your cart is empty.', 'empty cart');
  await expectHeaderCount(page, 0);
  assert.deepEqual(await cartQuantities(page.context()), {});
  shop.problems.assertNone();
}

describe('cart page in JPY (demo catalog)', { skip: CHROMIUM_SKIP, timeout: 60_000 }, () => {
  const shop = useBrowserShop();

  it('updates, removes and clears, with whole-yen totals', () =>
    cartRoundTrip(
      shop,
      DEMO.tenugui,
      DEMO.mug,
      { bigLine: '¥3,960', subtotal: '¥6,820', afterUpdate: '¥9,680', afterRemove: '¥5,720' },
      ' tax included',
    ));
});

describe('cart page in USD (imported catalog)', { skip: CHROMIUM_SKIP, timeout: 60_000 }, () => {
  const shop = useBrowserShop({ catalog: usdCatalog() });

  it('updates, removes and clears, with cents', () =>
    cartRoundTrip(shop, USD.mug, USD.pin, {
      bigLine: '$89.70',
      subtotal: '$93.75',
      afterUpdate: '$97.80',
      afterRemove: '$8.10',
    }));
});
