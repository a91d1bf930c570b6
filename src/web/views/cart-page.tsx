/**
 * GET /cart: the lines (image, name, unit price, quantity, line total, remove), subtotal, clear and checkout.
 * Plain forms, so it all works without JavaScript: one form updates every quantity, and Checkout sends that same
 * form (the quantities as typed are what checkout uses); each remove button posts its own small form. Lines that
 * can no longer be bought are listed apart and counted apart. "Clear cart" asks first (views/clear-cart-page.tsx).
 */
import { MAX_LINE_QUANTITY } from '../../cart/limits.js';
import type { Child } from 'hono/jsx';
import type { CartLine, CartView } from '../../cart/cart-view.js';
import { visibleProperties } from '../../cart/line-properties.js';
import { countryName } from '../../shipping/countries.js';
import type { ShippingEstimate } from '../../shipping/rates.js';
import { ClearCartLink } from './clear-cart-page.js';
import { Layout } from './layout.js';
import { nameWithOption } from './option-words.js';
import { PolicyLinks } from './policy-links.js';
import type { PageContext } from './page-context.js';
import { subtotalTaxNote } from './stock-and-tax.js';

export interface CartNotice {
  tone: 'error' | 'success';
  title: string;
  message: string;
}

function LineImage({ line }: { line: CartLine }) {
  if (!line.image) return <div class="cart-line__image product-image--none" aria-hidden="true"></div>;
  return (
    <img class="cart-line__image" src={line.image} alt="" width="96" height="96" loading="lazy" decoding="async" />
  );
}

function LinePrice({ ctx, line, currency }: { ctx: PageContext; line: CartLine; currency: string }) {
  const now = ctx.formatPrice(line.unitAmount, currency);
  if (line.previousUnitAmount === null) return <p class="price">{now}</p>;
  const before = ctx.formatPrice(line.previousUnitAmount, currency);
  return (
    <p class="price price--changed">
      <del>{before}</del> <ins>{now}</ins>
      <span class="cart-line__note">{ctx.t('cart.priceChanged', { before, now })}</span>
    </p>
  );
}

