/**
 * The cart page's Checkout button sends the cart form: the quantities the shopper typed (without pressing "Update
 * cart") are saved, all or nothing, before checkout starts, so the order has what the page showed. A bad quantity is
 * refused on the cart page and nothing changes: no cart change, no order.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { catalogNumbers, useCartShop } from './support/cart.js';
import { checkoutRows, resetCheckoutData, shopper } from './support/checkout.js';
import { parsePage } from './support/page.js';

describe('checkout from the cart page uses the quantities as typed', () => {
  const running = useCartShop();
  const rows = () => checkoutRows(running.database.db);
  /** The cart form as the browser sends it when Checkout is pressed: every quantity field, the note, `checkout`. */
  async function cartForm(
    alice: ReturnType<typeof shopper>,
    quantities: Record<string, string>,
    extra = 'note=&checkout=1',
  ) {
    const page = parsePage((await alice.get('/cart')).body);
    const numbers = await catalogNumbers(running.database.db);
    const fields = Object.entries(quantities).map(([price, quantity]) => {
      const input = page.getByLabelText(
        new RegExp(`^Quantity of ${price === 'price_tea' ? 'Sencha tea' : 'Tea cup'}`),
      ) as HTMLInputElement;
      assert.match(input.name, new RegExp(`^updates\\[${numbers[price]}:`));
      return `${encodeURIComponent(input.name)}=${encodeURIComponent(quantity)}`;
    });
    return [...fields, extra].join('&');
  }

  beforeEach(() => resetCheckoutData(running.database.db));

  it('the Checkout button belongs to the cart form and is named `checkout`', async () => {
    const alice = shopper(running.shop);
    await alice.add('prod_tea', 1);
    const page = parsePage((await alice.get('/cart')).body);
    const button = page.getByRole('button', { name: 'Checkout' }) as HTMLButtonElement;
    assert.equal(button.getAttribute('form'), 'cart-form');
    assert.equal(button.name, 'checkout');
    assert.equal(page.document.getElementById('cart-form')!.getAttribute('action'), '/cart/update');
  });

  it('typed 3, pressed Checkout: the cart is saved, 307 takes the form on to checkout, and the order has 3', async () => {
    const alice = shopper(running.shop);
    await alice.add('prod_tea', 1);
    await alice.add('prod_cup', 1);
    const sent = await alice.post('/cart/update', await cartForm(alice, { price_tea: '3', price_cup: '1' }));
    assert.deepEqual([sent.statusCode, sent.headers.location], [307, '/checkout']);
    assert.deepEqual(
      (await rows()).lines.map((line) => [line.price_id, line.quantity]),
      [
        ['price_cup', 1],
        ['price_tea', 3],
      ],
    );
    // The browser sends the same form again to /checkout (307 keeps the method and the body).
    const started = await alice.post('/checkout', await cartForm(alice, { price_tea: '3', price_cup: '1' }));
    assert.equal(started.statusCode, 303);
    assert.match(started.headers.location as string, /^\/checkout\/demo\//);
    const lines = await running.database.db
      .selectFrom('order_lines')
      .select(['price_id', 'quantity'])
      .orderBy('price_id')
      .execute();
    assert.deepEqual(
      lines.map((line) => [line.price_id, Number(line.quantity)]),
      [
        ['price_cup', 1],
        ['price_tea', 3],
      ],
    );
  });

  it('a quantity set to 0 leaves that item out of the order', async () => {
    const alice = shopper(running.shop);
    await alice.add('prod_tea', 2);
    await alice.add('prod_cup', 1);
    assert.equal(
      (await alice.post('/cart/update', await cartForm(alice, { price_tea: '0', price_cup: '2' }))).statusCode,
      307,
    );
    assert.equal((await alice.checkout()).statusCode, 303);
    const lines = await running.database.db.selectFrom('order_lines').select(['price_id', 'quantity']).execute();
    assert.deepEqual(
      lines.map((line) => [line.price_id, Number(line.quantity)]),
      [['price_cup', 2]],
    );
  });

  for (const [name, quantity] of [
    ['100', '100'],
    ['-1', '-1'],
    ['a word', 'three'],
    ['1.5', '1.5'],
  ] as const) {
    it(`a quantity of ${name} is refused on the cart page; nothing changes and checkout does not start`, async () => {
      const alice = shopper(running.shop);
      await alice.add('prod_tea', 2);
      await alice.add('prod_cup', 1);
      const before = await rows();
      const refused = await alice.post('/cart/update', await cartForm(alice, { price_tea: '1', price_cup: quantity }));
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.headers.location, undefined, 'not sent on to checkout');
      const page = parsePage(refused.body);
      assert.match(page.getByRole('alert').textContent!, /The quantity must be a whole number from 0 to 99/);
      assert.equal(
        (page.getByLabelText(/^Quantity of Sencha tea/) as HTMLInputElement).value,
        '2',
        'the cart as it is',
      );
      assert.deepEqual(await rows(), before, 'no quantity saved (not even the good one), no order');
    });
  }
});
