/** Why checkout could not start. The cart page shows the words; nothing was changed. */

export type CheckoutErrorCode =
  | 'cart_empty'
  | 'line_unavailable'
  | 'prices_changed'
  | 'too_many_lines'
  | 'quantity_out_of_range'
  | 'provider_unavailable'
  | 'country_not_shipped'
  | 'no_shipping_rate'
  | 'out_of_stock';

/** A checkout that cannot start: why (the cart page's notice). */
export interface CheckoutRefusal {
  kind: 'refused';
  code: CheckoutErrorCode;
}

export const refuseCheckout = (code: CheckoutErrorCode): CheckoutRefusal => ({ kind: 'refused', code });
