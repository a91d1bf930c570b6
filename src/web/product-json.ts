/**
 * A product in Shopify's shapes: `/products/<handle>.js` (the storefront's product object) and
 * `/products/<handle>.json` (`{product: ...}`, prices as decimal strings). kago sells each product at one price, so
 * each has one variant, Shopify's "Default Title"; a product without a price has none. Amounts follow
 * docs/decisions/0009-shopify-compatible-amounts.md; kago's own figures are under names of their own.
 */
import type { Product } from '../catalog/index.js';
import { toShopifyCents, toShopifyDecimal } from '../money/index.js';
import { productUrl, type ShopFacts } from './cart-json.js';

const DEFAULT_VARIANT = 'Default Title';
const OPTIONS = [{ name: 'Title', position: 1, values: [DEFAULT_VARIANT] }];

const iso = (time: number) => new Date(time).toISOString();

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The plain-text description as the HTML Shopify's fields hold: paragraphs of escaped text. */
function descriptionHtml(text: string): string {
  return text
    .split(/\n+/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => `<p>${escapeHtml(part)}</p>`)
    .join('');
}

function availability(product: Product): boolean {
  return product.active && product.price !== null && !(product.stock.tracked && product.stock.available <= 0);
}

/** `/products/<handle>.js` */
export function productJs(product: Product, shop: ShopFacts) {
  const available = availability(product);
  const price = product.price;
  const cents = price ? toShopifyCents(price.unitAmount, price.currency) : 0;
  const variants = price
    ? [
        {
          id: price.numId,
          title: DEFAULT_VARIANT,
          option1: DEFAULT_VARIANT,
          option2: null,
          option3: null,
          sku: null,
          requires_shipping: product.shippable,
          taxable: price.taxBehavior !== 'unspecified',
          featured_image: null,
          available,
          name: product.name,
          public_title: null,
          options: [DEFAULT_VARIANT],
          price: cents,
          weight: 0,
          compare_at_price: null,
          inventory_management: product.stock.tracked ? 'kago' : null,
          barcode: null,
          requires_selling_plan: false,
          selling_plan_allocations: [],
          stripe_price_id: price.id,
          price_minor: price.unitAmount,
        },
      ]
    : [];
  return {
    id: product.numId,
    title: product.name,
    handle: product.handle,
    description: descriptionHtml(product.description),
    published_at: product.active ? iso(product.createdAt) : null,
    created_at: iso(product.createdAt),
    vendor: shop.vendor,
    type: product.metadata.category ?? '',
    tags: [],
    price: cents,
    price_min: cents,
    price_max: cents,
    available,
    price_varies: false,
    compare_at_price: null,
    compare_at_price_min: 0,
    compare_at_price_max: 0,
    compare_at_price_varies: false,
    variants,
    images: product.image ? [product.image] : [],
    featured_image: product.image,
    options: OPTIONS,
    url: productUrl(product.handle),
    media: [],
    requires_selling_plan: false,
    selling_plan_groups: [],
    stripe_product_id: product.id,
    currency: price ? price.currency.toUpperCase() : null,
  };
}

/** `/products/<handle>.json`: `{product: ...}` with prices as decimal strings, as Shopify's storefront answers it. */
export function productJson(product: Product, shop: ShopFacts) {
  const price = product.price;
  return {
    product: {
      id: product.numId,
      title: product.name,
      body_html: descriptionHtml(product.description),
      vendor: shop.vendor,
      product_type: product.metadata.category ?? '',
      created_at: iso(product.createdAt),
      handle: product.handle,
      updated_at: iso(product.updatedAt),
      published_at: product.active ? iso(product.createdAt) : null,
      template_suffix: null,
      published_scope: 'global',
      tags: '',
      variants: price
        ? [
            {
              id: price.numId,
              product_id: product.numId,
              title: DEFAULT_VARIANT,
              price: toShopifyDecimal(price.unitAmount, price.currency),
              sku: null,
              position: 1,
              compare_at_price: null,
              fulfillment_service: 'manual',
              inventory_management: product.stock.tracked ? 'kago' : null,
              option1: DEFAULT_VARIANT,
              option2: null,
              option3: null,
              created_at: iso(product.createdAt),
              updated_at: iso(product.updatedAt),
              taxable: price.taxBehavior !== 'unspecified',
              barcode: null,
              grams: 0,
              image_id: null,
              weight: 0,
              weight_unit: 'kg',
              requires_shipping: product.shippable,
              price_currency: price.currency.toUpperCase(),
              stripe_price_id: price.id,
              price_minor: price.unitAmount,
            },
          ]
        : [],
      options: OPTIONS.map((option) => ({ product_id: product.numId, ...option })),
      images: product.image ? [{ product_id: product.numId, position: 1, src: product.image, width: null, height: null, variant_ids: [] }] : [],
      image: product.image ? { product_id: product.numId, position: 1, src: product.image, width: null, height: null, variant_ids: [] } : null,
      stripe_product_id: product.id,
    },
  };
}
