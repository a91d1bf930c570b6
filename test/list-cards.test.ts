/**
 * List pages put together from kept cards (src/web/views/list-cards.tsx) are byte for byte what rendering each card
 * gives: in Japanese and English, at every place in a list (lazy, eager, first image), for products with options,
 * sold out, low in stock, without an image or with markup in their names, and on collection and search pages asked
 * with a cart and without, on both databases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Product } from '../src/catalog/index.js';
import { createCatalogQueries, demoFiles } from '../src/catalog/index.js';
import type { Language } from '../src/i18n/index.js';
import { createListCards, ListCard } from '../src/web/views/list-cards.js';
import type { PageContext } from '../src/web/views/page-context.js';
import { startTestShop, type TestShop } from './support/app.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { SAME_ORIGIN, sessionCookieOf } from './support/http.js';

const LANGUAGES: Language[] = ['ja', 'en'];

/** The list's `<ul>` as each card renders on its own (no kept pieces). */
function reference(ctx: PageContext, products: readonly Product[], returnTo: string): string {
  const cards = products.map((product, index) => String(ListCard({ ctx, product, index, returnTo })));
  return `<ul class="product-grid" role="list">${cards.join('')}</ul>`;
}

/** The product grid of a page. */
const gridOf = (html: string) => /<ul class="product-grid" role="list">.*?<\/ul>/s.exec(html)?.[0];
/** Product ids of a page's cards, in order. */
const cardIds = (html: string) =>
  [...gridOf(html)!.matchAll(/<li class="product-card" id="product-([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));

for (const target of databaseTargets()) {
  describe(`list cards on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    let products: Product[];
    before(async () => {
      database = await target.open();
      shop = await startTestShop(database, {
        catalog: demoFiles,
        env: { SHOP_LANGUAGES: 'ja,en', LOW_STOCK: '3' },
      });
      const ids = (
        await database.db.selectFrom('products').select('id').where('listing_position', 'is not', null).execute()
      ).map((row) => row.id);
      const found = await createCatalogQueries(database.db).productsByIds(ids);
      products = ids.map((id) => found.get(id)!);
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    it('puts a list together from kept cards exactly as rendering each card would, wherever a card stands', () => {
      const [first, second, third, fourth] = products;
      const odd: Product[] = [
        ...products,
        { ...first!, id: 'prod_sold_out', stock: { tracked: true, onHand: 2, reserved: 2, available: 0 } },
        { ...second!, id: 'prod_low', stock: { tracked: true, onHand: 2, reserved: 0, available: 2 } },
        { ...third!, id: 'prod_no_image', image: null },
        { ...fourth!, id: 'prod_markup', name: `Mug <b>"A&B's"</b> <!--card:image--> 手ぬぐい` },
        { ...first!, id: 'prod_options', optionCount: 3, fromAmount: 500 },
      ];
      assert.ok(odd.some((product) => product.optionCount > 1) && odd.length > 24);
      const cards = createListCards(() => 7);
      // Each list puts the cards at other places: the first pass keeps them, the others reuse them.
      const orders = [odd, [...odd].reverse(), [...odd.slice(5), ...odd.slice(0, 5)]];
      for (const language of LANGUAGES) {
        const ctx = shop.app.bareContext(language);
        for (const [pass, order] of orders.entries()) {
          for (let start = 0; start < order.length; start += 24) {
            const page = order.slice(start, start + 24);
            const returnTo = `/collections/all?sort_by=name&page=${pass + 1}&q="<'>`;
            assert.equal(cards.grid(ctx, page, returnTo, 7), reference(ctx, page, returnTo), `${language} ${pass}`);
          }
        }
      }
      assert.equal(cards.size, odd.length * LANGUAGES.length, 'each card rendered once per language');
    });

    it('keeps no card read before a catalog change under the new version, and starts over when it changes', () => {
      let version = 1;
      const cards = createListCards(() => version);
      const ctx = shop.app.bareContext('en');
      const page = products.slice(0, 3);
      cards.grid(ctx, page, '/', 1);
      assert.equal(cards.size, 3);
      version = 2;
      const changed = [{ ...page[0]!, name: 'Renamed mug' }, ...page.slice(1)];
      assert.equal(cards.grid(ctx, page, '/', 1), reference(ctx, page, '/'), 'read before the change: not kept');
      assert.equal(cards.size, 3);
      assert.equal(cards.grid(ctx, changed, '/', 2), reference(ctx, changed, '/'));
      assert.equal(cards.size, 3, 'the old version’s cards are gone');
    });

    it('answers collection and search pages with a cart and without, in both languages, as the cards render', async () => {
      const added = await shop.app.inject({
        method: 'POST',
        url: `/cart/${encodeURIComponent(products.find((product) => product.optionCount <= 1)!.id)}`,
        headers: SAME_ORIGIN,
        payload: 'return_to=%2F',
      });
      const cookie = sessionCookieOf(added)!;
      assert.ok(cookie);
      const byId = new Map(products.map((product) => [product.id, product]));
      const urls = [
        '/collections/all?sort_by=price-descending',
        '/collections/all?sort_by=price-ascending',
        '/collections/all?sort_by=title-ascending&filter.v.availability=1',
        '/search?q=tea&sort_by=price-ascending',
        '/search?q=%E8%8C%B6',
      ];
      for (const language of LANGUAGES) {
        const ctx = shop.app.bareContext(language);
        for (const url of urls) {
          for (const headers of [{}, { cookie }]) {
            const response = await shop.app.inject({ url: `${url}&lang=${language}`, headers });
            assert.equal(response.statusCode, 200, url);
            const ids = cardIds(response.body);
            assert.ok(ids.length > 1, url);
            const grid = gridOf(response.body)!;
            const returnTo = /name="return_to" value="([^"]*)"/.exec(grid)![1]!.replaceAll('&amp;', '&');
            const expected = reference(
              ctx,
              ids.map((id) => byId.get(id)!),
              returnTo,
            );
            assert.equal(grid, expected, `${language} ${url}`);
          }
        }
      }
    });
  });
}
