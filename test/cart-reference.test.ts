/**
 * Every request form of shopify.dev's Cart API reference (/docs/api/ajax/reference/cart), sent as the reference
 * shows it (JSON with integer variant ids, a FormData product form, urlencoded fields), with the answer's status and
 * shape checked as the reference documents them: add.js (items, properties, selling_plan refused), GET /cart.js,
 * change.js by key, variant id and line (with properties), update.js (updates as an object and an array, note,
 * attributes), clear.js, and `sections` / `sections_url` on each change. Where kago differs on purpose, docs/cart-api.md says so.
 */
import assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import { cartApi, cartRows, catalogNumbers, useCartShop } from './support/cart.js';
import { multipart } from './support/multipart.js';
import { parsePage } from './support/page.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
type Item = { id: number; variant_id: number; key: string; quantity: number; properties: Record<string, string> };

/** The fields the reference documents on every line item, with their types. */
function assertLineItem(item: Record<string, unknown>) {
  for (const name of [
    'id',
    'variant_id',
    'product_id',
    'quantity',
    'price',
    'original_price',
    'final_price',
    'line_price',
    'final_line_price',
    'original_line_price',
    'total_discount',
    'grams',
  ]) {
    assert.equal(typeof item[name], 'number', `${name} is a number`);
  }
  for (const name of ['key', 'title', 'product_title', 'handle', 'url', 'vendor', 'product_type'])
    assert.equal(typeof item[name], 'string', `${name} is a string`);
  for (const name of ['taxable', 'requires_shipping', 'gift_card', 'product_has_only_default_variant'])
    assert.equal(typeof item[name], 'boolean', `${name} is a boolean`);
  assert.ok(item.properties && typeof item.properties === 'object', 'properties is an object');
  assert.ok(
    Array.isArray(item.discounts) &&
      Array.isArray(item.options_with_values) &&
      Array.isArray(item.line_level_discount_allocations),
  );
}

/** The cart as the reference documents GET /cart.js. */
function assertCart(cart: Record<string, unknown>) {
  for (const name of ['token', 'currency']) assert.equal(typeof cart[name], 'string', `${name} is a string`);
  for (const name of [
    'total_price',
    'original_total_price',
    'total_discount',
    'total_weight',
    'item_count',
    'items_subtotal_price',
  ])
    assert.equal(typeof cart[name], 'number', `${name} is a number`);
  assert.equal(typeof cart.requires_shipping, 'boolean');
  assert.ok(cart.note === null || typeof cart.note === 'string');
  assert.ok(cart.attributes && typeof cart.attributes === 'object');
  assert.ok(Array.isArray(cart.items) && Array.isArray(cart.cart_level_discount_applications));
  for (const item of cart.items as Array<Record<string, unknown>>) assertLineItem(item);
}

