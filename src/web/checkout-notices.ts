/**
 * What the cart page says when checkout sends the shopper back: a fixed list keyed by code, so a link can name
 * a notice but never put words on the page.
 */
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../cart/limits.js';
import type { CheckoutErrorCode } from '../checkout/errors.js';
import type { CartNotice } from './views/cart-page.js';

const NOTICES: Record<CheckoutErrorCode | 'payment_failed' | 'cancelled' | 'expired', CartNotice> = {
  cart_empty: { tone: 'error', title: 'Your cart is empty', message: 'Add something to your cart before checking out.' },
  line_unavailable: { tone: 'error', title: 'Some items are no longer available', message: 'Remove the items marked as no longer available, then check out.' },
  prices_changed: { tone: 'error', title: 'Prices have changed', message: 'Some prices changed since you added the items. Please look over your cart, then check out again.' },
  too_many_lines: { tone: 'error', title: 'Too many items', message: `A checkout can hold at most ${MAX_CART_LINES} different items.` },
  quantity_out_of_range: { tone: 'error', title: 'Invalid quantity', message: `Each item needs a quantity from 1 to ${MAX_LINE_QUANTITY}.` },
  provider_unavailable: { tone: 'error', title: 'Checkout is unavailable', message: 'We could not reach the payment provider. Your cart is unchanged; please try again in a moment.' },
  country_not_shipped: { tone: 'error', title: 'We do not deliver there', message: 'Choose one of the countries listed for delivery, then check out.' },
  no_shipping_rate: { tone: 'error', title: 'No shipping for this cart', message: 'The shop has no shipping option for this cart\'s currency and country. Please contact the shop.' },
  out_of_stock: { tone: 'error', title: 'Not enough stock', message: 'Some items have fewer left than your cart holds. Lower their quantities, then check out again.' },
  payment_failed: { tone: 'error', title: 'Payment failed', message: 'Your payment did not go through. Your cart is unchanged; you can try again.' },
  expired: { tone: 'error', title: 'Checkout expired', message: 'The time to pay ran out. Your cart is unchanged; you can check out again.' },
  cancelled: { tone: 'success', title: 'Checkout cancelled', message: 'Nothing was charged. Your cart is just as you left it.' },
};

export type CartNoticeCode = keyof typeof NOTICES;

/** The notice a `?notice=` query names; undefined for anything else. */
export function cartNotice(code: unknown): CartNotice | undefined {
  return typeof code === 'string' && Object.hasOwn(NOTICES, code) ? NOTICES[code as CartNoticeCode] : undefined;
}
