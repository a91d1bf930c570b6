/**
 * What the cart page says when checkout sends the shopper back: a fixed list keyed by code, so a link can name
 * a notice but never put words on the page. The words are the catalogs' `checkout.notice.<code>.title|message`.
 */
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../cart/limits.js';
import type { CheckoutErrorCode } from '../checkout/errors.js';
import type { Translator } from '../i18n/index.js';
import type { CartNotice } from './views/cart-page.js';

const TONES: Record<CheckoutErrorCode | 'payment_failed' | 'cancelled' | 'expired', CartNotice['tone']> = {
  cart_empty: 'error',
  line_unavailable: 'error',
  prices_changed: 'error',
  too_many_lines: 'error',
  quantity_out_of_range: 'error',
  provider_unavailable: 'error',
  country_not_shipped: 'error',
  no_shipping_rate: 'error',
  out_of_stock: 'error',
  payment_failed: 'error',
  expired: 'error',
  cancelled: 'success',
};

export type CartNoticeCode = keyof typeof TONES;

/** The limits the notices speak of, from cart/limits.ts rather than repeated in the words. */
const LIMITS = { max: MAX_CART_LINES, maxQuantity: MAX_LINE_QUANTITY };

/** The notice a `?notice=` query names, in the shopper's language; undefined for anything else. */
export function cartNotice(code: unknown, t: Translator): CartNotice | undefined {
  if (typeof code !== 'string' || !Object.hasOwn(TONES, code)) return undefined;
  const notice = code as CartNoticeCode;
  return {
    tone: TONES[notice],
    title: t(`checkout.notice.${notice}.title`),
    message: t(`checkout.notice.${notice}.message`, LIMITS),
  };
}
