/**
 * Checkout and fulfilment. `start` turns a valid cart into a pending order (one per unchanged cart) and a
 * provider checkout URL. `settle` is the one fulfilment path: webhooks, the success page and the demo page all
 * call it with what the provider says, any number of times, concurrently; an order is paid once and the items it
 * bought leave the cart once. Starting checkout gives the shopper a new session id (the cart and orders follow),
 * so an id planted in their browser before cannot follow them into their order.
 */
import type { CartDetails } from '../cart/cart-details.js';
import type { CartService } from '../cart/cart-service.js';
import type { Session, SessionStore } from '../session/session-store.js';
import type { ReservedLine, ReserveResult, StockShortage } from '../stock/reservations.js';
import type { ShippingRate } from '../shipping/rates.js';
import { createCartClearing } from './cart-clearing.js';
import { checkoutExpiry, expiryUsable, REUSE_MARGIN_MS } from './checkout-expiry.js';
import {
  checkCart,
  describeProviderError,
  fingerprint,
  shippingFor,
  stockLines,
  type CheckoutChoice,
  type Delivery,
} from './checkout-plan.js';
import { refuseCheckout, type CheckoutRefusal } from './errors.js';
import { newOrderId } from './ids.js';
import type { Order, OrderLine, OrderStore } from './order-store.js';
import type { PaymentOutcome, PaymentProvider } from './providers/provider.js';

export interface CheckoutLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface CheckoutServiceDeps {
  orders: OrderStore;
  /** Rotates the shopper's session id when checkout starts. */
  sessions: Pick<SessionStore, 'rotate'>;
  provider: PaymentProvider;
  cart: CartService;
  checkoutTtlMs: number;
  /** Where the shop delivers (the first is the default) and its shipping rates. */
  shipping: { shipTo: readonly string[]; rates: readonly ShippingRate[] };
  /** The stock the shop counts: refused before anything changes, held while the shopper pays (src/stock/). */
  stock: CheckoutStock;
  now: () => number;
  log: CheckoutLog;
}

export interface CheckoutStock {
  shortages(lines: readonly ReservedLine[]): Promise<StockShortage[]>;
  reserve(orderId: string, lines: readonly ReservedLine[], now: number): Promise<ReserveResult>;
  release(orderId: string, now: number): Promise<boolean>;
}

