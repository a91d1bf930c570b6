/** The frame of every page: header with the shop name and cart link, main content, footer with the language switcher. */
import type { Child } from 'hono/jsx';
import { LANGUAGE_NAMES } from '../../i18n/index.js';
import { switchUrl } from '../language.js';
import { AddedNoticeTemplate } from './added-notice.js';
import { ClientMessagesBlock } from './client-messages.js';
import type { PageContext } from './page-context.js';
import { PolicyLinks } from './policy-links.js';
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
      {ctx.t('layout.cart')}{' '}
      <span class="cart-link__count" data-cart-count>
        {ctx.cartCount}
      </span>
      <span class="visually-hidden" data-cart-count-label>
        {ctx.t('layout.cartItems', { count: ctx.cartCount })}
      </span>
    </a>
  );
}

/** Links to this page in each of the shop's languages (a GET that remembers the choice in a cookie, no session). */
export function LanguageSwitcher({ ctx }: { ctx: PageContext }) {
  if (ctx.languages.length < 2) return null;
  return (
    <nav class="language-switcher" aria-label={ctx.t('layout.language.label')}>
      <ul role="list">
        {ctx.languages.map((language) => (
          <li>
            <a
              href={switchUrl(ctx.path, language)}
              hreflang={language}
              lang={language}
              aria-current={language === ctx.lang ? 'true' : undefined}
              data-language={language}
            >
              {LANGUAGE_NAMES[language]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
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
        <ClientMessagesBlock ctx={ctx} />
        {head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {ctx.t('layout.skipToContent')}
        </a>
        <header class="site-header">
          <div class="wrap site-header__inner">
            <a class="site-header__brand" href="/">
              {ctx.shopName}
            </a>
            <SearchBox ctx={ctx} />
            <nav aria-label={ctx.t('layout.shopNav')}>
              <CartLink ctx={ctx} />
            </nav>
          </div>
          <CollectionLinks ctx={ctx} collections={ctx.collections ?? []} />
        </header>
        <p class="visually-hidden" role="status" aria-live="polite" data-cart-status></p>
        <main id="main" class="wrap">
          {children}
        </main>
        <AddedNoticeTemplate ctx={ctx} />
        <footer class="site-footer">
          <div class="wrap site-footer__inner">
            <p>
              {ctx.shopName} ·{' '}
              {ctx.demoPayments ? ctx.t('layout.footer.demoPayments') : ctx.t('layout.footer.stripePayments')}
            </p>
            {ctx.policies.length > 0 ? (
              <nav aria-label={ctx.t('policies.nav')}>
                <PolicyLinks ctx={ctx} />
              </nav>
            ) : null}
            <LanguageSwitcher ctx={ctx} />
          </div>
        </footer>
      </body>
    </html>
  );
}
