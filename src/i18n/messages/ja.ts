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
  'cartUnavailable.title': '{count, plural, other {販売を終了した商品（# 点）}}',
  'cartUnavailable.note': 'これらの商品は小計に含まれず、ご注文にも含まれません。削除するまでカートに残ります。',
  'cartUnavailable.line': '販売を終了しました。',
  'cartUnavailable.checkoutNote': '{count, plural, other {販売を終了した # 点を除いてご注文手続きに進みます。}}',
  'clearCart.link': 'カートを空にする',
  'clearCart.title': 'カートを空にしますか？',
  'clearCart.question': '{count, plural, =1 {カートの商品を削除しますか？} other {カートの商品 # 点をすべて削除しますか？}}',
  'clearCart.cannotUndo': 'この操作は取り消せません。',
  'clearCart.confirm': 'はい、カートを空にします',
  'clearCart.keep': 'カートはそのままにする',
};