export function createCheckoutService({
  orders,
  sessions,
  provider,
  cart,
  checkoutTtlMs,
  shipping,
  stock,
  now,
  log,
}: CheckoutServiceDeps): CheckoutService {
  const takeOrderOutOfCart = createCartClearing({ orders, cart, log });

  /**
   * The order to pay for this cart: the pending one when its checkout can still be used, else a fresh one. A
   * checkout URL near its end is not reused; an order whose provider session was never created (the provider
   * failed) is reused only while its expiry is one the provider would still take now.
   */
  async function pendingOrderFor(
    sessionId: string,
    currency: string,
    lines: OrderLine[],
    delivery: Delivery,
    details: CartDetails,
    language: string | undefined,
  ): Promise<Order> {
    const { note, attributes } = details;
    const newOrder = {
      sessionId,
      currency,
      fingerprint: fingerprint(currency, lines, delivery, details),
      provider: provider.name,
      lines,
      ...delivery,
      note,
      attributes,
      language,
    };
    const create = () =>
      orders.createPending(
        newOrderId(),
        { ...newOrder, checkoutExpiresAt: checkoutExpiry(now(), checkoutTtlMs) },
        now(),
      );
    const order = await create();
    const usable = order.checkoutUrl
      ? order.checkoutExpiresAt > now() + REUSE_MARGIN_MS
      : expiryUsable(order.checkoutExpiresAt, now());
    if (usable) return order;
    await closeOrder(order.id, 'expired');
    return create();
  }

  /** Ends a pending order (failed or expired) and gives back the stock it held. */
  async function closeOrder(orderId: string, status: 'failed' | 'expired'): Promise<void> {
    await (status === 'failed' ? orders.fail(orderId, now()) : orders.expire(orderId, now()));
    await stock.release(orderId, now());
  }

  /** Holds the order's stock while the shopper pays; an order whose stock ran out is closed (false). */
  async function reserveStock(order: Order): Promise<boolean> {
    const reserved = await stock.reserve(order.id, stockLines(order.lines), now());
    if (reserved.ok) return true;
    await closeOrder(order.id, 'expired');
    return false;
  }

  /** A new id for the session (its cart and orders follow); undefined when the session is gone. */
  async function rotateSession(sessionId: string): Promise<Session | undefined> {
    const rotated = await sessions.rotate(sessionId, now());
    if (rotated) await orders.moveSession(sessionId, rotated.id, now());
    return rotated;
  }

  /** Applies what the provider says about a checkout session; returns the order it concerns, if any. */
  async function settle(outcome: PaymentOutcome): Promise<Order | undefined> {
    const order = outcome.orderId
      ? await orders.get(outcome.orderId)
      : await orders.getByProviderSession(outcome.checkoutSessionId);
    if (!order || (order.providerSessionId !== null && order.providerSessionId !== outcome.checkoutSessionId)) {
      log.warn(
        { providerSessionId: outcome.checkoutSessionId, orderId: outcome.orderId },
        'payment outcome for an unknown order ignored',
      );
      return undefined;
    }
    if (outcome.kind === 'paid') {
      const payment = {
        orderId: order.id,
        providerSessionId: outcome.checkoutSessionId,
        amountPaid: outcome.amountPaid,
        currency: outcome.currency,
        details: outcome.details,
      };
      const { fulfilled, status } = await orders.fulfil(payment, now());
      if (fulfilled && status === 'review') {
        log.error(
          {
            orderId: order.id,
            items: order.itemsAmount,
            shipping: outcome.details.shippingAmount,
            tax: outcome.details.taxAmount,
            paid: outcome.amountPaid,
            currency: outcome.currency,
          },
          'amount or shipping paid differs from what the shop offered: flagged for review',
        );
      }
      await takeOrderOutOfCart(order);
    } else if (outcome.kind === 'failed') {
      await closeOrder(order.id, 'failed');
    } else if (outcome.kind === 'expired') {
      await closeOrder(order.id, 'expired');
    }
    return orders.get(order.id);
  }

  return {
    /**
     * The provider URL to send the shopper to for this cart, or `refused` (nothing changed) when the cart cannot be
     * checked out or the provider cannot be reached.
     */
    async start(
      sessionId: string | undefined,
      urls: { successUrl: string; cancelUrl: string },
      onRotated: (session: Session) => void,
      choice: CheckoutChoice = {},
    ): Promise<CheckoutStartResult> {
      if (!sessionId) return refuseCheckout('cart_empty');
      const view = await cart.view(sessionId);
      const lines = checkCart(view); // refused before anything changes, the session id included
      if ('kind' in lines) return lines;
      const delivery = shippingFor(view, choice, shipping);
      if ('kind' in delivery) return delivery;
      if ((await stock.shortages(stockLines(lines))).length > 0) return refuseCheckout('out_of_stock');
      const rotated = await rotateSession(sessionId);
      if (!rotated) return refuseCheckout('cart_empty');
      onRotated(rotated);
      const order = await pendingOrderFor(rotated.id, view.currency!, lines, delivery, view.details, choice.language);
      if (order.checkoutUrl) return { kind: 'redirect', url: order.checkoutUrl };
      // Once per order: a retry after the provider failed finds it reserved.
      if (!(await reserveStock(order))) return refuseCheckout('out_of_stock');
      let checkout;
      try {
        checkout = await provider.createCheckout({ order, ...urls });
      } catch (error) {
        log.error(
          { provider: provider.name, orderId: order.id, error: describeProviderError(error) },
          'the payment provider could not start checkout',
        );
        return refuseCheckout('provider_unavailable');
      }
      // Not the provider's failure if this fails: the next press finds the same session by the idempotency key.
      await orders.attachCheckout(order.id, checkout, now());
      return { kind: 'redirect', url: checkout.url };
    },

    settle,

    /** The cart's items with less stock left than it holds, for the cart page to name them. */
    async stockShortages(sessionId: string | undefined): Promise<StockShortage[]> {
      const view = sessionId ? await cart.view(sessionId) : undefined;
      if (!view || view.lines.length === 0) return [];
      return stock.shortages(
        view.lines
          .filter((line) => line.available)
          .map((line) => ({ productId: line.productId, name: line.title, quantity: line.quantity })),
      );
    },

    /** The order, only for the session that placed it. */
    async orderFor(sessionId: string | undefined, orderId: string): Promise<Order | undefined> {
      const order = sessionId ? await orders.get(orderId) : undefined;
      return order?.sessionId === sessionId ? order : undefined;
    },

    /**
     * The shopper is back from the provider with `providerSessionId`. Only a session this shop created, seen by the
     * session that owns its order, may ask the provider (and only while the order waits for payment); anyone else
     * gets the order as it stands (`own: false`), and a session the shop never made gets undefined.
     */
    async returnFromProvider(
      sessionId: string | undefined,
      providerSessionId: string,
    ): Promise<{ order: Order; own: boolean } | undefined> {
      const order = await orders.getByProviderSession(providerSessionId);
      if (!order) return undefined;
      if (!sessionId || order.sessionId !== sessionId) return { order, own: false };
      if (order.status === 'pending') {
        const outcome = await provider.retrieve(providerSessionId);
        const settled = outcome && (await settle(outcome));
        return { order: settled ?? order, own: true };
      }
      // Paid already (by a webhook): the page waits until what it bought has left the cart.
      if (order.status === 'paid' || order.status === 'review') await takeOrderOutOfCart(order);
      return { order, own: true };
    },

    /** Records a webhook event id; false when it was handled before. */
    recordEvent: (id: string, type: string, orderId: string | undefined) =>
      orders.recordEvent(id, type, orderId, now()),
    seenEvent: (id: string) => orders.hasEvent(id),
  };
}

