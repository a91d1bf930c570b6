/**
 * A product with options on the storefront: its page offers the choice (radio buttons in a fieldset, no script
 * needed), its card says "From ¥X" and links to the choice, Shopify's product JSON lists the options as variants,
 * JSON-LD has an AggregateOffer, and sorting by price uses the lowest option.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestShop, type TestShop } from './support/app.js';
import { catalogNumbers } from './support/cart.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { parsePage } from './support/page.js';
import { optionCatalogFiles } from './support/option-catalog.js';

for (const target of databaseTargets()) {
  describe(`product options on the storefront on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    const get = (url: string) => shop.app.inject({ url });
    before(async () => {
      database = await target.open();
      shop = await startTestShop(database, { catalog: optionCatalogFiles(), env: { SHOP_LOCALE: 'ja-JP' } });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    it('the product page offers the options as radio buttons in a labelled group, the one it sells at checked', async () => {
      const response = await get('/products/sencha-tea');
      assert.equal(response.statusCode, 200);
      const page = parsePage(response.body);
      try {
        const group = page.getByRole('group', { name: 'Choose an option' });
        const radios = page.getAllByRole('radio');
        assert.deepEqual(
          radios.map((radio) => [
            radio.getAttribute('name'),
            radio.getAttribute('value'),
            radio.hasAttribute('checked'),
          ]),
          [
            ['id', 'price_tea_gift', true],
            ['id', 'price_tea_100', false],
            ['id', 'price_tea_200', false],
          ],
        );
        assert.ok(page.getByRole('radio', { name: '100 g ￥1,200 tax included' }));
        assert.equal(
          group.closest('form')?.getAttribute('action'),
          '/cart/prod_tea',
          'the choice posts with the add form',
        );
        assert.equal(page.document.querySelector('.price--large')?.textContent, 'From ￥1,200 tax included');
        const offers = JSON.parse(
          page.document.querySelector('script[type="application/ld+json"]')!.textContent!,
        ).offers;
        assert.deepEqual(
          [offers['@type'], offers.lowPrice, offers.highPrice, offers.priceCurrency, offers.offerCount],
          ['AggregateOffer', '1200', '3500', 'JPY', 3],
        );
        const numbers = await catalogNumbers(database.db);
        assert.deepEqual(
          offers.offers.map((offer: { name: string; price: string; url: string }) => [
            offer.name,
            offer.price,
            offer.url,
          ]),
          [
            ['Gift box', '3500', `http://localhost:80/products/sencha-tea?variant=${numbers.price_tea_gift}`],
            ['100 g', '1200', `http://localhost:80/products/sencha-tea?variant=${numbers.price_tea_100}`],
            ['200 g', '2000', `http://localhost:80/products/sencha-tea?variant=${numbers.price_tea_200}`],
          ],
        );
      } finally {
        await page.close();
      }
    });

    it('a product sold at one price has no choice and a single Offer', async () => {
      const page = parsePage((await get('/products/tea-cup')).body);
      try {
        assert.equal(page.queryAllByRole('radio').length, 0);
        assert.equal(page.queryByRole('group', { name: 'Choose an option' }), null);
        assert.equal(
          JSON.parse(page.document.querySelector('script[type="application/ld+json"]')!.textContent!).offers['@type'],
          'Offer',
        );
      } finally {
        await page.close();
      }
    });

    it('a card says "From ¥X" and links to the choice; a product at one price keeps its add button', async () => {
      const page = parsePage((await get('/')).body);
      try {
        const cards = [...page.document.querySelectorAll('.product-card')];
        assert.deepEqual(
          cards.map((card) => card.querySelector('.price')?.textContent),
          ['From ￥1,200 tax included', '￥3,000 tax included'],
        );
        const choose = page.getByRole('link', { name: 'Choose options Sencha tea' });
        assert.equal(choose.getAttribute('href'), '/products/sencha-tea');
        assert.equal(page.document.querySelector('form[data-product-id="prod_tea"]'), null);
        assert.ok(page.getByRole('button', { name: 'Add to cart Tea cup' }));
        assert.equal(
          page.document.querySelectorAll('input[form="add-prod_tea"]').length,
          0,
          'no token for a form that is not there',
        );
      } finally {
        await page.close();
      }
    });

    it("sorting by price uses each product's lowest option", async () => {
      const order = async (sort: string) => {
        const page = parsePage((await get(`/collections/all?sort_by=${sort}`)).body);
        const names = [...page.document.querySelectorAll('.product-card__name')].map((name) => name.textContent);
        await page.close();
        return names;
      };
      assert.deepEqual(await order('price-ascending'), ['Sencha tea', 'Tea cup']);
      assert.deepEqual(
        await order('price-descending'),
        ['Tea cup', 'Sencha tea'],
        "the tea's ¥3,500 gift box does not count: its lowest is ¥1,200",
      );
    });

    it('/products/<handle>.js and .json list the options as variants under one option', async () => {
      const numbers = await catalogNumbers(database.db);
      const js = JSON.parse((await get('/products/sencha-tea.js')).body);
      assert.deepEqual(js.options, [{ name: 'Option', position: 1, values: ['Gift box', '100 g', '200 g'] }]);
      assert.deepEqual(
        js.variants.map((variant: Record<string, unknown>) => [
          variant.id,
          variant.title,
          variant.option1,
          variant.public_title,
          variant.name,
          variant.price,
        ]),
        [
          [numbers.price_tea_gift, 'Gift box', 'Gift box', 'Gift box', 'Sencha tea - Gift box', 350000],
          [numbers.price_tea_100, '100 g', '100 g', '100 g', 'Sencha tea - 100 g', 120000],
          [numbers.price_tea_200, '200 g', '200 g', '200 g', 'Sencha tea - 200 g', 200000],
        ],
      );
      assert.deepEqual([js.price, js.price_min, js.price_max, js.price_varies], [120000, 120000, 350000, true]);
      const json = JSON.parse((await get('/products/sencha-tea.json')).body).product;
      assert.deepEqual(
        json.variants.map((variant: Record<string, unknown>) => [variant.title, variant.price, variant.position]),
        [
          ['Gift box', '3500.00', 1],
          ['100 g', '1200.00', 2],
          ['200 g', '2000.00', 3],
        ],
      );
      const cup = JSON.parse((await get('/products/tea-cup.js')).body);
      assert.deepEqual(
        [cup.options, cup.variants.map((variant: { title: string }) => variant.title)],
        [[{ name: 'Title', position: 1, values: ['Default Title'] }], ['Default Title']],
      );
    });
  });
}
