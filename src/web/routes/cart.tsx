/**
 * The cart as pages and plain forms (no JavaScript needed): GET /cart, the seed's POST /cart/:productId, and
 * POST /cart/add|change|update|clear. Every form answers 303 (a reload never posts again); a change the cart page
 * asked for that cannot apply shows the cart again with the reason, and changes nothing. The cart page's Checkout
 * button sends its update form with `checkout` set: once the quantities are saved, 307 re-sends the form to
 * POST /checkout (as Shopify's /cart does), so checkout uses what the shopper typed. GET /cart/clear asks first.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CartChangeResult, CartService } from '../../cart/cart-service.js';
import { CartError } from '../../cart/errors.js';
import { parseAddBody, parseChangeBody, parseUpdateBody } from '../cart-input.js';
import { isOwnUrl } from '../cross-origin.js';
import { cartRefusal, refusal } from '../refusals.js';
import { HttpError } from '../errors.js';
import type { Translator } from '../../i18n/index.js';
import { refusalWords, type Refusal } from '../../refusals/words.js';
import { cartNotice } from '../checkout-notices.js';
import { registerCartMultipart } from '../cart-multipart.js';
import { changeOptions } from '../idempotency.js';
import { changingSession } from '../session-cart.js';
import { shippingEstimate, type ShippingRate } from '../../shipping/rates.js';
import type { StockShortage } from '../../stock/reservations.js';
import { CartPageView, CheckoutButton, type CartNotice, type CartShipping } from '../views/cart-page.js';
import { ClearCartPageView } from '../views/clear-cart-page.js';
import { addedLocation } from '../views/added-notice.js';

/** Longer return paths are refused: proxies in front of the shop cap response headers at a few KB (nginx: 4-8 KB). */
const MAX_RETURN_PATH = 2048;

/**
 * Only a path on this site that a Location header can carry: `/x`, but not `//evil.example`, `/\\evil.example`,
 * control characters, DEL or anything outside printable ASCII (our own links are percent-encoded).
 */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_RETURN_PATH || !/^\/[\x21-\x7e]*$/.test(value)) return undefined;
  if (value.startsWith('//') || value.includes('\\')) return undefined;
  return value;
}

function refererPath(
  referer: string | undefined,
  host: string | undefined,
  baseUrl: URL | undefined,
): string | undefined {
  if (!referer || !URL.canParse(referer)) return undefined;
  const url = new URL(referer);
  return isOwnUrl(url, host, baseUrl) ? safeReturnPath(url.pathname + url.search) : undefined;
}

type Body = Record<string, unknown> | undefined;

export interface CartRoutesOptions {
  baseUrl: URL | undefined;
  /** Where the shop delivers and its rates, for the estimate shown with a cart that has something to ship. */
  shipping: { shipTo: readonly string[]; rates: readonly ShippingRate[] };
  /** The cart's items short of stock, named when checkout sends the shopper back for that reason. */
  stockShortages: (sessionId: string | undefined) => Promise<StockShortage[]>;
}

/** "Only 2 of Daruma left; Furoshiki is sold out." in place of the general words, when the cart still has shortages. */
function stockNotice(t: Translator, notice: CartNotice, shortages: readonly StockShortage[]): CartNotice {
  if (shortages.length === 0) return notice;
  const named = shortages.map((item) =>
    item.available === 0
      ? t('checkout.stock.soldOut', { name: item.name })
      : t('checkout.stock.onlyLeft', { name: item.name, available: item.available }),
  );
  return { ...notice, message: t('checkout.stock.message', { items: named.join(t('list.separator')) }) };
}

/** A refused change as the cart page's notice, in the shopper's language. */
/** A change that did not apply, as the error page answers it. (Pages send no If-Match: a conflict cannot come.) */
function pageRefusal(result: Exclude<CartChangeResult, { kind: 'changed' }>): HttpError {
  switch (result.kind) {
    case 'refused':
      return cartRefusal(result.error, false);
    case 'conflict':
      return refusal('cart_changed', { version: result.currentVersion });
    case 'session_ended':
      return refusal('session_changed');
  }
}

function refusalNotice(t: Translator, refusal: Refusal): CartNotice {
  const { title, description } = refusalWords(t, refusal);
  return { tone: 'error', title, message: description };
}

