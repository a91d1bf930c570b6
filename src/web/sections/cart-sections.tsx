/**
 * The cart's named sections: parts of kago's own pages that themes and scripts redraw after a cart change, through
 * Shopify's bundled section rendering (`sections` on add/change/update/clear.js) or the Section Rendering API
 * (`?sections=` / `?section_id=` on any page). Each renders from the same views as the pages. Ids are documented in
 * docs/cart-api.md; Dawn's ids are answered too, so its cart scripts find what they look for.
 */
import type { Child } from 'hono/jsx';
import type { CartView } from '../../cart/cart-view.js';
import { CartLines, CartNoteAndAttributes, CartSubtotal } from '../views/cart-page.js';
import { CartLink } from '../views/layout.js';
import { nameWithOption } from '../views/option-words.js';
import type { PageContext } from '../views/page-context.js';

type Section = (ctx: PageContext, cart: CartView) => Child;

/** The header's cart link and count. */
const cartIconBubble: Section = (ctx) => <CartLink ctx={ctx} />;

/** The cart's lines, as on the cart page (their quantity fields belong to the page's `cart-form`). */
const cartItems: Section = (ctx, cart) =>
  cart.lines.length === 0 ? <p class="cart-empty">{ctx.t('cart.empty')}</p> : <CartLines ctx={ctx} cart={cart} />;

/** Subtotal, tax note, the note and attributes. */
const cartTotals: Section = (ctx, cart) =>
  cart.lines.length === 0 ? null : (
    <div class="cart-summary">
      <CartSubtotal ctx={ctx} cart={cart} />
      <CartNoteAndAttributes ctx={ctx} cart={cart} />
    </div>
  );

/** A compact cart: lines with quantities and totals, and the way to the cart page. */
const cartDrawer: Section = (ctx, cart) => {
  const currency = cart.currency ?? 'usd';
  return (
    <div id="CartDrawer" class="cart-drawer">
      <div class={`drawer__inner${cart.lines.length === 0 ? ' is-empty' : ''}`}>
        {cart.lines.length === 0 ? (
          <p class="drawer__inner-empty">{ctx.t('cart.empty')}</p>
        ) : (
          <>
            <ul class="cart-drawer__lines">
              {cart.lines.map((line, index) => (
                <li id={`CartDrawer-Item-${index + 1}`} class="cart-item" data-line-key={line.key}>
                  <span class="cart-item__name">{nameWithOption(line.title, line.variantTitle)}</span> × {line.quantity}
                  {line.available ? (
                    <span class="cart-item__price"> {ctx.formatPrice(line.lineAmount, currency)}</span>
                  ) : null}
                </li>
              ))}
            </ul>
            <CartSubtotal ctx={ctx} cart={cart} />
          </>
        )}
        <a class="button" href="/cart">
          {ctx.t('cart.viewCartCount', { count: cart.itemCount })}
        </a>
      </div>
    </div>
  );
};

/** What a screen reader hears after a change. */
const cartLiveRegionText: Section = (ctx, cart) => <p>{ctx.t('cart.liveRegion', { count: cart.itemCount })}</p>;

/** Dawn's notification after an add: each line, findable by `#cart-notification-product-<key>`. */
const cartNotificationProduct: Section = (ctx, cart) => (
  <div>
    {cart.lines.map((line) => (
      <div id={`cart-notification-product-${line.key}`} class="cart-notification-product">
        {line.image ? <img src={line.image} alt="" width="70" height="70" /> : null}
        <h3 class="cart-notification-product__name">{nameWithOption(line.title, line.variantTitle)}</h3>
        {line.available ? <p>{ctx.formatPrice(line.unitAmount, cart.currency ?? 'usd')}</p> : null}
      </div>
    ))}
  </div>
);

const cartNotificationButton: Section = (ctx, cart) => (
  <a class="button" href="/cart" id="cart-notification-button">
    {ctx.t('cart.viewMyCartCount', { count: cart.itemCount })}
  </a>
);

/** Section id -> what it renders. Dawn's names point at the same views as kago's. */
export const CART_SECTIONS: ReadonlyMap<string, Section> = new Map([
  ['cart-icon-bubble', cartIconBubble],
  ['cart-items', cartItems],
  ['cart-totals', cartTotals],
  ['cart-drawer', cartDrawer],
  ['cart-live-region-text', cartLiveRegionText],
  ['main-cart-items', cartItems],
  ['main-cart-footer', cartTotals],
  ['cart-notification-product', cartNotificationProduct],
  ['cart-notification-button', cartNotificationButton],
]);

/**
 * One section as Shopify wraps it: `<div id="shopify-section-<id>" class="shopify-section">`; undefined when unknown.
 * Its content sits in one `data-ajax-cart-section` part, the part liquid-ajax-cart swaps (a page showing the section
 * marks the same part), so the library redraws it in place.
 */
export function renderSection(id: string, ctx: PageContext, cart: CartView): string | undefined {
  const section = CART_SECTIONS.get(id);
  if (!section) return undefined;
  return String(
    <div id={`shopify-section-${id}`} class="shopify-section">
      <div class="shopify-section__content" data-ajax-cart-section="">
        {section(ctx, cart)}
      </div>
    </div>,
  );
}
