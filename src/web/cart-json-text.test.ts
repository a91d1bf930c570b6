import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PriceDetails } from '../catalog/index.js';
import { NO_DETAILS } from '../cart/cart-details.js';
import type { StoredCart } from '../cart/cart-store.js';
import { buildCartView, type CartView } from '../cart/cart-view.js';
import { cartJson, type ShopFacts } from './cart-json.js';
import { cartJsonBytes } from './cart-json-text.js';

const SESSION = 'c2Vzc2lvbi1pZC1mb3ItY2FydC1qc29uLXRleHQtdGVzdA';
const shop: ShopFacts = { currency: 'jpy', vendor: 'Kago & "Sons" 籠屋' };

function details(id: string, overrides: Partial<PriceDetails> = {}): PriceDetails {
  const numId = Number(id.replace(/\D/g, '')) || 7;
  return {
    id,
    numId,
    unitAmount: 1200,
    currency: 'jpy',
    taxBehavior: 'inclusive',
    active: true,
    oneTime: true,
    productId: `prod_${id}`,
    productNumId: numId + 1000,
    productHandle: `tenugui-${numId}`,
    productDescription: '綿の手ぬぐい "藍"\n\u2028line',
    description: '',
    productName: '手ぬぐい 藍染',
    productImage: `https://example.com/${numId}.jpg`,
    productActive: true,
    productShippable: true,
    sold: true,
    optionLabel: '',
    sellingPrice: { id, numId, unitAmount: 1200, currency: 'jpy', taxBehavior: 'inclusive', optionLabel: '' },
    ...overrides,
  };
}

const line = (priceId: string, quantity: number, extra: Partial<StoredCart['lines'][number]> = {}) => ({
  priceId,
  propertiesHash: '',
  properties: {},
  quantity,
  unitAmountSeen: 1200,
  addedAt: 1,
  ...extra,
});

function view(lines: StoredCart['lines'], prices: PriceDetails[], details = NO_DETAILS): CartView {
  return buildCartView({ version: 4, details, lines }, new Map(prices.map((price) => [price.id, price])));
}

/** The answer's bytes, checked to be UTF-8 text (so comparing the text compares the bytes). */
function cartJsonText(cart: CartView, sessionId: string | undefined, facts: ShopFacts): string {
  const bytes = cartJsonBytes(cart, sessionId, facts);
  const text = bytes.toString('utf8');
  assert.ok(Buffer.from(text, 'utf8').equals(bytes), 'well-formed UTF-8');
  return text;
}

const plain = (cart: CartView, sessionId: string | undefined, facts = shop) =>
  JSON.stringify(cartJson(cart, sessionId, facts));

test("the cart's text is JSON.stringify of its object, byte for byte, built afresh and from kept line texts", () => {
  const large = details('price_2', {
    optionLabel: 'Large',
    sellingPrice: {
      id: 'price_2',
      numId: 2,
      unitAmount: 1500,
      currency: 'jpy',
      taxBehavior: 'exclusive',
      optionLabel: 'Large',
    },
  });
  const prices = [details('price_1'), large, details('price_3', { productImage: null, taxBehavior: 'unspecified' })];
  const cart = view(
    [
      line('price_1', 2),
      line('price_2', 1, { unitAmountSeen: 1400, propertiesHash: 'abc', properties: { 刻印: 'ゆう', _note: '"x"' } }),
      line('price_3', 3),
      line('price_gone', 1, { unitAmountSeen: 900 }),
    ],
    prices,
    { note: 'ギフト包装', attributes: { wrap: 'yes' } },
  );
  assert.equal(cart.lines.length, 4);
  assert.equal(cartJsonText(cart, SESSION, shop), plain(cart, SESSION), 'first build');
  assert.equal(cartJsonText(cart, SESSION, shop), plain(cart, SESSION), 'from kept texts');

  // Another cart on the same details: its own quantities, keys, properties and amounts, not the first cart's.
  const other = view([line('price_2', 5, { unitAmountSeen: 1500 }), line('price_1', 1)], prices);
  assert.equal(cartJsonText(other, SESSION, shop), plain(other, SESSION));
  assert.match(cartJsonText(other, SESSION, shop), /"quantity":5,/);
});

test("a line's kept text follows the shop's vendor and the cart's currency, and a new catalog version's details", () => {
  const first = details('price_1');
  const cart = view([line('price_1', 2)], [first]);
  assert.equal(cartJsonText(cart, SESSION, shop), plain(cart, SESSION));
  const renamed = { ...shop, vendor: 'Another shop' };
  assert.equal(cartJsonText(cart, SESSION, renamed), plain(cart, SESSION, renamed));
  assert.match(cartJsonText(cart, SESSION, renamed), /"vendor":"Another shop"/);

  const usd = details('price_1', {
    currency: 'usd',
    sellingPrice: {
      id: 'price_1',
      numId: 1,
      unitAmount: 1250,
      currency: 'usd',
      taxBehavior: 'inclusive',
      optionLabel: '',
    },
  });
  const inDollars = view([line('price_1', 2)], [usd]);
  assert.equal(cartJsonText(inDollars, SESSION, shop), plain(inDollars, SESSION));

  // The next catalog version's details (a new object): a new name shows, not the kept text.
  const next = view([line('price_1', 2)], [details('price_1', { productName: 'Renamed towel' })]);
  assert.equal(cartJsonText(next, SESSION, shop), plain(next, SESSION));
  assert.match(cartJsonText(next, SESSION, shop), /"product_title":"Renamed towel"/);
});

test('catalog text that holds a stand-in is still answered as JSON.stringify would', () => {
  const odd = details('price_9', { productName: 'odd \u0000kago-own:quantity name' });
  const cart = view([line('price_9', 2)], [odd]);
  assert.equal(cartJsonText(cart, SESSION, shop), plain(cart, SESSION));
  assert.equal(cartJsonText(cart, SESSION, shop), plain(cart, SESSION));
});

test('an empty cart and a visitor without a session', () => {
  const empty = view([], []);
  const text = cartJsonText(empty, SESSION, shop);
  assert.equal(text, plain(empty, SESSION));
  const anonymous = JSON.parse(cartJsonText(empty, undefined, shop)) as { token: string; items: unknown[] };
  assert.deepEqual(anonymous.items, []);
  assert.match(anonymous.token, /^[\w-]{32}$/);
});
