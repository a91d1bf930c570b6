/**
 * One product in the catalog grid: image, name, price, stock note, and (when sold) its add-to-cart form, or for a
 * product with options "From ¥X" and a link to choose one on its page.
 */
import type { Child } from 'hono/jsx';
import type { Price as CatalogPrice, Product } from '../../catalog/index.js';
import { imageSrcset } from '../image-widths.js';
import { productAnchor } from './added-notice.js';
import type { PageContext } from './page-context.js';
import { Phrases } from './phrases.js';
import { Price, StockNote } from './stock-and-tax.js';

/** How wide an image shows (for srcset): a card is one column of the grid (the whole width on a phone), a product page's half of it on a wide screen. */
const CARD_SIZES = '(max-width: 520px) 100vw, 320px';
const PAGE_SIZES = '(min-width: 760px) 50vw, 100vw';

/**
 * `decorative` when the product's name is right beside the image (a card): screen readers should not hear it twice.
 * `srcset` only where the image's host makes smaller copies (src/web/image-widths.ts).
 */
export function ProductImage({
  product,
  eager = false,
  decorative = false,
  priority = eager && !decorative,
}: {
  product: Product;
  eager?: boolean;
  decorative?: boolean;
  /** Fetched before other images (`fetchpriority=high`): the page's largest paint, a product page's image or a list's first. */
  priority?: boolean;
}) {
  if (!product.image) {
    return decorative ? (
      <div class="product-image product-image--none" aria-hidden="true"></div>
    ) : (
      <div class="product-image product-image--none" role="img" aria-label={product.name}></div>
    );
  }
  const srcset = imageSrcset(product.image);
  return (
    <img
      class="product-image"
      src={product.image}
      srcset={srcset}
      sizes={srcset ? (decorative ? CARD_SIZES : PAGE_SIZES) : undefined}
      alt={decorative ? '' : product.name}
      width="400"
      height="400"
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
      fetchpriority={priority ? 'high' : undefined}
    />
  );
}

/** A product with options is chosen on its own page: its card links there instead of adding. */
export const hasChoice = (product: Product): boolean => product.optionCount > 1;

const productHref = (product: Product) => `/products/${encodeURIComponent(product.handle)}`;

/** "¥1,200", or "From ¥1,200" (the lowest option) for a product with options. */
function cardPrice(ctx: PageContext, product: Product, price: CatalogPrice): string {
  if (!hasChoice(product) || product.fromAmount === null) return ctx.formatPrice(price.unitAmount, price.currency);
  return ctx.t('option.from', { price: ctx.formatPrice(product.fromAmount, price.currency) });
}

export function ProductCard({
  ctx,
  product,
  action,
  eager = false,
  first = false,
  image = <ProductImage product={product} eager={eager || first} decorative priority={first} />,
}: {
  ctx: PageContext;
  product: Product;
  action?: Child;
  /** The card's image, rendered by the caller (src/web/views/list-cards.tsx keeps cards without it). */
  image?: Child;
  eager?: boolean;
  /** The list's first card: its image is fetched first (most often the page's largest paint). */
  first?: boolean;
}) {
  return (
    <li class="product-card" id={productAnchor(product.id)}>
      <a class="product-card__link" href={productHref(product)}>
        {image}
        <h2 class="product-card__name phrases">
          <Phrases text={product.name} />
        </h2>
      </a>
      {product.price ? (
        <Price ctx={ctx} amount={cardPrice(ctx, product, product.price)} taxBehavior={product.price.taxBehavior} />
      ) : null}
      <StockNote ctx={ctx} level={product.stock} />
      {hasChoice(product) ? (
        <a class="button button--block" href={productHref(product)}>
          {ctx.t('option.choose')}
          <span class="visually-hidden"> {product.name}</span>
        </a>
      ) : (
        action
      )}
    </li>
  );
}
