/**
 * What a shopper does in the browser suites: add to cart, read the header count and the cart (/cart.js), pay with
 * the demo payment provider, and tour every page of the shop (for axe, screenshots and the phone layout).
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { CartJson } from '../../src/web/cart-json.js';
import { expectText } from './browser-checks.js';
import type { BrowserShop } from './browser.js';

export interface ProductRef {
  id: string;
  name: string;
  /** Price as the en-US shop shows it. */
  price: string;
}

/** A few products of the bundled demo catalog (data/demo), all JPY. */
export const DEMO = {
  tenugui: { id: 'prod_RhLBIFHaTtAu8p', name: 'Tenugui hand towel 手ぬぐい', price: '¥1,320' },
  mug: { id: 'prod_NFfR7UmgzpvNzk', name: 'Hasami-yaki mug 波佐見焼マグ', price: '¥2,860' },
  furoshiki: { id: 'prod_S7dPP5uxKaQz16', name: 'Furoshiki wrapping cloth 風呂敷', price: '¥2,420' },
} satisfies Record<string, ProductRef>;

export const productPath = (product: { id: string }) => `/products/${encodeURIComponent(product.id)}`;

/** The "Add to cart" button of `product` on the current page (catalog or product page). */
export function addButton(page: Page, product: { id: string }): Locator {
  return page
    .locator(`form[data-add-to-cart][data-product-id="${product.id}"]`)
    .getByRole('button', { name: /^Add to cart/ });
}

export function headerCount(page: Page): Locator {
  return page.locator('header [data-cart-count]');
}

/** Waits until the header shows `count` items. */
export function expectHeaderCount(page: Page, count: number): Promise<void> {
  return expectText(headerCount(page), String(count), `header cart count on ${page.url()}`);
}

/** The cart of the context's session, as the JSON API answers it. */
export async function cartOf(context: BrowserContext): Promise<CartJson> {
  const response = await context.request.get('/cart.js');
  assert.equal(response.status(), 200);
  return (await response.json()) as CartJson;
}

/** `{ Stripe product id: quantity }` of the context's cart. */
export async function cartQuantities(context: BrowserContext): Promise<Record<string, number>> {
  const cart = await cartOf(context);
  return Object.fromEntries(cart.items.map((item) => [item.stripe_product_id, item.quantity]));
}

/** Fills the context's cart through the JSON API (quick setup for tests about what comes after adding). */
export async function fillCart(context: BrowserContext, items: Record<string, number>): Promise<void> {
  const response = await context.request.post('/cart/add.js', {
    data: { items: Object.entries(items).map(([id, quantity]) => ({ id, quantity })) },
  });
  assert.equal(response.status(), 200, await response.text());
}

/** The "Added <name> · View cart" notice at the bottom of the window (the server's or the script's). */
export function addedNotice(page: Page): Locator {
  return page.locator('[data-added-notice] .added-notice__text');
}

/** Waits until the notice names `product` (in English). */
export function expectAddedNotice(page: Page, product: { name: string }): Promise<void> {
  return expectText(addedNotice(page), `Added ${product.name} · View cart`, `added notice on ${page.url()}`);
}

/** On the product page: set the quantity, press "Add to cart" and wait for the header to show `expectedCount`. */
export async function addOnProductPage(
  page: Page,
  product: ProductRef,
  quantity: number,
  expectedCount: number,
): Promise<void> {
  await page.goto(productPath(product));
  await page.getByLabel('Quantity').fill(String(quantity));
  await addButton(page, product).click();
  await expectHeaderCount(page, expectedCount);
}

// ---- checkout with the demo payment provider ---------------------------------------------------------------------

/** The cart page's "Checkout" button. */
export function checkoutButton(page: Page): Locator {
  return page.getByRole('button', { name: /^check ?out/i });
}

