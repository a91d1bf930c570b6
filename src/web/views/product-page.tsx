/** GET /products/:id : one product with its description, price (or its options') and add-to-cart form (when it is sold). */
import type { ProductDetail } from '../../catalog/index.js';
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';
import { ProductImage } from './product-card.js';
import { minorToMajor } from '../../money/index.js';
import { collectionsOf } from '../../search/search-text.js';
import { breadcrumbList, productStructuredData } from '../structured-data.js';
import { metaDescription, SeoHead } from './seo-head.js';
import { Phrases } from './phrases.js';
import { Price, StockNote } from './stock-and-tax.js';

/** Paragraphs from the export's plain-text description (blank lines or line breaks separate them). */
function paragraphs(text: string): string[] {
  return text
    .split(/\n+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The lowest price it sells at (its only one, or its cheapest option). */
const lowest = (product: ProductDetail): number =>
  Math.min(...product.options.map((option) => option.unitAmount), product.price?.unitAmount ?? Infinity);

/** `notice`: "Added ... · View cart" after an add without JavaScript (views/added-notice.tsx). */
export function ProductPageView({
  ctx,
  product,
  addForm,
  origin,
  notice,
}: {
  ctx: PageContext;
  product: ProductDetail;
  addForm?: unknown;
  origin: string;
  notice?: unknown;
}) {
  const sellable = product.active && product.price !== null;
  const url = `${origin}/products/${encodeURIComponent(product.handle)}`;
  const collection = collectionsOf(product.metadata)[0];
  const crumbs = [
    { name: ctx.t('product.breadcrumb.all'), href: '/' },
    ...(collection ? [{ name: collection.title, href: `/collections/${encodeURIComponent(collection.handle)}` }] : []),
  ];
  const description = metaDescription(product.description) || undefined;
  const seo = {
    canonical: url,
    title: product.name,
    description,
    type: 'product' as const,
    image: product.image ? new URL(product.image, origin).href : undefined,
    price: product.price
      ? {
          amount: minorToMajor(lowest(product), product.price.currency),
          currency: product.price.currency.toUpperCase(),
        }
      : undefined,
    jsonLd: [
      productStructuredData(product, url, origin, ctx.shopName),
      breadcrumbList([
        ...crumbs.map((crumb) => ({ name: crumb.name, url: `${origin}${crumb.href}` })),
        { name: product.name },
      ]),
    ],
  };
  return (
    <Layout ctx={ctx} title={product.name} description={description} head={<SeoHead seo={seo} ctx={ctx} />}>
      <nav class="breadcrumbs" aria-label={ctx.t('breadcrumb.label')}>
        {crumbs.map((crumb, index) => (
          <>
            {index > 0 ? <span aria-hidden="true"> › </span> : null}
            <a href={crumb.href}>{crumb.name}</a>
          </>
        ))}
      </nav>
      <article class="product">
        <div class="product__media">
          <ProductImage product={product} eager />
        </div>
        <div class="product__info">
          <h1 class="product__name phrases">
            <Phrases text={product.name} />
          </h1>
          {product.price && product.active ? (
            <>
              {product.options.length > 1 ? (
                <Price
                  ctx={ctx}
                  amount={ctx.t('option.from', { price: ctx.formatPrice(lowest(product), product.price.currency) })}
                  taxBehavior={product.price.taxBehavior}
                  large
                />
              ) : (
                <Price
                  ctx={ctx}
                  amount={ctx.formatPrice(product.price.unitAmount, product.price.currency)}
                  taxBehavior={product.price.taxBehavior}
                  large
                />
              )}
              <StockNote ctx={ctx} level={product.stock} />
            </>
          ) : null}
          {!product.active ? (
            <p class="notice notice--muted" role="note">
              {ctx.t('product.noLongerSold')}
            </p>
          ) : !sellable ? (
            <p class="notice notice--muted" role="note">
              {ctx.t('product.notSoldHere')}
            </p>
          ) : (
            (addForm as never)
          )}
          <div class="product__description">
            {paragraphs(product.description).map((text) => (
              <p>{text}</p>
            ))}
          </div>
        </div>
      </article>
      {notice as never}
    </Layout>
  );
}