describe("the request forms of shopify.dev's Cart API reference", () => {
  const running = useCartShop();
  const api = () => cartApi(running.shop);
  let n: Record<string, number>;
  before(async () => {
    n = await catalogNumbers(running.database.db);
  });
  beforeEach(async () => {
    await running.database.db.deleteFrom('sessions').execute();
  });

  /** A cart with tea (2) and a cup (1), as the reference's examples start from. */
  async function twoLines() {
    const added = await api().post('/cart/add.js', {
      items: [
        { id: n.price_tea, quantity: 2 },
        { id: n.price_cup, quantity: 1 },
      ],
    });
    assert.equal(added.status, 200);
    return added.cookie!;
  }

  describe('POST /cart/add.js', () => {
    it('{items: [{id, quantity}]} as JSON answers {items} with the line items added', async () => {
      const added = await api().post('/cart/add.js', {
        items: [
          { id: n.price_tea, quantity: 2 },
          { id: n.price_cup, quantity: 1 },
        ],
      });
      assert.equal(added.status, 200);
      assert.deepEqual(Object.keys(added.body), ['items']);
      assert.deepEqual(
        added.body.items.map((item: Item) => [item.id, item.variant_id, item.quantity]),
        [
          [n.price_tea, n.price_tea, 2],
          [n.price_cup, n.price_cup, 1],
        ],
      );
      for (const item of added.body.items) assertLineItem(item);
      const again = await api().post('/cart/add.js', { items: [{ id: n.price_tea, quantity: 1 }] }, added.cookie);
      assert.deepEqual(
        again.body.items.map((item: Item) => item.quantity),
        [3],
        'an item already in the cart: quantity is the new quantity',
      );
    });

    it('the product form as FormData (multipart: id, quantity) answers the line item', async () => {
      const form = multipart([
        ['form_type', 'product'],
        ['utf8', '✓'],
        ['id', String(n.price_tea)],
        ['quantity', '2'],
      ]);
      const added = await api().post('/cart/add.js', form.body, undefined, form.headers);
      assert.equal(added.status, 200);
      assertLineItem(added.body);
      assert.deepEqual([added.body.variant_id, added.body.quantity], [n.price_tea, 2]);
    });

    it('properties make a line of their own, with the properties as sent', async () => {
      const cookie = await twoLines();
      const added = await api().post(
        '/cart/add.js',
        { items: [{ id: n.price_tea, quantity: 1, properties: { 'First name': 'Caroline' } }] },
        cookie,
      );
      assert.equal(added.status, 200);
      assert.deepEqual(
        added.body.items.map((item: Item) => [item.quantity, item.properties]),
        [[1, { 'First name': 'Caroline' }]],
      );
      assert.equal((await api().get(cookie)).body.items.length, 3);
    });

    it('selling_plan is refused clearly (kago sells no subscriptions through the cart), and nothing changes', async () => {
      const cookie = await twoLines();
      const before = await cartRows(running.database.db);
      for (const body of [
        { items: [{ id: n.price_tea, quantity: 1, selling_plan: 183638 }] },
        { id: n.price_tea, quantity: 1, selling_plan: '183638' },
      ]) {
        const refused = await api().post('/cart/add.js', body, cookie);
        assert.equal(refused.status, 422);
        assert.deepEqual([refused.body.status, refused.body.code], [422, 'selling_plan_not_offered']);
        assert.match(refused.body.description, /subscription|selling plan/i);
      }
      const refused = await api().post('/cart/change.js', { line: 1, quantity: 3, selling_plan: 183638 }, cookie);
      assert.deepEqual([refused.status, refused.body.code], [422, 'selling_plan_not_offered']);
      assert.deepEqual(await cartRows(running.database.db), before);
      const form = multipart([
        ['id', String(n.price_tea)],
        ['selling_plan', ''],
      ]);
      assert.equal(
        (await api().post('/cart/add.js', form.body, cookie, form.headers)).status,
        200,
        "a product form's empty selling_plan field is no plan",
      );
      assert.equal(
        (await api().post('/cart/change.js', { line: 1, quantity: 1, selling_plan: null }, cookie)).status,
        200,
        'null: no plan',
      );
    });

    it('an unknown variant: 404 {status, message: "Cannot find variant", description}', async () => {
      const refused = await api().post('/cart/add.js', { items: [{ id: 999999999, quantity: 1 }] });
      assert.equal(refused.status, 404);
      assert.deepEqual(
        [refused.body.status, refused.body.message, typeof refused.body.description],
        [404, 'Cannot find variant', 'string'],
      );
    });
  });

  it('GET /cart.js answers the cart in the documented shape', async () => {
    const cookie = await twoLines();
    const cart = await api().get(cookie);
    assert.equal(cart.status, 200);
    assertCart(cart.body);
    assert.equal(cart.body.item_count, 3);
    assertCart((await api().get()).body);
  });

  describe('POST /cart/change.js', () => {
    it('by key ({id: "<variant>:<hash>", quantity}), by variant id, and by line (from 1); 0 removes; answers the cart', async () => {
      const cookie = await twoLines();
      const { items } = (await api().get(cookie)).body;
      const byKey = await api().post('/cart/change.js', { id: items[1].key, quantity: 3 }, cookie);
      assert.equal(byKey.status, 200);
      assertCart(byKey.body);
      assert.deepEqual(
        byKey.body.items.map((item: Item) => item.quantity),
        [2, 3],
      );
      const byVariant = await api().post('/cart/change.js', { id: n.price_tea, quantity: 5 }, cookie);
      assert.deepEqual(
        byVariant.body.items.map((item: Item) => item.quantity),
        [5, 3],
      );
      const byLine = await api().post('/cart/change.js', 'line=2&quantity=0', cookie, FORM);
      assert.deepEqual(
        byLine.body.items.map((item: Item) => [item.id, item.quantity]),
        [[n.price_tea, 5]],
      );
    });

    it("properties replace the line's: a new key, the same place; joining a line of those properties", async () => {
      const cookie = await twoLines();
      const changed = await api().post(
        '/cart/change.js',
        { line: 1, quantity: 2, properties: { 'Gift wrap': 'Yes' } },
        cookie,
      );
      assert.equal(changed.status, 200);
      const [tea, cup] = changed.body.items as Item[];
      assert.deepEqual(
        [tea!.id, tea!.quantity, tea!.properties, cup!.id],
        [n.price_tea, 2, { 'Gift wrap': 'Yes' }, n.price_cup],
      );
      const plain = await api().post('/cart/add.js', { id: n.price_tea, quantity: 1 }, cookie);
      assert.notEqual(plain.body.key, tea!.key);
      const joined = await api().post('/cart/change.js', 'line=1&properties%5BGift+wrap%5D=', cookie, FORM);
      assert.equal(joined.status, 200);
      assert.deepEqual(
        joined.body.items.map((item: Item) => [item.key, item.quantity, item.properties]),
        [
          [cup!.key, 1, {}],
          [plain.body.key, 3, {}],
        ],
        'no properties left: joined the plain line',
      );
    });

    it('a line not in the cart: 400 "no valid id or line parameter", and nothing changes', async () => {
      const cookie = await twoLines();
      const before = await cartRows(running.database.db);
      for (const body of [
        { line: 3, quantity: 1 },
        { id: '1:0000000000000000', quantity: 1, properties: { a: 'b' } },
      ]) {
        const refused = await api().post('/cart/change.js', body, cookie);
        assert.equal(refused.status, 400);
        assert.deepEqual([refused.body.status, refused.body.message], [400, 'no valid id or line parameter']);
      }
      assert.deepEqual(await cartRows(running.database.db), before);
    });
  });

  describe('POST /cart/update.js', () => {
    it('{updates: {<variant id>: n, <key>: n}} sets lines, adds a variant not in the cart; answers the cart', async () => {
      const cookie = await twoLines();
      const { items } = (await api().get(cookie)).body;
      const updated = await api().post(
        '/cart/update.js',
        { updates: { [String(n.price_tea)]: 1, [items[1].key]: 0, [String(n.price_cup_small)]: 2 } },
        cookie,
      );
      assert.equal(updated.status, 200);
      assertCart(updated.body);
      assert.deepEqual(
        updated.body.items.map((item: Item) => [item.id, item.quantity]),
        [
          [n.price_tea, 1],
          [n.price_cup_small, 2],
        ],
      );
    });

    it('{updates: [n, ...]}: one quantity per line, in cart order, in JSON and as updates[] fields', async () => {
      const cookie = await twoLines();
      assert.deepEqual(
        (await api().post('/cart/update.js', { updates: [3, 2] }, cookie)).body.items.map(
          (item: Item) => item.quantity,
        ),
        [3, 2],
      );
      assert.deepEqual(
        (await api().post('/cart/update.js', 'updates%5B%5D=1&updates%5B%5D=0', cookie, FORM)).body.items.map(
          (item: Item) => item.quantity,
        ),
        [1],
      );
    });

    it('note and attributes, alone and with updates, as JSON and as form fields', async () => {
      const cookie = await twoLines();
      const noted = await api().post('/cart/update.js', { note: 'Please gift wrap' }, cookie);
      assert.deepEqual([noted.status, noted.body.note], [200, 'Please gift wrap']);
      const attributed = await api().post(
        '/cart/update.js',
        { attributes: { 'Gift wrap': 'Yes', 'Delivery date': '2025-05-01' } },
        cookie,
      );
      assert.deepEqual(attributed.body.attributes, { 'Gift wrap': 'Yes', 'Delivery date': '2025-05-01' });
      const both = await api().post(
        '/cart/update.js',
        'updates%5B%5D=4&note=Thanks&attributes%5BGift+wrap%5D=No',
        cookie,
        FORM,
      );
      assert.deepEqual(
        [both.body.items[0].quantity, both.body.note, both.body.attributes['Gift wrap']],
        [4, 'Thanks', 'No'],
      );
    });

    it('an unknown variant: 404 "Cannot find variant", and nothing changes', async () => {
      const cookie = await twoLines();
      const before = await cartRows(running.database.db);
      const refused = await api().post('/cart/update.js', { updates: { 999999999: 1 } }, cookie);
      assert.deepEqual([refused.status, refused.body.status, refused.body.message], [404, 404, 'Cannot find variant']);
      assert.deepEqual(await cartRows(running.database.db), before);
    });
  });

  it('POST /cart/clear.js empties the cart and answers it; the note stays', async () => {
    const cookie = await twoLines();
    await api().post('/cart/update.js', { note: 'kept' }, cookie);
    const cleared = await api().post('/cart/clear.js', '', cookie);
    assert.equal(cleared.status, 200);
    assertCart(cleared.body);
    assert.deepEqual([cleared.body.item_count, cleared.body.items, cleared.body.note], [0, [], 'kept']);
  });

  it('sections and sections_url on add, change, update and clear: {sections: {id: html | null}}', async () => {
    const cookie = await twoLines();
    const ask = { sections: 'cart-items,cart-icon-bubble,no-such-section', sections_url: '/cart' };
    const answers = [
      await api().post('/cart/add.js', { items: [{ id: n.price_tea, quantity: 1 }], ...ask }, cookie),
      await api().post('/cart/change.js', { line: 1, quantity: 2, ...ask }, cookie),
      await api().post('/cart/update.js', { updates: { [String(n.price_cup)]: 2 }, ...ask }, cookie),
      await api().post('/cart/clear.js', ask, cookie),
    ];
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.deepEqual(Object.keys(answer.body.sections), ['cart-items', 'cart-icon-bubble', 'no-such-section']);
      const wrapper = parsePage(answer.body.sections['cart-icon-bubble']).document.body.firstElementChild;
      assert.deepEqual(
        [wrapper?.id, wrapper?.className],
        ['shopify-section-cart-icon-bubble', 'shopify-section'],
        "Shopify's section wrapper",
      );
      assert.equal(answer.body.sections['no-such-section'], null);
    }
    assert.ok(Array.isArray(answers[0]!.body.items), 'add.js with items keeps its {items} answer');
    assert.match(answers[2]!.body.sections['cart-icon-bubble'], /data-cart-count="true">4</);
    const form = multipart([
      ['id', String(n.price_tea)],
      ['sections', 'cart-icon-bubble'],
      ['sections_url', '/products/sencha-tea'],
    ]);
    const fromForm = await api().post('/cart/add.js', form.body, cookie, form.headers);
    assert.match(fromForm.body.sections['cart-icon-bubble'], /data-cart-count="true">1</);
  });
});
