/** The shop's words in Japanese: the same keys as messages/en.ts (a missing or extra key is a type error). */
import type { MessageKey } from './en.js';

export const ja: Record<MessageKey, string> = {
  'layout.skipToContent': '本文へ移動',
  'layout.shopNav': 'ショップ',
  'layout.cart': 'カート',
  'layout.cartItems': '{count, plural, other { 点}}',
  'layout.footer.demoPayments': 'これはデモショップです。決済は実際には行われません。',
  'layout.footer.stripePayments': 'お支払いは Stripe Checkout で安全に処理されます。',
  'layout.language.label': '言語',
  'search.label': '商品を検索',
  'search.placeholder': '検索',
  'search.button': '検索',
  'collections.nav': 'コレクション',
  'collections.all': 'すべて',
  'collections.more': 'もっと見る…',
};
