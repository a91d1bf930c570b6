/** The frame of every page: header with the shop name and cart link, main content, footer. */
import type { Child } from 'hono/jsx';
import type { PageContext } from './page-context.js';
import { CollectionLinks, SearchBox } from './search-box.js';

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  /** Meta description for the page, when it has one. */
  description?: string;
  /** More <head> tags: canonical URL, robots, link previews, JSON-LD (views/seo-head.tsx). */
  head?: Child;
  children?: Child;
}

/** The header's cart link with the count (also the `cart-icon-bubble` section). */
export function CartLink({ ctx }: { ctx: PageContext }) {
  return (
    <a class="cart-link" id="cart-icon-bubble" href="/cart" data-cart-link>
      Cart <span class="cart-link__count" data-cart-count>{ctx.cartCount}</span>
      <span class="visually-hidden" data-cart-count-label>
        {ctx.cartCount === 1 ? ' item' : ' items'}
      </span>
    </a>
  );
}

export function Layout({ ctx, title, description, head, children }: LayoutProps) {
  const pageTitle = title === ctx.shopName ? title : `${title} · ${ctx.shopName}`;
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{pageTitle}</title>
        {description ? <meta name="description" content={description} /> : null}
        <link rel="icon" href={ctx.assets.icon} type="image/svg+xml" />
        <link rel="stylesheet" href={ctx.assets.stylesheet} />
        <script type="module" src={ctx.assets.script}></script>
        {head}
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <div class="wrap site-header__inner">
            <a class="site-header__brand" href="/">
              {ctx.shopName}
            </a>
            <SearchBox />
            <nav aria-label="Shop">
              <CartLink ctx={ctx} />
            </nav>
          </div>
          <CollectionLinks collections={ctx.collections ?? []} />
        </header>
        <p class="visually-hidden" role="status" aria-live="polite" data-cart-status></p>
        <main id="main" class="wrap">
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              {ctx.shopName} ·{' '}
              {ctx.demoPayments ? 'This is a demo shop: checkout takes no real payments.' : 'Payments are handled by Stripe Checkout.'}
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
