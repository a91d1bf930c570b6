/** What every page needs besides its own data: shop name, header cart count, asset URLs, price formatting. */
export interface PageContext {
  shopName: string;
  /** Sum of quantities in the shopper's cart; 0 without a session. */
  cartCount: number;
  /** HTML lang attribute. */
  lang: string;
  assets: { stylesheet: string; script: string; icon: string };
  formatPrice(minor: number, currency: string): string;
  /** Below this many left a product says "Only N left" (LOW_STOCK). */
  lowStock: number;
  /** The offline demo payment provider is in use (no real payments). */
  demoPayments: boolean;
  /** Collections for the header (those with listed products); absent on pages made without the catalog. */
  collections?: ReadonlyArray<{ handle: string; title: string }>;
}
