/** GET /products/:id : one product with its description, price and add-to-cart form (when it is sold). */
import type { Product } from '../../catalog/index.js';
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';
import { ProductImage } from './product-card.js';
import { Price, StockNote } from './stock-and-tax.js';

/** Paragraphs from the export's plain-text description (blank lines or line breaks separate them). */
function paragraphs(text: string): string[] {
  return text
    .split(/\n+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

export function ProductPageView({ ctx, product, addForm }: { ctx: PageContext; product: Product; addForm?: unknown }) {
  const sellable = product.active && product.price !== null;
  return (
    <Layout ctx={ctx} title={product.name} description={product.description.slice(0, 160) || undefined}>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/">All products</a>
      </nav>
      <article class="product">
        <div class="product__media">
          <ProductImage product={product} eager />
        </div>
        <div class="product__info">
          <h1 class="product__name">{product.name}</h1>
          {product.price && product.active ? (
            <>
              <Price amount={ctx.formatPrice(product.price.unitAmount, product.price.currency)} taxBehavior={product.price.taxBehavior} large />
              <StockNote level={product.stock} lowStock={ctx.lowStock} />
            </>
          ) : null}
          {!product.active ? (
            <p class="notice notice--muted" role="note">
              This product is no longer sold.
            </p>
          ) : !sellable ? (
            <p class="notice notice--muted" role="note">
              This product cannot be bought here.
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
    </Layout>
  );
}
