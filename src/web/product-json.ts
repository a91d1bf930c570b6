/**
 * A product in Shopify's shapes: `/products/<handle>.js` (the storefront's product object) and
 * `/products/<handle>.json` (`{product: ...}`, prices as decimal strings). Each option (a price the product sells
 * at, src/catalog/options/) is a variant titled by its label, under one product option; a product sold at one price
 * has one variant, Shopify's "Default Title"; a product without a price has none. Amounts follow
 * docs/decisions/0009-shopify-compatible-amounts.md; kago's own figures are under names of their own.
 */
import type { ProductDetail, ProductOption } from '../catalog/index.js';
import { toShopifyCents, toShopifyDecimal } from '../money/index.js';
import { productUrl, type ShopFacts } from './cart-json.js';
import { OPTION_WORDS } from './views/option-words.js';

const DEFAULT_VARIANT = 'Default Title';

/** Each variant's title, in the options' order: its label, `Option 2` for one without. */
function variantTitles(product: ProductDetail): string[] {
  if (product.options.length <= 1) return product.options.map(() => DEFAULT_VARIANT);
  return product.options.map((option, index) => option.label || `${OPTION_WORDS.option} ${index + 1}`);
}

/** Shopify's product options: "Title" for a product without a choice, else one option naming every variant. */
function productOptions(product: ProductDetail) {
  if (product.options.length <= 1) return [{ name: 'Title', position: 1, values: [DEFAULT_VARIANT] }];
  return [{ name: OPTION_WORDS.option, position: 1, values: variantTitles(product) }];
}

/** The lowest and highest option, in Shopify's cents. */
function priceRange(product: ProductDetail) {
  const cents = product.options.map((option) => toShopifyCents(option.unitAmount, option.currency));
  return cents.length === 0 ? { min: 0, max: 0 } : { min: Math.min(...cents), max: Math.max(...cents) };
}

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

function availability(product: ProductDetail): boolean {
  return product.active && product.price !== null && !(product.stock.tracked && product.stock.available <= 0);
}

/** `/products/<handle>.js` */
export function productJs(product: ProductDetail, shop: ShopFacts) {
  const available = availability(product);
  const titles = variantTitles(product);
  const range = priceRange(product);
  const choice = product.options.length > 1;
  const variants = product.options.map((price: ProductOption, index) => ({
    id: price.numId,
    title: titles[index]!,
    option1: titles[index]!,
    option2: null,
    option3: null,
    sku: null,
    requires_shipping: product.shippable,
    taxable: price.taxBehavior !== 'unspecified',
    featured_image: null,
    available,
    name: choice ? `${product.name} - ${titles[index]}` : product.name,
    public_title: choice ? titles[index]! : null,
    options: [titles[index]!],
    price: toShopifyCents(price.unitAmount, price.currency),
    weight: 0,
    compare_at_price: null,
    inventory_management: product.stock.tracked ? 'kago' : null,
    barcode: null,
    requires_selling_plan: false,
    selling_plan_allocations: [],
    stripe_price_id: price.id,
    price_minor: price.unitAmount,
  }));
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
    price: range.min,
    price_min: range.min,
    price_max: range.max,
    available,
    price_varies: range.min !== range.max,
    compare_at_price: null,
    compare_at_price_min: 0,
    compare_at_price_max: 0,
    compare_at_price_varies: false,
    variants,
    images: product.image ? [product.image] : [],
    featured_image: product.image,
    options: productOptions(product),
    url: productUrl(product.handle),
    media: [],
    requires_selling_plan: false,
    selling_plan_groups: [],
    stripe_product_id: product.id,
    currency: product.price ? product.price.currency.toUpperCase() : null,
  };
}

/** `/products/<handle>.json`: `{product: ...}` with prices as decimal strings, as Shopify's storefront answers it. */
export function productJson(product: ProductDetail, shop: ShopFacts) {
  const titles = variantTitles(product);
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
      variants: product.options.map((price, index) => ({
        id: price.numId,
        product_id: product.numId,
        title: titles[index]!,
        price: toShopifyDecimal(price.unitAmount, price.currency),
        sku: null,
        position: index + 1,
        compare_at_price: null,
        fulfillment_service: 'manual',
        inventory_management: product.stock.tracked ? 'kago' : null,
        option1: titles[index]!,
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
      })),
      options: productOptions(product).map((option) => ({ product_id: product.numId, ...option })),
      images: product.image
        ? [{ product_id: product.numId, position: 1, src: product.image, width: null, height: null, variant_ids: [] }]
        : [],
      image: product.image
        ? { product_id: product.numId, position: 1, src: product.image, width: null, height: null, variant_ids: [] }
        : null,
      stripe_product_id: product.id,
    },
  };
}
