/**
 * "Added <name> · View cart" after an add to cart. Without JavaScript the add answers 303 back to the page and
 * product the shopper was at (`?added=<product id>#product-<id>`), and that page ends with this notice; the page
 * before it stays the same bytes for every shopper (catalog pages are rendered and compressed once), since the
 * notice goes in the answer's own tail, like the add forms' tokens. With JavaScript the script fills the same
 * notice from the page's template. Fixed to the bottom of the window: it moves nothing on the page.
 */
import { renderHtml } from '../render.js';
import type { PageContext } from './page-context.js';

/** The anchor of a product's card in a listing, which the add's redirect returns to. */
export const productAnchor = (productId: string): string => `product-${encodeURIComponent(productId)}`;

/** The notice; `name` empty leaves the name for the script to fill (`data-added-name`). */
export function AddedNotice({ ctx, name }: { ctx: PageContext; name: string }) {
  const words = ctx.t.rich('addedNotice.text', {
    name,
    product: (chunks) => (
      <strong class="added-notice__name" data-added-name>
        {chunks as never}
      </strong>
    ),
    link: (chunks) => <a href="/cart">{chunks as never}</a>,
  });
  return (
    <section class="added-notice" aria-label={ctx.t('layout.cart')} data-added-notice>
      <p class="added-notice__text" role="status">
        {words as never}
      </p>
      <button class="added-notice__close" type="button" data-added-close hidden>
        <span aria-hidden="true">×</span>
        <span class="visually-hidden">{ctx.t('addedNotice.close')}</span>
      </button>
    </section>
  );
}

/** For the script: the notice with no name yet (in every page's layout, so its words are the page's language). */
export function AddedNoticeTemplate({ ctx }: { ctx: PageContext }) {
  return (
    <template data-added-notice-template>
      <AddedNotice ctx={ctx} name="" />
    </template>
  );
}

/** The product id of `?added=`, when it is one the page can name (a Stripe id's letters, digits, `_` and `-`). */
export function addedProductId(query: unknown): string | undefined {
  const value = (query as { added?: unknown } | undefined)?.added;
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,255}$/.test(value) ? value : undefined;
}

/** The notice as HTML for a page's tail; '' when there is nothing to say. */
export function addedNoticeHtml(ctx: PageContext, name: string | undefined): string {
  return name === undefined ? '' : renderHtml(<AddedNotice ctx={ctx} name={name} />);
}

/**
 * Where the no-JavaScript add goes back to: `back` (a path already judged safe: web/routes/cart.tsx) without its
 * fragment or an earlier `added`, with `added=<id>` and the product's card as the fragment. Plain string work, no URL
 * parser: its normalising could turn a safe `/.//host` into `//host`. The id is encoded, so it adds nothing else.
 */
export function addedLocation(back: string, productId: string): string {
  const withoutFragment = back.replace(/#.*$/, '');
  const queryAt = withoutFragment.indexOf('?');
  const path = queryAt === -1 ? withoutFragment : withoutFragment.slice(0, queryAt);
  const query =
    queryAt === -1
      ? []
      : withoutFragment
          .slice(queryAt + 1)
          .split('&')
          .filter((part) => part !== '' && !/^added(=|$)/.test(part));
  query.push(`added=${encodeURIComponent(productId)}`);
  return `${path}?${query.join('&')}#${productAnchor(productId)}`;
}