export function cartRoutes(cart: CartService, { baseUrl, shipping, stockShortages }: CartRoutesOptions) {
  async function showCart(request: FastifyRequest, reply: FastifyReply, notice?: CartNotice, status = 200) {
    const view = await cart.view(request.sessionId);
    const ctx = await request.pageContext({ cartCount: view.itemCount });
    const country = shipping.shipTo[0]!;
    const ships = view.currency !== null && view.lines.some((line) => line.available && line.shippable);
    const cartShipping: CartShipping | undefined = ships
      ? {
          estimate: shippingEstimate(shipping.rates, { currency: view.currency!, subtotal: view.subtotal, country }),
          shipTo: shipping.shipTo,
          country,
        }
      : undefined;
    const checkout = <CheckoutButton ctx={ctx} shipping={cartShipping} />;
    // Recorded before the page goes out: a checkout pressed the moment it arrives must find the change announced.
    await cart.markPricesShown(request.sessionId, view);
    return reply
      .header('cache-control', 'no-store')
      .html(<CartPageView ctx={ctx} cart={view} notice={notice} checkout={checkout} shipping={cartShipping} />, status);
  }

  /**
   * Runs a change from the cart page: 303 back to it (or 307 on to checkout, which receives the same form), or the
   * cart page with the reason when it cannot apply.
   */
  async function changeFromCartPage(
    request: FastifyRequest,
    reply: FastifyReply,
    change: () => Promise<CartChangeResult>,
    then: 'cart' | 'checkout' = 'cart',
  ) {
    let result: CartChangeResult;
    try {
      result = await change();
    } catch (error) {
      if (error instanceof CartError)
        return showCart(request, reply, refusalNotice(request.t, error), cartRefusal(error, false).statusCode);
      if (error instanceof HttpError && error.statusCode === 400)
        return showCart(request, reply, refusalNotice(request.t, error), 400);
      throw error;
    }
    switch (result.kind) {
      case 'changed':
        if (result.created) reply.setSessionCookie(result.sessionId!, result.expiresAt!);
        return then === 'checkout' ? reply.redirect('/checkout', 307) : reply.redirect('/cart', 303);
      case 'refused':
        return showCart(
          request,
          reply,
          refusalNotice(request.t, result.error),
          cartRefusal(result.error, false).statusCode,
        );
      case 'conflict':
      case 'session_ended':
        throw pageRefusal(result);
    }
  }

  return async (app: FastifyInstance): Promise<void> => {
    // Product forms post multipart (`enctype="multipart/form-data"`, as Shopify themes write them).
    await registerCartMultipart(app);
    const withSession = { preHandler: app.loadSession };
    // Adds: the session is checked by the add itself where the store can (session-cart.ts).
    const adding = changingSession(app, cart);
    const toAdd = { preHandler: adding.preHandler };

    // `?notice=` names one of a fixed set of messages (checkout sends the shopper back with one).
    app.get<{ Querystring: { notice?: string } }>('/cart', withSession, async (request, reply) => {
      const notice = cartNotice(request.query.notice, request.t);
      if (request.query.notice !== 'out_of_stock' || !notice) return showCart(request, reply, notice);
      return showCart(request, reply, stockNotice(request.t, notice, await stockShortages(request.sessionId)));
    });

    app.post<{ Params: { productId: string }; Body: Body }>('/cart/:productId', toAdd, async (request, reply) => {
      const body = request.body ?? {};
      // Where to go back is settled before the cart changes: nothing may fail once the item is in.
      const back =
        safeReturnPath(body.return_to) ?? refererPath(request.headers.referer, request.headers.host, baseUrl) ?? '/';
      // A product page with options sends the chosen one (a price of the product) as `id`.
      const chosen = body.id;
      if (chosen !== undefined && (typeof chosen !== 'string' || chosen === '')) {
        throw new HttpError(
          400,
          'invalid_request',
          'Invalid request',
          'Choose one of the options (id), or send none to add the product.',
        );
      }
      const added = await adding.change(request, reply, changeOptions(request, reply), (sessionId, options) =>
        cart.add(sessionId, [{ id: chosen ?? request.params.productId, quantity: body.quantity }], options),
      );
      if (added.kind !== 'changed') throw pageRefusal(added);
      // Back to the product the shopper was at, which that page then names: "Added ... · View cart".
      return reply.redirect(addedLocation(back, request.params.productId), 303);
    });

    // Shopify's form action for themes without JavaScript: add, then show the cart.
    app.post<{ Body: Body }>('/cart/add', toAdd, async (request, reply) => {
      const added = await adding.change(request, reply, changeOptions(request, reply), (sessionId, options) =>
        cart.add(sessionId, parseAddBody(request.body), options),
      );
      if (added.kind !== 'changed') throw pageRefusal(added);
      return reply.redirect('/cart', 303);
    });

    app.post<{ Body: Body }>('/cart/change', withSession, (request, reply) =>
      changeFromCartPage(request, reply, () => {
        const { target, quantity, properties } = parseChangeBody(request.body);
        return cart.change(request.sessionId, target, quantity, {}, properties);
      }),
    );
    app.post<{ Body: Body }>('/cart/update', withSession, (request, reply) =>
      changeFromCartPage(
        request,
        reply,
        () => {
          const { updates, details } = parseUpdateBody(request.body);
          return cart.update(request.sessionId, updates, {}, details);
        },
        request.body?.checkout === undefined ? 'cart' : 'checkout',
      ),
    );
    // The confirmation "Clear cart" leads to; an empty cart has nothing to confirm.
    app.get('/cart/clear', withSession, async (request, reply) => {
      const view = await cart.view(request.sessionId);
      if (view.lines.length === 0) return reply.redirect('/cart', 303);
      const ctx = await request.pageContext({ cartCount: view.itemCount });
      return reply.header('cache-control', 'no-store').html(<ClearCartPageView ctx={ctx} cart={view} />);
    });
    app.post('/cart/clear', withSession, (request, reply) =>
      changeFromCartPage(request, reply, () => cart.clear(request.sessionId)),
    );
  };
}
