/** Cart limits: Stripe Checkout takes at most 100 line items; 99 of one item is plenty for a small shop. */
export const MAX_LINE_QUANTITY = 99;
export const MAX_CART_LINES = 100;
/** Lines one update may set: one per line a cart can hold. More is refused before any of them is looked at. */
export const MAX_UPDATES = MAX_CART_LINES;
/** Line item properties: enough for an engraving, a gift message and a few hidden fields a theme app adds. */
export const MAX_LINE_PROPERTIES = 25;
export const MAX_PROPERTY_NAME_LENGTH = 100;
export const MAX_PROPERTY_VALUE_LENGTH = 1000;
/** The cart's note and its attributes (Shopify's `note`, `attributes`). */
export const MAX_NOTE_LENGTH = 5000;
export const MAX_CART_ATTRIBUTES = 25;
export const MAX_ATTRIBUTE_NAME_LENGTH = 100;
export const MAX_ATTRIBUTE_VALUE_LENGTH = 1000;
