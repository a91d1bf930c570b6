/**
 * Shopify cart client libraries from npm, unmodified, in Chromium against the real shop (demo catalog, JPY):
 * @shopify/theme-cart 4.1.1 with @shopify/theme-currency's formatMoney, and shopify-cartjs 1.1.0 on jQuery 3.7.1,
 * operation by operation. Cases marked `todo` need the other half of issue 15 (branch shop15wire: line keys in
 * Shopify's `<variant id>:<hash>` form, note/attributes, clear.js with a JSON type and no body, add.js answering
 * the added item, sections); they run and report, and pass once that branch is merged.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO } from '../support/browser-shop.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';
import { CLIENT_SCRIPTS, openClientPage } from '../support/shopify-clients.js';

const WIRE = 'needs branch shop15wire (issue 15 items 1-3, 5-9): ';

describe('Shopify cart client libraries in the browser', { skip: CHROMIUM_SKIP, timeout: 120_000 }, () => {
  const shop = useBrowserShop();
  let scripts: Record<keyof typeof CLIENT_SCRIPTS, string>;
  /** The demo tenugui's integer variant and product ids, read as a client would: from /products/<handle>.js. */
  let tenugui: { variant: number; product: number; handle: string };
  let mug: { variant: number };

  before(async () => {
    scripts = Object.fromEntries(Object.entries(CLIENT_SCRIPTS).map(([name, load]) => [name, load()])) as typeof scripts;
    const context = await shop.newContext();
    const product = async (id: string) => (await context.request.get(`/products/${id}.js`)).json();
    const [t, m] = [await product(DEMO.tenugui.id), await product(DEMO.mug.id)];
    tenugui = { variant: t.variants[0].id, product: t.id, handle: t.handle };
    mug = { variant: m.variants[0].id };
    await context.close();
  });

  /**
   * A context for a shopper. `todo` cases use one the problem log does not watch: their expected failures until
   * shop15wire is merged must not show up in the next case's check.
   */
  const shopper = (watched = true) => (watched ? shop.newContext() : shop.browser.newContext({ baseURL: shop.server.origin }));

  async function themeCartPage(watched = true): Promise<Page> {
    return openClientPage(await shopper(watched), shop.server.origin, 'theme-cart', [scripts.themeCart, scripts.themeCurrency]);
  }

  describe('@shopify/theme-cart 4.1.1', () => {
    it('addItem with an integer variant id, getState, and formatMoney printing the yen right', async () => {
      const page = await themeCartPage();
      const result = await page.evaluate(async ({ variant }) => {
        const w = globalThis as any;
        await w.ThemeCart.addItem(variant, { quantity: 2 });
        const state = await w.ThemeCart.getState();
        return {
          count: state.item_count,
          item: [state.items[0].variant_id, state.items[0].quantity, state.items[0].handle],
          total: w.ThemeCurrency.formatMoney(state.total_price, '¥{{amount_no_decimals}}'),
          price: w.ThemeCurrency.formatMoney(state.items[0].price, '¥{{amount_no_decimals}}'),
        };
      }, tenugui);
      assert.deepEqual(result, { count: 2, item: [tenugui.variant, 2, tenugui.handle], total: '¥2,640', price: '¥1,320' });
      shop.problems.assertNone();
    });

    it('refuses an unknown variant with Shopify\'s error shape, and the cart is unchanged', async () => {
      const page = await themeCartPage();
      shop.problems.allow((url, status) => url.endsWith('/cart/add.js') && status === 404);
      const result = await page.evaluate(async () => {
        const w = globalThis as any;
        const failed = await w.ThemeCart.addItem(999_999_999, { quantity: 1 }).then(() => null, async (response: Response) => ({ status: response.status, body: await response.json() }));
        return { failed, count: (await w.ThemeCart.getState()).item_count };
      });
      assert.equal(result.failed?.status, 404);
      assert.deepEqual([result.failed?.body.status, result.failed?.body.message, result.failed?.body.code, typeof result.failed?.body.description], [404, 'Cannot find variant', 'product_not_found', 'string']);
      assert.equal(result.count, 0);
      shop.problems.assertNone();
    });

    it('getShippingRates answers the cart\'s rates', async () => {
      const page = await themeCartPage();
      const rates = await page.evaluate(async ({ variant }) => {
        const w = globalThis as any;
        await w.ThemeCart.addItem(variant, { quantity: 1 });
        return (await w.ThemeCart.getShippingRates()).shipping_rates.map((rate: any) => [rate.name, rate.price, rate.currency]);
      }, tenugui);
      assert.deepEqual(rates, [['Standard shipping', '0.00', 'JPY']]);
      shop.problems.assertNone();
    });

    it('updateItem and removeItem by line key', { todo: `${WIRE}theme-cart refuses keys not in the form xxx:xxx before sending` }, async () => {
      const page = await themeCartPage(false);
      const quantities = await page.evaluate(async ({ variant }) => {
        const w = globalThis as any;
        const added = await w.ThemeCart.addItem(variant, { quantity: 1 });
        const key = added.key ?? added.items[0].key;
        const updated = await w.ThemeCart.updateItem(key, { quantity: 3 });
        const removed = await w.ThemeCart.removeItem(key);
        return [updated.items[0].quantity, removed.item_count];
      }, tenugui);
      assert.deepEqual(quantities, [3, 0]);
    });

    it('clearItems, updateNote and updateAttributes', { todo: `${WIRE}clear.js with a JSON type and no body; note and attributes` }, async () => {
      const page = await themeCartPage(false);
      const result = await page.evaluate(async ({ variant }) => {
        const w = globalThis as any;
        await w.ThemeCart.addItem(variant, { quantity: 1 });
        await w.ThemeCart.updateNote('Gift, please');
        await w.ThemeCart.updateAttributes({ gift_wrap: 'yes' });
        const cleared = await w.ThemeCart.clearItems();
        return [cleared.item_count, cleared.note, cleared.attributes];
      }, tenugui);
      assert.deepEqual(result, [0, 'Gift, please', { gift_wrap: 'yes' }]);
    });
  });

  describe('shopify-cartjs 1.1.0 on jQuery 3.7.1', () => {
    async function cartJsPage(watched = true): Promise<Page> {
      const page = await openClientPage(await shopper(watched), shop.server.origin, 'cartjs', [scripts.jquery, scripts.cartJs]);
      // CartJS starts from the cart a Liquid theme would print into the page; here it is read from /cart.js.
      await page.evaluate(async () => (globalThis as any).CartJS.init(await (await fetch('/cart.js')).json()));
      return page;
    }

    /** Runs CartJS calls, then waits for its queue to finish (its `cart.requestComplete` event) and answers CartJS.cart. */
    const run = (page: Page, calls: string) =>
      page.evaluate(`new Promise((resolve) => {
        jQuery(document).one('cart.requestComplete', () => resolve(JSON.parse(JSON.stringify(CartJS.cart))));
        ${calls}
      })`) as Promise<any>;

    it('addItem, updateItem by line, updateItemById with an integer id, removeItem, clear', async () => {
      const page = await cartJsPage();
      const added = await run(page, `CartJS.addItem(${tenugui.variant}, 2); CartJS.addItem(${mug.variant}, 1);`);
      assert.deepEqual([added.item_count, added.items.map((item: any) => item.id)], [3, [tenugui.variant, mug.variant]]);
      const updated = await run(page, 'CartJS.updateItem(1, 4);');
      assert.equal(updated.items[0].quantity, 4);
      const byId = await run(page, `CartJS.updateItemById(${mug.variant}, 2);`);
      assert.equal(byId.items[1].quantity, 2);
      const removed = await run(page, 'CartJS.removeItem(1);');
      assert.deepEqual(removed.items.map((item: any) => item.id), [mug.variant]);
      const cleared = await run(page, 'CartJS.clear();');
      assert.equal(cleared.item_count, 0);
      shop.problems.assertNone();
    });

    it('setNote and setAttribute', { todo: `${WIRE}note and attributes on update.js` }, async () => {
      const page = await cartJsPage(false);
      const cart = await run(page, "CartJS.setNote('Gift, please'); CartJS.setAttribute('gift_wrap', 'yes');");
      assert.deepEqual([cart.note, cart.attributes], ['Gift, please', { gift_wrap: 'yes' }]);
    });
  });

  describe('liquid-ajax-cart 2.2.0', () => {
    it('adds from a product form and redraws its cart section', { todo: `${WIRE}liquid-ajax-cart asks for sections with every request and redraws from them` }, async () => {
      const body = `<div data-ajax-cart-section><span data-ajax-cart-section-count>0</span></div>
        <form action="/cart/add" method="post" data-ajax-cart-product-form><input type="hidden" name="id" value="${tenugui.variant}"><button>Add</button></form>`;
      const page = await openClientPage(await shopper(false), shop.server.origin, 'liquid-ajax-cart', [scripts.liquidAjaxCart], body);
      await page.getByRole('button', { name: 'Add' }).click();
      await page.waitForFunction(() => (globalThis as any).liquidAjaxCart?.cart?.item_count === 1, undefined, { timeout: 5_000 });
    });
  });
});
