/**
 * "Clear cart" asks before it empties the cart. The cart page's link opens GET /cart/clear, a page that says what
 * would go and posts POST /cart/clear only when the shopper confirms; with JavaScript the script asks in a dialog
 * instead (the question is in `data-confirm`) and sends the page's hidden form.
 */
import type { CartView } from '../../cart/cart-view.js';
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';

const CLEAR_FORM_ID = 'clear-cart-form';

/** The question, for the page and the script's dialog alike (counting every line, buyable or not). */
function question(ctx: PageContext, cart: CartView): string {
  return ctx.t('clearCart.question', { count: cart.itemCount + cart.unavailableCount });
}

/** The cart page's "Clear cart": a link to the confirmation page, and the form the script sends once confirmed. */
export function ClearCartLink({ ctx, cart }: { ctx: PageContext; cart: CartView }) {
  return (
    <>
      <a
        class="button button--link cart-clear"
        href="/cart/clear"
        data-confirm={question(ctx, cart)}
        data-confirm-form={CLEAR_FORM_ID}
      >
        {ctx.t('cart.clear')}
      </a>
      <form id={CLEAR_FORM_ID} method="post" action="/cart/clear" hidden></form>
    </>
  );
}

/** GET /cart/clear: what clearing would remove, "Clear cart" to confirm and a way back. */
export function ClearCartPageView({ ctx, cart }: { ctx: PageContext; cart: CartView }) {
  return (
    <Layout ctx={ctx} title={ctx.t('clearCart.title')}>
      <h1 class="page-title">{ctx.t('clearCart.title')}</h1>
      <section class="notice">
        <p>
          {question(ctx, cart)} {ctx.t('clearCart.cannotUndo')}
        </p>
        <ul class="clear-cart__lines">
          {cart.lines.map((line) => (
            <li>
              {line.title} × {line.quantity}
            </li>
          ))}
        </ul>
        <div class="clear-cart__actions">
          <form method="post" action="/cart/clear">
            <button class="button" type="submit">
              {ctx.t('clearCart.confirm')}
            </button>
          </form>
          <a class="button button--secondary" href="/cart">
            {ctx.t('clearCart.keep')}
          </a>
        </div>
      </section>
    </Layout>
  );
}
