/**
 * schema.org JSON-LD for search engines: a product page's `Product` with its `Offer` (price as a decimal string in
 * the currency's major units, ISO currency, availability from stock) and every page's `BreadcrumbList`. Pure.
 */
import type { Product } from '../catalog/index.js';
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
    itemListElement: crumbs.map((crumb, index) => ({ '@type': 'ListItem', position: index + 1, name: crumb.name, ...(crumb.url ? { item: crumb.url } : {}) })),
  };
}

/** InStock, OutOfStock (counted, none left) or Discontinued (no longer sold). */
export function availability(product: Product): string {
  if (!product.active || product.price === null) return 'https://schema.org/Discontinued';
  if (product.stock.tracked && product.stock.available <= 0) return 'https://schema.org/OutOfStock';
  return 'https://schema.org/InStock';
}

export function productStructuredData(product: Product, url: string, origin: string, shopName: string) {
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
    ...(product.price
      ? {
          offers: {
            '@type': 'Offer',
            url,
            price: minorToMajor(product.price.unitAmount, product.price.currency),
            priceCurrency: product.price.currency.toUpperCase(),
            availability: availability(product),
            itemCondition: 'https://schema.org/NewCondition',
            seller: { '@type': 'Organization', name: shopName },
          },
        }
      : {}),
  };
}

/** JSON for a `<script type="application/ld+json">`: `<` escaped, so no text in it can close the script. */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