/** From /cart: press "Checkout" and land on the demo provider's page. */
export async function startCheckout(page: Page): Promise<void> {
  assert.match(new URL(page.url()).pathname, /^\/cart$/, 'checkout starts on the cart page');
  if ((await checkoutButton(page).count()) === 0) {
    assert.fail(
      `no "Checkout" button on /cart (is checkout built yet? POST /checkout answers ${await checkoutStatus(page)})`,
    );
  }
  await checkoutButton(page).click();
  await page.waitForURL(/\/checkout\/demo\/[^/?#]+/);
}

/** The status POST /checkout answers on an empty session, for failure messages. */
async function checkoutStatus(page: Page): Promise<number> {
  const response = await page.request.post('/checkout', { maxRedirects: 0, failOnStatusCode: false });
  return response.status();
}

/** What a shopper types into the demo payment page's contact and delivery form. */
export const DEMO_SHOPPER = {
  email: 'hanako@example.jp',
  name: 'Yamada Hanako',
  postalCode: '150-0001',
  prefecture: '東京都',
  city: '渋谷区',
  line1: '神宮前1-2-3',
};

/** Fills the demo payment page's contact and delivery form (the address when the order ships). */
export async function fillDemoDetails(page: Page): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(DEMO_SHOPPER.email);
  await page.getByLabel('Full name', { exact: true }).fill(DEMO_SHOPPER.name);
  if (await page.getByLabel('Postal code', { exact: true }).count()) {
    await page.getByLabel('Postal code', { exact: true }).fill(DEMO_SHOPPER.postalCode);
    await page.getByLabel('Prefecture', { exact: true }).fill(DEMO_SHOPPER.prefecture);
    await page.getByLabel('City / ward', { exact: true }).fill(DEMO_SHOPPER.city);
    await page.getByLabel('Address', { exact: true }).fill(DEMO_SHOPPER.line1);
  }
}

/** On the demo provider's page: press the button whose name starts with Pay (after filling the form), Fail or Cancel. */
export async function demoPayment(page: Page, choice: 'Pay' | 'Fail' | 'Cancel'): Promise<void> {
  if (choice === 'Pay') await fillDemoDetails(page);
  await page.getByRole('button', { name: new RegExp(`^${choice}`) }).click();
}

// ---- a tour of every page ----------------------------------------------------------------------------------------

/** Called on every page of a tour, once it has loaded, with a short name for it (`cart-filled`). */
export type Visit = (page: Page, name: string) => Promise<void>;

/** Catalog, product page, empty cart, a 404 page, filled cart. */
export async function tourStorePages(shop: BrowserShop, page: Page, visit: Visit): Promise<void> {
  await page.goto('/');
  await visit(page, 'catalog');
  await page.goto(productPath(DEMO.tenugui));
  await visit(page, 'product');
  await page.goto('/cart');
  await visit(page, 'cart-empty');
  shop.problems.allow((url, status) => url.endsWith('/no-such-page') && status === 404);
  await page.goto('/no-such-page');
  await visit(page, 'not-found');
  await addOnProductPage(page, DEMO.tenugui, 2, 2);
  await page.goto('/');
  await addButton(page, DEMO.mug).click();
  await expectHeaderCount(page, 3);
  await page.goto('/cart');
  await visit(page, 'cart-filled');
}

/** Demo checkout page, the cart after a failed payment, the success page, the order page. */
export async function tourCheckoutPages(page: Page, visit: Visit): Promise<void> {
  await fillCart(page.context(), { [DEMO.furoshiki.id]: 1 });
  await page.goto('/cart');
  await startCheckout(page);
  await visit(page, 'checkout-demo');
  await demoPayment(page, 'Fail');
  await page.waitForURL(/\/cart(\?|$)/);
  await visit(page, 'cart-payment-failed');
  await startCheckout(page);
  await demoPayment(page, 'Pay');
  await page.waitForURL(/\/checkout\/success\?session_id=/);
  await visit(page, 'checkout-success');
  await page.locator('main a[href^="/orders/"]').first().click();
  await page.waitForURL(/\/orders\/[^/?#]+$/);
  await visit(page, 'order');
}