/** The properties a shopper chose (an engraving); `_`-prefixed ones are for the shop's scripts and stay hidden. */
function LineProperties({ line }: { line: CartLine }) {
  const shown = visibleProperties(line.properties);
  if (shown.length === 0) return null;
  return (
    <dl class="cart-line__properties">
      {shown.map(([name, value]) => (
        <>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

/**
 * The lines (the `cart-items` section): those that can be bought, then apart those that cannot, with their count.
 * Each quantity field belongs to the page's `cart-form`; each remove button to its `remove-<n>` form (n: the line's
 * place in the cart).
 */
export function CartLines({ ctx, cart }: { ctx: PageContext; cart: CartView }) {
  const numbered = cart.lines.map((line, index) => ({ line, index: index + 1 }));
  const unavailable = numbered.filter(({ line }) => !line.available);
  return (
    <>
      <ul class="cart-lines" id="cart-items">
        {numbered
          .filter(({ line }) => line.available)
          .map(({ line, index }) => (
            <Line ctx={ctx} line={line} index={index} currency={cart.currency ?? 'usd'} />
          ))}
      </ul>
      {unavailable.length > 0 ? (
        <section class="cart-unavailable" aria-labelledby="cart-unavailable-title" data-cart-unavailable>
          <h2 class="cart-unavailable__title" id="cart-unavailable-title">
            {ctx.t('cartUnavailable.title', { count: cart.unavailableCount })}
          </h2>
          <p class="cart-unavailable__note">{ctx.t('cartUnavailable.note')}</p>
          <ul class="cart-lines">
            {unavailable.map(({ line, index }) => (
              <Line ctx={ctx} line={line} index={index} currency={cart.currency ?? 'usd'} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

const itemsWord = (count: number) => `${count} ${count === 1 ? 'item' : 'items'}`;

/** "Subtotal (3 items): ¥3,600" and the tax note. */
export function CartSubtotal({ ctx, cart }: { ctx: PageContext; cart: CartView }) {
  const currency = cart.currency ?? 'usd';
  const taxNote = subtotalTaxNote(
    ctx.t,
    cart.lines.filter((line) => line.available).map((line) => line.taxBehavior),
  );
  return (
    <>
      <p class="cart-summary__subtotal">
        {ctx.t('cart.subtotal', { count: cart.itemCount })}{' '}
        <strong data-cart-subtotal>{ctx.formatPrice(cart.subtotal, currency)}</strong>
      </p>
      {taxNote ? <p class="cart-summary__tax">{taxNote}</p> : null}
    </>
  );
}

/** The cart's attributes as set by the shop's scripts (gift wrap); `_`-prefixed ones stay hidden, as in Shopify. */
export function CartNoteAndAttributes({ ctx, cart }: { ctx: PageContext; cart: CartView }) {
  const attributes = Object.entries(cart.details.attributes).filter(([name]) => !name.startsWith('_'));
  if (attributes.length === 0 && cart.details.note === '') return null;
  return (
    <dl class="cart-details" data-cart-details>
      {cart.details.note !== '' ? (
        <>
          <dt>{ctx.t('cart.note')}</dt>
          <dd>{cart.details.note}</dd>
        </>
      ) : null}
      {attributes.map(([name, value]) => (
        <>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

function Line({ ctx, line, index, currency }: { ctx: PageContext; line: CartLine; index: number; currency: string }) {
  const url = `/products/${encodeURIComponent(line.handle ?? line.productId)}`;
  const fieldId = `quantity-${index}`;
  return (
    <li class={`cart-line${line.available ? '' : ' cart-line--unavailable'}`}>
      <LineImage line={line} />
      <div class="cart-line__info">
        <a class="cart-line__title" href={url}>
          {line.title}
        </a>
        {line.variantTitle ? (
          <p class="cart-line__option" data-line-option>
            {ctx.t('option.line', { label: line.variantTitle })}
          </p>
        ) : null}
        <LineProperties line={line} />
        {line.available ? (
          <LinePrice ctx={ctx} line={line} currency={currency} />
        ) : (
          <p class="cart-line__note">{ctx.t('cart.lineUnavailable')}</p>
        )}
      </div>
      {line.available ? (
        <label class="field cart-line__quantity" for={fieldId}>
          <span>
            {ctx.t('cart.quantity')}
            <span class="visually-hidden">
              {' '}
              {ctx.t('cart.quantityOf', { name: nameWithOption(line.title, line.variantTitle) })}
            </span>
          </span>
          <input
            id={fieldId}
            form="cart-form"
            type="number"
            name={`updates[${line.key}]`}
            value={String(line.quantity)}
            min="0"
            max={MAX_LINE_QUANTITY}
            step="1"
            inputmode="numeric"
            required
          />
        </label>
      ) : (
        <p class="cart-line__quantity">× {line.quantity}</p>
      )}
      <p class="cart-line__total">{line.available ? ctx.formatPrice(line.lineAmount, currency) : ''}</p>
      <button class="button button--link cart-line__remove" type="submit" form={`remove-${index}`}>
        {ctx.t('cart.remove')}
        <span class="visually-hidden"> {nameWithOption(line.title, line.variantTitle)}</span>
      </button>
    </li>
  );
}

/** What the cart page says about shipping, for a cart with something to ship. */
export interface CartShipping {
  estimate: ShippingEstimate;
  /** The countries the shop delivers to; a choice is shown when there are several. */
  shipTo: readonly string[];
  country: string;
}

/** The cheapest shipping for this cart and what would make it free. */
export function ShippingEstimateNote({
  ctx,
  shipping,
  currency,
}: {
  ctx: PageContext;
  shipping: CartShipping;
  currency: string;
}) {
  const { cheapest, freeAbove } = shipping.estimate;
  if (!cheapest)
    return (
      <p class="cart-shipping" data-cart-shipping>
        {ctx.t('cart.shipping.none')}
      </p>
    );
  const facts = {
    name: cheapest.name,
    minDays: cheapest.minDays,
    maxDays: cheapest.maxDays,
    amount: ctx.formatPrice(cheapest.amount, currency),
  };
  return (
    <p class="cart-shipping" data-cart-shipping>
      {cheapest.amount === 0 ? ctx.t('cart.shipping.free', facts) : ctx.t('cart.shipping.from', facts)}
      {freeAbove !== undefined
        ? ctx.t('cart.shipping.freeAbove', { amount: ctx.formatPrice(freeAbove, currency) })
        : ''}
      {ctx.t('cart.shipping.chosenAtCheckout')}
    </p>
  );
}

/**
 * Starts checkout. The button sends the cart form (`checkout` set): the quantities and note as the shopper sees them
 * are saved first, then POST /checkout checks the cart again and sends the shopper to pay (web/routes/cart.tsx).
 */
export function CheckoutButton({
  ctx,
  shipping,
}: {
  ctx: Pick<PageContext, 't' | 'lang' | 'policies'>;
  shipping?: CartShipping | undefined;
}) {
  return (
    <div class="cart-checkout">
      {shipping && shipping.shipTo.length > 1 ? (
        <label class="field cart-country">
          {ctx.t('cart.deliverTo')}
          <select name="country" autocomplete="country" form="cart-form">
            {shipping.shipTo.map((code) => (
              <option value={code} selected={code === shipping.country}>
                {countryName(code, ctx.lang) ?? code}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button class="button button--checkout" type="submit" form="cart-form" name="checkout" value="1" data-submit-once>
        {ctx.t('cart.checkout')}
      </button>
      {ctx.policies.length > 0 ? (
        <div class="cart-policies">
          <p>{ctx.t('policies.beforeCheckout')}</p>
          <PolicyLinks ctx={ctx} />
        </div>
      ) : null}
    </div>
  );
}

export function CartPageView({
  ctx,
  cart,
  notice,
  checkout,
  shipping,
}: {
  ctx: PageContext;
  cart: CartView;
  notice?: CartNotice | undefined;
  checkout?: Child;
  shipping?: CartShipping | undefined;
}) {
  const currency = cart.currency ?? 'usd';
  return (
    <Layout ctx={ctx} title={ctx.t('cart.title')}>
      <h1 class="page-title">{ctx.t('cart.title')}</h1>
      {notice ? (
        <section class={`notice notice--${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          <h2 class="notice__title">{notice.title}</h2>
          <p>{notice.message}</p>
        </section>
      ) : null}
      {cart.lines.length === 0 ? (
        <section class="notice cart-empty">
          <p>{ctx.t('cart.empty')}</p>
          <p>
            <a class="button" href="/">
              {ctx.t('cart.continueShopping')}
            </a>
          </p>
        </section>
      ) : (
        <>
          <form id="cart-form" class="cart" method="post" action="/cart/update">
            <CartLines ctx={ctx} cart={cart} />
            <div class="cart-summary">
              <CartSubtotal ctx={ctx} cart={cart} />
              {shipping ? <ShippingEstimateNote ctx={ctx} shipping={shipping} currency={currency} /> : null}
              <CartNoteAndAttributes ctx={ctx} cart={cart} />
              <label class="field cart-note">
                {ctx.t('cart.noteForShop')}
                <textarea name="note" rows={2} maxlength={5000}>
                  {cart.details.note}
                </textarea>
              </label>
              <button class="button button--secondary" type="submit">
                {ctx.t('cart.update')}
              </button>
            </div>
          </form>
          {cart.lines.map((line, index) => (
            <form id={`remove-${index + 1}`} method="post" action="/cart/change" hidden>
              <input type="hidden" name="id" value={line.key} />
              <input type="hidden" name="quantity" value="0" />
            </form>
          ))}
          <div class="cart-actions">
            <ClearCartLink ctx={ctx} cart={cart} />
            {cart.unavailableCount > 0 && cart.itemCount > 0 ? (
              <p class="cart-actions__note" data-checkout-without-unavailable>
                {ctx.t('cartUnavailable.checkoutNote', { count: cart.unavailableCount })}
              </p>
            ) : null}
            {cart.itemCount > 0 ? checkout : null}
          </div>
        </>
      )}
    </Layout>
  );
}
