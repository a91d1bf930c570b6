/**
 * schema.org JSON-LD for search engines: a product page's `Product` with its `Offer` (price as a decimal string in
 * the currency's major units, ISO currency, availability from stock), an `AggregateOffer` of one `Offer` per option
 * for a product with options, and every page's `BreadcrumbList`. Pure.
 */
import type { Product, ProductDetail, ProductOption } from '../catalog/index.js';
import { minorToMajor } from '../money/index.js';

export interface Crumb {
  name: string;
  /** Absolute URL; the last crumb (the page itself) may leave it out. */
  url?: string;
}

export function breadcrumbList(crumbs: Crumb[]) {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((crumb, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: crumb.name,
      ...(crumb.url ? { item: crumb.url } : {}),
    })),
  };
}

/** InStock, OutOfStock (counted, none left) or Discontinued (no longer sold). */
export function availability(product: Product): string {
  if (!product.active || product.price === null) return 'https://schema.org/Discontinued';
  if (product.stock.tracked && product.stock.available <= 0) return 'https://schema.org/OutOfStock';
  return 'https://schema.org/InStock';
}

/** One schema.org Offer: a price of the product, at its page (`?variant=` names an option). */
function offer(product: ProductDetail, price: ProductOption, url: string, shopName: string) {
  return {
    '@type': 'Offer',
    url,
    ...(price.label ? { name: price.label } : {}),
    price: minorToMajor(price.unitAmount, price.currency),
    priceCurrency: price.currency.toUpperCase(),
    availability: availability(product),
    itemCondition: 'https://schema.org/NewCondition',
    seller: { '@type': 'Organization', name: shopName },
  };
}

/** A single Offer, or for a product with options an AggregateOffer (lowest and highest price) holding one per option. */
function offers(product: ProductDetail, url: string, shopName: string) {
  if (product.options.length <= 1)
    return product.price ? { offers: offer(product, { ...product.price, label: '' }, url, shopName) } : {};
  const amounts = product.options.map((option) => option.unitAmount);
  const currency = product.options[0]!.currency;
  return {
    offers: {
      '@type': 'AggregateOffer',
      lowPrice: minorToMajor(Math.min(...amounts), currency),
      highPrice: minorToMajor(Math.max(...amounts), currency),
      priceCurrency: currency.toUpperCase(),
      offerCount: product.options.length,
      availability: availability(product),
      offers: product.options.map((option) => offer(product, option, `${url}?variant=${option.numId}`, shopName)),
    },
  };
}

export function productStructuredData(product: ProductDetail, url: string, origin: string, shopName: string) {
  const image = product.image ? new URL(product.image, origin).href : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.name,
    ...(product.description ? { description: product.description } : {}),
    ...(image ? { image: [image] } : {}),
    sku: product.id,
    url,
    brand: { '@type': 'Brand', name: shopName },
    ...offers(product, url, shopName),
  };
}

/** JSON for a `<script type="application/ld+json">`: `<` escaped, so no text in it can close the script. */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