/** What starting checkout gives: the provider's page to send the shopper to, or why not (nothing changed). */
export type CheckoutStartResult = { kind: 'redirect'; url: string } | CheckoutRefusal;

/** Checkout as routes and the payment webhooks see it. */
export interface CheckoutService {
  /** The provider URL to send the shopper to for this cart (the session gets a new id: `onRotated`), or a refusal. */
  start(
    sessionId: string | undefined,
    urls: { successUrl: string; cancelUrl: string },
    onRotated: (session: Session) => void,
    choice?: CheckoutChoice,
  ): Promise<CheckoutStartResult>;
  /** Settles the order a provider's outcome is about (once); the order as it is after, undefined when unknown. */
  settle(outcome: PaymentOutcome): Promise<Order | undefined>;
  /** The cart's items with less stock left than it holds, for the cart page to name them. */
  stockShortages(sessionId: string | undefined): Promise<StockShortage[]>;
  /** The order, when `sessionId` placed it; undefined otherwise (nothing is revealed). */
  orderFor(sessionId: string | undefined, orderId: string): Promise<Order | undefined>;
  /** The shopper is back from the provider: the order and whether this session owns it; undefined for a session the shop never made. */
  returnFromProvider(
    sessionId: string | undefined,
    providerSessionId: string,
  ): Promise<{ order: Order; own: boolean } | undefined>;
  /** Records a webhook event id as handled; false when it was handled before. */
  recordEvent(id: string, type: string, orderId: string | undefined): Promise<boolean>;
  /** Was this webhook event id handled before? */
  seenEvent(id: string): Promise<boolean>;
}
