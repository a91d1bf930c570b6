/**
 * Checkout and fulfilment. `start` turns a valid cart into a pending order (one per unchanged cart) and a
 * provider checkout URL. `settle` is the one fulfilment path: webhooks, the success page and the demo page all
 * call it with what the provider says, any number of times, concurrently; an order is paid once and the items it
 * bought leave the cart once.
 */
import { createHash } from 'node:crypto';
import type { CartService } from '../cart/cart-service.js';
import type { CartView } from '../cart/cart-view.js';
import { CartNotFound } from '../cart/errors.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../cart/limits.js';
import { CheckoutError } from './errors.js';
import { newOrderId } from './ids.js';
import type { Order, OrderLine, OrderStore } from './order-store.js';
import type { PaymentOutcome, PaymentProvider } from './providers/provider.js';

/** A checkout URL this close to expiring is not handed out again; a fresh order and session are made. */
const REUSE_MARGIN_MS = 5 * 60_000;

export interface CheckoutLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface CheckoutServiceDeps {
  orders: OrderStore;
  provider: PaymentProvider;
  cart: CartService;
  checkoutTtlMs: number;
  now: () => number;
  log: CheckoutLog;
}

/** Refuses a cart that cannot be paid as it is; nothing changes. */
function checkCart(cart: CartView): OrderLine[] {
  if (cart.lines.length === 0 || !cart.currency) throw new CheckoutError('cart_empty');
  if (cart.lines.some((line) => !line.available)) throw new CheckoutError('line_unavailable');
  if (cart.lines.some((line) => line.previousUnitAmount !== null)) throw new CheckoutError('prices_changed');
  if (cart.lines.length > MAX_CART_LINES) throw new CheckoutError('too_many_lines');
  if (cart.lines.some((line) => line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY)) throw new CheckoutError('quantity_out_of_range');
  return cart.lines.map((line) => ({
    cartLineKey: line.key,
    priceId: line.priceId,
    productId: line.productId,
    name: line.title,
    unitAmount: line.unitAmount,
    quantity: line.quantity,
    lineTotal: line.lineAmount,
  }));
}

/** What to log of a provider failure: the kind and ids, never the request or response it carries. */
function describeProviderError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { type, code, statusCode, requestId } = error as Error & { type?: string; code?: string; statusCode?: number; requestId?: string };
  return { name: error.name, message: error.message, type, code, statusCode, requestId };
}

function fingerprint(currency: string, lines: OrderLine[]): string {
  const parts = lines.map((line) => [line.cartLineKey, line.priceId, line.quantity, line.unitAmount]);
  return createHash('sha256').update(JSON.stringify([currency, parts])).digest('base64url');
}

export function createCheckoutService({ orders, provider, cart, checkoutTtlMs, now, log }: CheckoutServiceDeps) {
  /**
   * Once per paid order: its items leave the cart. Claimed first so concurrent callers do it once; given back when
   * the cart store fails, so the next call (a redelivered webhook, a reload of the success page) does it instead.
   */
  async function takeOrderOutOfCart(order: Order): Promise<void> {
    if (!(await orders.claimCartClearing(order.id))) return;
    try {
      await cart.removeOrdered(order.sessionId, order.lines.map((line) => ({ key: line.cartLineKey, quantity: line.quantity })));
    } catch (error) {
      if (error instanceof CartNotFound) return; // the session is gone, and its cart with it
      await orders.releaseCartClearing(order.id);
      throw error;
    }
  }

  async function pendingOrderFor(sessionId: string, view: CartView): Promise<Order> {
    const lines = checkCart(view);
    const newOrder = { sessionId, currency: view.currency!, fingerprint: fingerprint(view.currency!, lines), provider: provider.name, lines };
    const order = await orders.createPending(newOrderId(), { ...newOrder, checkoutExpiresAt: now() + checkoutTtlMs }, now());
    if (order.checkoutExpiresAt > now() + REUSE_MARGIN_MS) return order;
    await orders.expire(order.id, now());
    return orders.createPending(newOrderId(), { ...newOrder, checkoutExpiresAt: now() + checkoutTtlMs }, now());
  }

  return {
    /**
     * The provider URL to send the shopper to for this cart. Throws CheckoutError (nothing changed) when the cart
     * cannot be checked out or the provider cannot be reached.
     */
    async start(sessionId: string | undefined, urls: { successUrl: string; cancelUrl: string }): Promise<string> {
      if (!sessionId) throw new CheckoutError('cart_empty');
      const order = await pendingOrderFor(sessionId, await cart.view(sessionId));
      if (order.checkoutUrl) return order.checkoutUrl;
      let checkout;
      try {
        checkout = await provider.createCheckout({ order, ...urls });
      } catch (error) {
        log.error({ provider: provider.name, orderId: order.id, error: describeProviderError(error) }, 'the payment provider could not start checkout');
        throw new CheckoutError('provider_unavailable');
      }
      // Not the provider's failure if this fails: the next press finds the same session by the idempotency key.
      await orders.attachCheckout(order.id, checkout, now());
      return checkout.url;
    },

    /** Applies what the provider says about a checkout session; returns the order it concerns, if any. */
    async settle(outcome: PaymentOutcome): Promise<Order | undefined> {
      const order = outcome.orderId ? await orders.get(outcome.orderId) : await orders.getByProviderSession(outcome.sessionId);
      if (!order || (order.providerSessionId !== null && order.providerSessionId !== outcome.sessionId)) {
        log.warn({ providerSessionId: outcome.sessionId, orderId: outcome.orderId }, 'payment outcome for an unknown order ignored');
        return undefined;
      }
      if (outcome.kind === 'paid') {
        const payment = { orderId: order.id, providerSessionId: outcome.sessionId, amountPaid: outcome.amountPaid, currency: outcome.currency };
        const { fulfilled, status } = await orders.fulfil(payment, now());
        if (fulfilled && status === 'review') {
          log.error({ orderId: order.id, expected: order.totalAmount, paid: outcome.amountPaid, currency: outcome.currency }, 'amount paid differs from the order total: flagged for review');
        }
        await takeOrderOutOfCart(order);
      } else if (outcome.kind === 'failed') {
        await orders.fail(order.id, now());
      } else if (outcome.kind === 'expired') {
        await orders.expire(order.id, now());
      }
      return orders.get(order.id);
    },

    /** The order, only for the session that placed it. */
    async orderFor(sessionId: string | undefined, orderId: string): Promise<Order | undefined> {
      const order = sessionId ? await orders.get(orderId) : undefined;
      return order?.sessionId === sessionId ? order : undefined;
    },

    /** Records a webhook event id; false when it was handled before. */
    recordEvent: (id: string, type: string, orderId: string | undefined) => orders.recordEvent(id, type, orderId, now()),
    seenEvent: (id: string) => orders.hasEvent(id),
  };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;
