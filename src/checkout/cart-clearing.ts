/**
 * Taking a paid order's items out of its cart, once, and not answering before it is done. The step is claimed in
 * the order store (so of all callers, in any process, one does it); the others wait for the holder to finish, so
 * a success page racing a webhook never shows the items just paid for as still in the cart. In one process the
 * waiters share the holder's promise; another process's holder is watched in the order store, for a bounded time.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CartService } from '../cart/cart-service.js';
import { CartNotFound } from '../cart/errors.js';
import type { Order, OrderStore } from './order-store.js';

/** How long a caller waits for another process to finish clearing before answering anyway, and how often it looks. */
const WAIT_FOR_HOLDER_MS = 5_000;
const POLL_MS = 25;

export interface CartClearingDeps {
  orders: Pick<OrderStore, 'get' | 'claimCartClearing' | 'finishCartClearing' | 'releaseCartClearing'>;
  cart: Pick<CartService, 'removeOrdered'>;
  log: { warn(details: object, message: string): void };
}

export function createCartClearing({ orders, cart, log }: CartClearingDeps) {
  const running = new Map<string, Promise<void>>();

  /** The claimed step: remove the lines from the order's session's cart (following a rotated session once). */
  async function removeFromCart(order: Order): Promise<void> {
    const lines = order.lines.map((line) => ({ key: line.cartLineKey, quantity: line.quantity }));
    try {
      await cart.removeOrdered(order.sessionId, lines);
    } catch (error) {
      if (!(error instanceof CartNotFound)) throw error;
      // The session may have been rotated since the order was read (its orders moved with it); else it is gone.
      const current = await orders.get(order.id);
      if (current && current.sessionId !== order.sessionId)
        await removeFromCart(current).catch((again) => {
          if (!(again instanceof CartNotFound)) throw again;
        });
    }
  }

  async function clearOnce(order: Order): Promise<void> {
    for (let waited = 0; ; waited += POLL_MS) {
      const claim = await orders.claimCartClearing(order.id);
      if (claim === 'done') return;
      if (claim === 'claimed') {
        try {
          await removeFromCart(order);
        } catch (error) {
          await orders.releaseCartClearing(order.id); // the next call (a redelivered webhook, a reload) does it
          throw error;
        }
        await orders.finishCartClearing(order.id);
        return;
      }
      // Another process holds it: wait for it to finish (or give it back, then claim it here).
      if (waited >= WAIT_FOR_HOLDER_MS) {
        log.warn(
          { orderId: order.id },
          'the cart of a paid order is still being cleared elsewhere; answering without waiting longer',
        );
        return;
      }
      await sleep(POLL_MS);
    }
  }

  /** Resolves once the order's items have left its cart (by this call or another); throws when the cart store fails. */
  return function takeOrderOutOfCart(order: Order): Promise<void> {
    let clearing = running.get(order.id);
    if (!clearing) {
      clearing = clearOnce(order).finally(() => running.delete(order.id));
      running.set(order.id, clearing);
    }
    return clearing;
  };
}
