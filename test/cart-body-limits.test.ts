/**
 * Bodies are bounded before a route looks at them: more than 100 updates are refused whole, a form with too many
 * fields is refused before it is parsed, and a body over the size limit before it is read to the end. Each refusal
 * says why, in JSON or on a page, and changes nothing. The largest body a real cart sends still goes through.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { MAX_UPDATES } from '../src/cart/limits.js';
import { BODY_LIMIT, MAX_FORM_FIELDS, parseForm } from '../src/web/body-limits.js';
import { cartApi, cartRows, catalogNumbers, useCartShop } from './support/cart.js';
import { SAME_ORIGIN, sessionCookieOf } from './support/http.js';
import { parsePage, valueOf } from './support/page.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** `count` updates of unknown lines to quantity 0: each would be a harmless no-op if it were applied. */
const updates = (count: number, key = (index: number) => `price_${index}`) =>
  Object.fromEntries(Array.from({ length: count }, (_, index) => [key(index), 0]));
const updateForm = (entries: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(entries).map(([key, quantity]): [string, string] => [`updates[${key}]`, String(quantity)]),
  ).toString();

describe('request body limits on the cart', () => {
  const running = useCartShop();
  const api = () => cartApi(running.shop);
  const rows = () => cartRows(running.database.db);
  let cookie: string;
  beforeEach(async () => {
    await running.database.db.deleteFrom('cart_lines').execute();
    await running.database.db.deleteFrom('sessions').execute();
    cookie = (await api().post('/cart/add.js', { id: 'prod_tea', quantity: 2 })).cookie!;
  });

  it(`update.js with ${MAX_UPDATES + 1} updates: 400 too_many_updates before any is looked at, nothing changed`, async () => {
    const before = await rows();
    // The first would apply, and the last is not even a valid update: neither is looked at.
    const body = { updates: { price_tea: 5, ...updates(MAX_UPDATES - 1), '': 'x' } };
    const refused = await api().post('/cart/update.js', body, cookie);
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body, {
      status: 400,
      message: 'Too many updates',
      description: `Send at most ${MAX_UPDATES} updates at once.`,
      code: 'too_many_updates',
    });
    assert.deepEqual(await rows(), before);
    // One fewer is a normal update.
    const applied = await api().post(
      '/cart/update.js',
      { updates: { price_tea: 5, ...updates(MAX_UPDATES - 1) } },
      cookie,
    );
    assert.equal(applied.status, 200);
    assert.equal(applied.body.item_count, 5);
  });

  it(`the cart page's form with ${MAX_UPDATES + 1} updates: the cart again with the reason, nothing changed`, async () => {
    const before = await rows();
    const response = await running.shop.app.inject({
      method: 'POST',
      url: '/cart/update',
      headers: { ...SAME_ORIGIN, cookie },
      payload: updateForm({ price_tea: 5, ...updates(MAX_UPDATES) }),
    });
    assert.equal(response.statusCode, 400);
    const page = parsePage(response.body);
    assert.match(page.getByRole('alert').textContent ?? '', /Too many updates.*Send at most 100 updates at once\./s);
    const tea = (await catalogNumbers(running.database.db)).price_tea;
    const quantity = page.getByRole('spinbutton', { name: 'Quantity of Sencha tea' });
    assert.match(quantity.getAttribute('name') ?? '', new RegExp(`^updates\\[${tea}:[0-9a-f]{16}\\]$`));
    assert.equal(valueOf(quantity), '2', 'the cart as it is, unchanged');
    assert.deepEqual(await rows(), before);
  });

  it('a 100,000-key update.js body is refused by its size before it is parsed (413), nothing changed', async () => {
    const before = await rows();
    const body = JSON.stringify({ updates: updates(100_000, (index) => index.toString(36)) });
    assert.ok(Buffer.byteLength(body) > BODY_LIMIT);
    const refused = await api().post('/cart/update.js', body, cookie);
    assert.equal(refused.status, 413);
    assert.equal(refused.body.code, 'body_too_large');
    assert.equal(refused.body.message, 'Request too large');
    assert.deepEqual(await rows(), before);
  });

  it('a 100,000-field form is refused by its field count before it is parsed (413), as a page or as JSON', async () => {
    const before = await rows();
    const payload = Array.from({ length: 100_000 }, () => 'a').join('&'); // 200 KB: under the size limit
    assert.ok(payload.length < BODY_LIMIT);
    const page = await running.shop.app.inject({
      method: 'POST',
      url: '/cart/update',
      headers: { ...SAME_ORIGIN, cookie },
      payload,
    });
    assert.equal(page.statusCode, 413);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, new RegExp(`more than ${MAX_FORM_FIELDS} fields`));
    const json = await api().post('/cart/update.js', payload, cookie, FORM);
    assert.equal(json.status, 413);
    assert.deepEqual(json.body, {
      status: 413,
      message: 'Request too large',
      description: `The request has more than ${MAX_FORM_FIELDS} fields, more than this shop accepts.`,
      code: 'too_many_fields',
    });
    assert.deepEqual(await rows(), before);
  });

  it('a JSON body with too many fields is refused the same way', async () => {
    const before = await rows();
    const refused = await api().post(
      '/cart/update.js',
      { ...updates(MAX_FORM_FIELDS + 1), updates: { price_tea: 5 } },
      cookie,
    );
    assert.equal(refused.status, 413);
    assert.equal(refused.body.code, 'too_many_fields');
    assert.deepEqual(await rows(), before);
  });

  it('the largest form a full cart sends (100 lines, 255-character non-ASCII ids) is accepted', async () => {
    const payload = updateForm(updates(MAX_UPDATES, (index) => `${index}`.padStart(3, '0') + 'あ'.repeat(252)));
    assert.ok(payload.length > 200 * 1024 && payload.length < BODY_LIMIT, `${payload.length} bytes`);
    const response = await running.shop.app.inject({
      method: 'POST',
      url: '/cart/update',
      headers: { ...SAME_ORIGIN, cookie },
      payload,
    });
    assert.equal(response.statusCode, 303, response.body.slice(0, 300));
    assert.equal(response.headers.location, '/cart');
    assert.equal(sessionCookieOf(response), undefined);
  });
});

describe('parseForm', () => {
  it(`parses up to ${MAX_FORM_FIELDS} fields, repeated names as arrays`, () => {
    const fields = Array.from({ length: MAX_FORM_FIELDS - 1 }, (_, index) => `f${index}=${index}`).join('&');
    const parsed = parseForm(`${fields}&f0=again`);
    assert.equal(Object.keys(parsed).length, MAX_FORM_FIELDS - 1);
    assert.deepEqual(parsed.f0, ['0', 'again']);
    assert.equal(parsed.f1, '1');
  });

  it(`refuses ${MAX_FORM_FIELDS + 1} fields, empty ones included, rather than dropping the rest`, () => {
    assert.throws(() => parseForm(Array.from({ length: MAX_FORM_FIELDS + 1 }, (_, index) => `f${index}=1`).join('&')), {
      code: 'too_many_fields',
      statusCode: 413,
    });
    assert.throws(() => parseForm('&'.repeat(MAX_FORM_FIELDS)), { code: 'too_many_fields' });
  });
});
