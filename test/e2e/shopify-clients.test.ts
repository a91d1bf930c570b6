/**
 * Shopify cart client libraries from npm, unmodified, in Chromium against the real shop (demo catalog, JPY):
 * @shopify/theme-cart 4.1.1 with @shopify/theme-currency's formatMoney, and shopify-cartjs 1.1.0 on jQuery 3.7.1,
 * and liquid-ajax-cart 2.2.0 (sections redrawn from kago's named sections), operation by operation.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO } from '../support/browser-shop.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';
import { CLIENT_SCRIPTS, openClientPage } from '../support/shopify-clients.js';

describe('Shopify cart client libraries in the browser', { skip: CHROMIUM_SKIP, timeout: 120_000 }, () => {
  const shop = useBrowserShop();
  let scripts: Record<keyof typeof CLIENT_SCRIPTS, string>;
  /** The demo tenugui's integer variant and product ids, read as a client would: from /products/<handle>.js. */
  let tenugui: { variant: number; product: number; handle: string };
  let mug: { variant: number };

  before(async () => {
    scripts = Object.fromEntries(
      Object.entries(CLIENT_SCRIPTS).map(([name, load]) => [name, load()]),
    ) as typeof scripts;
    const context = await shop.newContext();
    const product = async (id: string) => (await context.request.get(`/products/${id}.js`)).json();
    const [t, m] = [await product(DEMO.tenugui.id), await product(DEMO.mug.id)];
    tenugui = { variant: t.variants[0].id, product: t.id, handle: t.handle };
    mug = { variant: m.variants[0].id };
    await context.close();
  });

  /** A new shopper: a fresh context whose pages the problem log watches. */
  const shopper = () => shop.newContext();

  async function themeCartPage(): Promise<Page> {
    return openClientPage(await shopper(), shop.server.origin, 'theme-cart', [
      scripts.themeCart,
      scripts.themeCurrency,
    ]);
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
      assert.deepEqual(result, {
        count: 2,
        item: [tenugui.variant, 2, tenugui.handle],
        total: '¥2,640',
        price: '¥1,320',
      });
      shop.problems.assertNone();
    });

    it("refuses an unknown variant with Shopify's error shape, and the cart is unchanged", async () => {
      const page = await themeCartPage();
      shop.problems.allow((url, status) => url.endsWith('/cart/add.js') && status === 404);
      const result = await page.evaluate(async () => {
        const w = globalThis as any;
        const failed = await w.ThemeCart.addItem(999_999_999, { quantity: 1 }).then(
          () => null,
          async (response: Response) => ({ status: response.status, body: await response.json() }),
        );
        return { failed, count: (await w.ThemeCart.getState()).item_count };
      });
      assert.equal(result.failed?.status, 404);
      assert.deepEqual(
        [
          result.failed?.body.status,
          result.failed?.body.message,
          result.failed?.body.code,
          typeof result.failed?.body.description,
        ],
        [404, 'Cannot find variant', 'product_not_found', 'string'],
      );
      assert.equal(result.count, 0);
      shop.problems.assertNone();
    });

    it("getShippingRates answers the cart's rates", async () => {
      const page = await themeCartPage();
      const rates = await page.evaluate(async ({ variant }) => {
        const w = globalThis as any;
        await w.ThemeCart.addItem(variant, { quantity: 1 });
        return (await w.ThemeCart.getShippingRates()).shipping_rates.map((rate: any) => [
          rate.name,
          rate.price,
          rate.currency,
        ]);
      }, tenugui);
      assert.deepEqual(rates, [['Standard shipping', '0.00', 'JPY']]);
      shop.problems.assertNone();
    });

    it('addItem with properties makes a line of its own; updateItem, getItem and removeItem by its <variant id>:<hash> key', async () => {
      const page = await themeCartPage();
      const result = await page.evaluate(async ({ variant }) => {
        const w = globalThis as any;
        const plain = await w.ThemeCart.addItem(variant, { quantity: 1 });
        const engraved = await w.ThemeCart.addItem(variant, { quantity: 1, properties: { Engraving: 'Kago' } });
        const updated = await w.ThemeCart.updateItem(engraved.key, { quantity: 3 });
        const item = await w.ThemeCart.getItem(engraved.key);
        const removed = await w.ThemeCart.removeItem(plain.key);
        return {
          keys: [plain.key, engraved.key],
          updated: updated.items.map((line: any) => [line.key, line.quantity, line.properties]),
          item: [item.quantity, item.properties],
          removed: [removed.item_count, removed.items.map((line: any) => line.key)],
        };
      }, tenugui);
      const [plainKey, engravedKey] = result.keys;
      for (const key of result.keys) assert.match(key, new RegExp(`^${tenugui.variant}:[0-9a-f]{16}$`));
      assert.notEqual(plainKey, engravedKey, 'other properties, another line');
      assert.deepEqual(result.updated, [
        [plainKey, 1, {}],
        [engravedKey, 3, { Engraving: 'Kago' }],
      ]);
      assert.deepEqual(result.item, [3, { Engraving: 'Kago' }]);
      assert.deepEqual(result.removed, [3, [engravedKey]]);
      shop.problems.assertNone();
    });

    it("updateItem(key, {properties}) replaces the line's properties: a new key in the same place; onto the plain line's properties it joins that line", async () => {
      const page = await themeCartPage();
      const result = await page.evaluate(
        async ({ variant, mug }) => {
          const w = globalThis as any;
          const plain = await w.ThemeCart.addItem(variant, { quantity: 1 });
          const engraved = await w.ThemeCart.addItem(variant, { quantity: 2, properties: { Engraving: 'Kago' } });
          await w.ThemeCart.addItem(mug, { quantity: 1 });
          const renamed = await w.ThemeCart.updateItem(engraved.key, { properties: { Engraving: 'Basket' } });
          const moved = renamed.items[1];
          const joined = await w.ThemeCart.updateItem(moved.key, { properties: {} });
          return {
            keys: [plain.key, engraved.key, moved.key],
            renamed: renamed.items.map((line: any) => [line.key, line.quantity, line.properties]),
            joined: [joined.item_count, joined.items.map((line: any) => [line.key, line.quantity, line.properties])],
          };
        },
        { variant: tenugui.variant, mug: mug.variant },
      );
      const [plainKey, engravedKey, movedKey] = result.keys;
      assert.match(movedKey, new RegExp(`^${tenugui.variant}:[0-9a-f]{16}$`));
      assert.ok(movedKey !== engravedKey && movedKey !== plainKey, 'new properties, new key');
      assert.deepEqual(
        result.renamed.map(([, quantity, properties]: any) => [quantity, properties]),
        [
          [1, {}],
          [2, { Engraving: 'Basket' }],
          [1, {}],
        ],
        'the line keeps its place and quantity',
      );
      assert.equal(result.renamed[0][0], plainKey);
      assert.deepEqual(result.joined[0], 4);
      assert.deepEqual(result.joined[1].slice(0, 1), [[plainKey, 3, {}]], 'joined the plain line');
      assert.equal(result.joined[1].length, 2);
      shop.problems.assertNone();
    });

    it('updateNote and updateAttributes; clearItems keeps them; clearNote and clearAttributes remove them', async () => {
      const page = await themeCartPage();
      const result = await page.evaluate(async ({ variant }) => {
        const w = globalThis as any;
        await w.ThemeCart.addItem(variant, { quantity: 1 });
        const noted = await w.ThemeCart.updateNote('Gift, please');
        const attributed = await w.ThemeCart.updateAttributes({ gift_wrap: 'yes', colour: 'red' });
        const cleared = await w.ThemeCart.clearItems();
        await w.ThemeCart.clearNote();
        const bare = await w.ThemeCart.clearAttributes();
        return {
          noted: [noted.note, noted.item_count],
          attributed: [attributed.note, attributed.attributes],
          cleared: [cleared.item_count, cleared.note, cleared.attributes],
          bare: [await w.ThemeCart.getNote(), bare.attributes],
        };
      }, tenugui);
      assert.deepEqual(result, {
        noted: ['Gift, please', 1],
        attributed: ['Gift, please', { gift_wrap: 'yes', colour: 'red' }],
        cleared: [0, 'Gift, please', { gift_wrap: 'yes', colour: 'red' }],
        bare: [null, {}],
      });
      shop.problems.assertNone();
    });
  });

  describe('shopify-cartjs 1.1.0 on jQuery 3.7.1', () => {
    async function cartJsPage(): Promise<Page> {
      const page = await openClientPage(await shopper(), shop.server.origin, 'cartjs', [
        scripts.jquery,
        scripts.cartJs,
      ]);
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
      assert.deepEqual(
        [added.item_count, added.items.map((item: any) => item.id)],
        [3, [tenugui.variant, mug.variant]],
      );
      const updated = await run(page, 'CartJS.updateItem(1, 4);');
      assert.equal(updated.items[0].quantity, 4);
      const byId = await run(page, `CartJS.updateItemById(${mug.variant}, 2);`);
      assert.equal(byId.items[1].quantity, 2);
      const removed = await run(page, 'CartJS.removeItem(1);');
      assert.deepEqual(
        removed.items.map((item: any) => item.id),
        [mug.variant],
      );
      const cleared = await run(page, 'CartJS.clear();');
      assert.equal(cleared.item_count, 0);
      shop.problems.assertNone();
    });

    it('setNote and setAttribute', async () => {
      const page = await cartJsPage();
      const cart = await run(page, "CartJS.setNote('Gift, please'); CartJS.setAttribute('gift_wrap', 'yes');");
      assert.deepEqual([cart.note, cart.attributes], ['Gift, please', { gift_wrap: 'yes' }]);
      const cleared = await run(page, "CartJS.setAttribute('gift_wrap', '');");
      assert.deepEqual([cleared.note, cleared.attributes], ['Gift, please', {}]);
      shop.problems.assertNone();
    });
  });

  describe('liquid-ajax-cart 2.2.0', () => {
    it('adds from a product form (multipart, with properties), redraws the cart sections the page shows, and binds the count', async () => {
      // A theme page as the library documents it: sections inside #shopify-section-<id>, each with its
      // data-ajax-cart-section part, and the product form inside <ajax-cart-product-form>.
      const body = `<div id="shopify-section-cart-icon-bubble" class="shopify-section"><div data-ajax-cart-section><span data-cart-count>0</span></div></div>
        <div id="shopify-section-cart-drawer" class="shopify-section"><div data-ajax-cart-section><p>Your cart is empty.</p></div></div>
        <span id="bound" data-ajax-cart-bind="item_count">0</span>
        <ajax-cart-product-form><form action="/cart/add" method="post">
          <input type="hidden" name="id" value="${tenugui.variant}"><input type="hidden" name="quantity" value="2">
          <input type="hidden" name="properties[Engraving]" value="Kago"><button>Add</button>
        </form></ajax-cart-product-form>`;
      const page = await openClientPage(
        await shopper(),
        shop.server.origin,
        'liquid-ajax-cart',
        [scripts.liquidAjaxCart],
        body,
      );
      await page.waitForFunction(() => (globalThis as any).liquidAjaxCart?.init === true, undefined, {
        timeout: 5_000,
      });
      await page.getByRole('button', { name: 'Add' }).click();
      await page.waitForFunction(() => (globalThis as any).liquidAjaxCart.cart?.item_count === 2, undefined, {
        timeout: 5_000,
      });
      await page.waitForFunction(
        () => (globalThis as any).document.querySelector('#bound')?.textContent === '2',
        undefined,
        { timeout: 5_000 },
      );
      const seen = await page.evaluate(() => {
        const { document } = globalThis as any;
        return {
          count: document.querySelector('#shopify-section-cart-icon-bubble [data-cart-count]')?.textContent,
          drawer: document.querySelector('#shopify-section-cart-drawer')?.textContent?.replace(/\s+/g, ' ').trim(),
          properties: (globalThis as any).liquidAjaxCart.cart.items[0].properties,
        };
      });
      assert.equal(seen.count, '2');
      assert.match(seen.drawer ?? '', /Tenugui.*× 2.*View cart \(2\)/);
      assert.deepEqual(seen.properties, { Engraving: 'Kago' });
      shop.problems.assertNone();
    });
  });
});
