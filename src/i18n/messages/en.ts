/**
 * The shop's words in English: key -> ICU MessageFormat string (`{count, plural, one {# item} other {# items}}`).
 * Keys are grouped by where they show (`layout.`, `cart.`, ...); refusals are `refusal.<code>.title|description`,
 * by the refusal's stable code. Every key here must be in every other catalog (src/i18n/catalogs.test.ts).
 */
export const en = {
  'layout.skipToContent': 'Skip to content',
  'layout.shopNav': 'Shop',
  'layout.cart': 'Cart',
  'layout.cartItems': '{count, plural, one { item} other { items}}',
  'layout.footer.demoPayments': 'This is a demo shop: checkout takes no real payments.',
  'layout.footer.stripePayments': 'Payments are handled by Stripe Checkout.',
  'layout.language.label': 'Language',
  'search.label': 'Search products',
  'search.placeholder': 'Search',
  'search.button': 'Search',
  'collections.nav': 'Collections',
  'collections.all': 'All',
  'collections.more': 'More…',
  // The cart's lines that can no longer be bought, apart from the others; "Clear cart" and its confirmation.
  'cartUnavailable.title': '{count, plural, one {No longer available (# item)} other {No longer available (# items)}}',
  'cartUnavailable.note': 'These are not in your subtotal. Checkout goes ahead without them; they stay here until you remove them.',
  'cartUnavailable.line': 'No longer sold.',
  'cartUnavailable.checkoutNote': '{count, plural, one {Checkout leaves out the # item no longer available.} other {Checkout leaves out the # items no longer available.}}',
  'clearCart.link': 'Clear cart',
  'clearCart.title': 'Clear your cart?',
  'clearCart.question': '{count, plural, =1 {Remove the item from your cart?} other {Remove all # items from your cart?}}',
  'clearCart.cannotUndo': 'This cannot be undone.',
  'clearCart.confirm': 'Yes, clear my cart',
  'clearCart.keep': 'Keep my cart',
  // After "Add to cart": a notice at the bottom of the window (views/added-notice.tsx).
  'addedNotice.text': 'Added <product>{name}</product> · <link>View cart</link>',
  'addedNotice.close': 'Close',
} as const;

export type MessageKey = keyof typeof en;
