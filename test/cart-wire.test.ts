/**
 * What the JSON cart accepts, as Shopify's Ajax Cart clients send it: multipart FormData bodies, bracketed form
 * names, `updates` as a list, line item properties (limits refused with nothing changed; `_` names hidden from the
 * cart page), the cart's note and attributes, clear.js with a JSON content type and no body, and changes that
 * change nothing keeping the version.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { cartApi, cartRows, catalogNumbers, useCartShop } from './support/cart.js';
import { multipart } from './support/multipart.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('what the JSON cart accepts', () => {
  const running = useCartShop();
  const api = () => cartApi(running.shop);
  const rows = () => cartRows(running.database.db);
  beforeEach(async () => {
    await running.database.db.deleteFrom('sessions').execute();
  });

  it('add.js takes a multipart FormData body with properties, as Dawn sends it, and answers the line item', async () => {
    const form = multipart([
      ['id', 'prod_tea'],
      ['quantity', '2'],
      ['properties[Engraving]', 'Kago'],
      ['properties[_origin]', 'theme'],
    ]);
    const added = await api().post('/cart/add.js', form.body, undefined, form.headers);
    assert.equal(added.status, 200);
    const numbers = await catalogNumbers(running.database.db);
    assert.deepEqual(
      [added.body.id, added.body.stripe_price_id, added.body.quantity, added.body.properties],
      [numbers.price_tea, 'price_tea', 2, { Engraving: 'Kago', _origin: 'theme' }],
    );
    assert.match(
      added.body.key,
      new RegExp(`^${numbers.price_tea}:[0-9a-f]{16}$`),
      'keys are <variant id>:<hash of the properties>',
    );
    const plain = await api().post('/cart/add.js', { id: 'prod_tea', quantity: 1 }, added.cookie);
    assert.notEqual(plain.body.key, added.body.key, 'other properties, another line');
    const cart = (await api().get(added.cookie)).body;
    assert.deepEqual(
      cart.items.map((item: { quantity: number; properties: object }) => [item.quantity, item.properties]),
      [
        [2, { Engraving: 'Kago', _origin: 'theme' }],
        [1, {}],
      ],
    );
    const page = await running.shop.app.inject({ url: '/cart', headers: { cookie: added.cookie! } });
    assert.match(page.body, /<dt>Engraving<\/dt><dd>Kago<\/dd>/);
    assert.doesNotMatch(page.body, /_origin/, 'a property starting with _ is hidden from the shopper');
  });

  it('bracketed items[0][id] forms add several items and answer {items}', async () => {
    const body =
      'items%5B0%5D%5Bid%5D=prod_tea&items%5B0%5D%5Bquantity%5D=2&items%5B1%5D%5Bid%5D=prod_cup&items%5B1%5D%5Bproperties%5D%5BColour%5D=blue';
    const added = await api().post('/cart/add.js', body, undefined, FORM);
    assert.equal(added.status, 200);
    assert.deepEqual(
      added.body.items.map((item: { stripe_price_id: string; quantity: number; properties: object }) => [
        item.stripe_price_id,
        item.quantity,
        item.properties,
      ]),
      [
        ['price_tea', 2, {}],
        ['price_cup', 1, { Colour: 'blue' }],
      ],
    );
  });

  it('multipart refuses files and over-long fields, and changes nothing', async () => {
    const { cookie } = await api().post('/cart/add.js', { id: 'prod_tea' });
    const before = await rows();
    const withFile = multipart([['id', 'prod_cup']], { name: 'upload', filename: 'a.txt' });
    const refused = await api().post('/cart/add.js', withFile.body, cookie, withFile.headers);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'files_not_accepted');
    const long = multipart([
      ['id', 'prod_cup'],
      ['properties[Note]', 'x'.repeat(20_000)],
    ]);
    const tooLong = await api().post('/cart/add.js', long.body, cookie, long.headers);
    assert.equal(tooLong.status, 413);
    assert.deepEqual(await rows(), before);
  });

  it('properties past their limits are refused clearly, and nothing changes', async () => {
    const { cookie } = await api().post('/cart/add.js', { id: 'prod_tea' });
    const before = await rows();
    const many = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`p${i}`, 'x']));
    for (const [properties, pattern] of [
      [many, /at most 25 properties/],
      [{ Engraving: 'x'.repeat(1001) }, /"Engraving" is longer than 1000 characters/],
      [{ Engraving: { nested: true } }, /"Engraving" must be text/],
    ] as const) {
      const refused = await api().post('/cart/add.js', { id: 'prod_cup', properties }, cookie);
      assert.equal(refused.status, 422);
      assert.equal(refused.body.code, 'invalid_properties');
      assert.match(refused.body.description, pattern);
    }
    assert.deepEqual(await rows(), before);
  });

  it('update.js takes updates as a list (one per line, in cart order) in JSON and in forms', async () => {
    const { cookie } = await api().post('/cart/add.js', { items: [{ id: 'prod_tea' }, { id: 'prod_cup' }] });
    const json = await api().post('/cart/update.js', { updates: [3, 0] }, cookie);
    assert.deepEqual(
      json.body.items.map((item: { stripe_price_id: string; quantity: number }) => [
        item.stripe_price_id,
        item.quantity,
      ]),
      [['price_tea', 3]],
    );
    const form = await api().post('/cart/update.js', 'updates%5B%5D=5', cookie, FORM);
    assert.deepEqual(
      form.body.items.map((item: { quantity: number }) => item.quantity),
      [5],
    );
  });

  it('update.js sets the note and attributes alone or with updates; clear.js keeps them; the cart page shows them', async () => {
    const { cookie } = await api().post('/cart/add.js', { id: 'prod_tea' });
    const alone = await api().post(
      '/cart/update.js',
      { note: 'Leave at the door', attributes: { gift_wrap: 'yes', _hidden: '1' } },
      cookie,
    );
    assert.equal(alone.status, 200);
    assert.deepEqual(
      [alone.body.note, alone.body.attributes],
      ['Leave at the door', { _hidden: '1', gift_wrap: 'yes' }],
    );
    const form = await api().post(
      '/cart/update.js',
      'updates%5B%5D=2&attributes%5Bgift_wrap%5D=&attributes%5Bfloor%5D=3',
      cookie,
      FORM,
    );
    assert.deepEqual([form.body.items[0].quantity, form.body.attributes], [2, { _hidden: '1', floor: '3' }]);
    const page = await running.shop.app.inject({ url: '/cart', headers: { cookie: cookie! } });
    assert.match(page.body, /<dt>Note<\/dt><dd>Leave at the door<\/dd>/);
    assert.match(page.body, /<dt>floor<\/dt><dd>3<\/dd>/);
    assert.doesNotMatch(page.body, /_hidden/);
    // Shopify's theme library: a JSON content type and no body.
    const cleared = await running.shop.app.inject({
      method: 'POST',
      url: '/cart/clear.js',
      headers: { 'content-type': 'application/json', cookie: cookie! },
    });
    assert.equal(cleared.statusCode, 200);
    assert.deepEqual(
      [cleared.json().items, cleared.json().note, cleared.json().attributes],
      [[], 'Leave at the door', { _hidden: '1', floor: '3' }],
    );
  });

  it('a change that changes nothing keeps the version ({"updates": {}}, setting a line to its quantity)', async () => {
    const { cookie } = await api().post('/cart/add.js', { id: 'prod_tea', quantity: 2 });
    const version = (await api().get(cookie)).body.version;
    const empty = await api().post('/cart/update.js', { updates: {} }, cookie, { 'if-match': String(version) });
    assert.equal(empty.status, 200);
    assert.equal(empty.body.version, version);
    const same = await api().post('/cart/change.js', { line: 1, quantity: 2 }, cookie, { 'if-match': String(version) });
    assert.equal(same.body.version, version);
    assert.equal((await api().post('/cart/change.js', { line: 1, quantity: 3 }, cookie)).body.version, version + 1);
  });

  it('change.js takes a key, a variant id (the first line of it) or a line', async () => {
    const { cookie } = await api().post('/cart/add.js', {
      items: [
        { id: 'prod_tea', properties: { Engraving: 'A' } },
        { id: 'prod_tea', properties: { Engraving: 'B' } },
      ],
    });
    const [first, second] = (await api().get(cookie)).body.items as Array<{ key: string }>;
    const byKey = await api().post('/cart/change.js', { id: second!.key, quantity: 4 }, cookie);
    assert.deepEqual(
      byKey.body.items.map((item: { quantity: number }) => item.quantity),
      [1, 4],
    );
    const byVariant = await api().post('/cart/change.js', { id: 'price_tea', quantity: 2 }, cookie);
    assert.deepEqual(
      byVariant.body.items.map((item: { key: string; quantity: number }) => [item.key, item.quantity]),
      [
        [first!.key, 2],
        [second!.key, 4],
      ],
    );
  });
});
