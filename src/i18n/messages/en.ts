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
} as const;

export type MessageKey = keyof typeof en;
