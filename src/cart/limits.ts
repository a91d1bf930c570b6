/** Cart limits: Stripe Checkout takes at most 100 line items; 99 of one item is plenty for a small shop. */
export const MAX_LINE_QUANTITY = 99;
export const MAX_CART_LINES = 100;
/** Lines one update may set: one per line a cart can hold. More is refused before any of them is looked at. */
export const MAX_UPDATES = MAX_CART_LINES;
