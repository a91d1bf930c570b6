/**
 * What every page needs besides its own data: shop name, header cart count, asset URLs, the language and its words,
 * price and time formatting.
 */
import type { Language, Translator } from '../../i18n/index.js';

export interface PageContext {
  shopName: string;
  /** Sum of quantities in the shopper's cart; 0 without a session. */
  cartCount: number;
  /** The language the page is in (HTML lang attribute). */
  lang: Language;
  /** The page's words: `ctx.t('cart.title')`, `ctx.t('cart.items', { count })` (src/i18n/messages/). */
  t: Translator;
  /** The shop's languages (SHOP_LANGUAGES), the default first: the footer switcher and hreflang alternates. */
  languages: readonly Language[];
  /** The request's path and query (the switcher links to it in each language); `/` when there is no request. */
  path: string;
  /** Intl locale for prices and numbers in this language. */
  locale: string;
  assets: { stylesheet: string; script: string; icon: string };
  formatPrice(minor: number, currency: string): string;
  /** A moment in the shop's time zone (SHOP_TIMEZONE), in the page's language, with the zone named. */
  formatTime(time: number | Date): string;
  /** Below this many left a product says "Only N left" (LOW_STOCK). */
  lowStock: number;
  /** The offline demo payment provider is in use (no real payments). */
  demoPayments: boolean;
  /** Collections for the header (those with listed products); absent on pages made without the catalog. */
  collections?: ReadonlyArray<{ handle: string; title: string }>;
}
