/**
 * Product images offer smaller copies (`srcset`) only where their host makes them (Shopify's CDN), and keep their
 * width, height and lazy loading below the fold either way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Window } from 'happy-dom';
import type { Product } from '../catalog/index.js';
import { UNTRACKED } from '../stock/stock-levels.js';
import { IMAGE_WIDTHS, imageSrcset } from './image-widths.js';
import { ProductImage } from './views/product-card.js';

const product = (image: string): Product => ({
  id: 'prod_1',
  numId: 1,
  optionCount: 1,
  fromAmount: null,
  handle: 'mug',
  createdAt: 0,
  updatedAt: 0,
  name: 'Mug',
  description: '',
  image,
  active: true,
  metadata: {},
  shippable: true,
  stock: UNTRACKED,
  price: null,
});

function img(element: unknown) {
  const window = new Window();
  window.document.body.innerHTML = String(element);
  const found = window.document.querySelector('img');
  assert.ok(found, 'an img');
  return found;
}

describe('product image widths', () => {
  it('lists every width of an image on Shopify CDN, keeping its own parameters', () => {
    const srcset = imageSrcset('https://cdn.shopify.com/s/files/1/0001/products/mug.jpg?v=17');
    assert.equal(
      srcset,
      IMAGE_WIDTHS.map(
        (width) => `https://cdn.shopify.com/s/files/1/0001/products/mug.jpg?v=17&width=${width} ${width}w`,
      ).join(', '),
    );
  });

  it('offers none for images that come in one size', () => {
    for (const src of [
      'https://files.stripe.com/links/MDB8YWNjdF8x',
      '/images/demo/hasami-yaki-mug.svg',
      'http://cdn.shopify.com/a.jpg',
      'https://cdn.shopify.com.example/a.jpg',
      'not a url',
    ]) {
      assert.equal(imageSrcset(src), undefined, src);
    }
  });

  it('renders srcset and sizes on a card below the fold, with its size and lazy loading', () => {
    const card = img(ProductImage({ product: product('https://cdn.shopify.com/mug.jpg'), decorative: true }));
    assert.match(card.getAttribute('srcset') ?? '', /mug\.jpg\?width=200 200w, .* 1200w$/);
    assert.equal(card.getAttribute('sizes'), '(max-width: 520px) 100vw, 320px');
    assert.deepEqual(
      [card.getAttribute('width'), card.getAttribute('height'), card.getAttribute('loading')],
      ['400', '400', 'lazy'],
    );
    const page = img(ProductImage({ product: product('https://cdn.shopify.com/mug.jpg'), eager: true }));
    assert.equal(page.getAttribute('sizes'), '(min-width: 760px) 50vw, 100vw');
    assert.deepEqual([page.getAttribute('loading'), page.getAttribute('fetchpriority')], ['eager', 'high']);
  });

  it('renders a one-size image without srcset or sizes', () => {
    const stripe = img(
      ProductImage({ product: product('https://files.stripe.com/links/MDB8YWNjdF8x'), decorative: true }),
    );
    assert.deepEqual(
      [
        stripe.hasAttribute('srcset'),
        stripe.hasAttribute('sizes'),
        stripe.getAttribute('width'),
        stripe.getAttribute('loading'),
      ],
      [false, false, '400', 'lazy'],
    );
  });
});
