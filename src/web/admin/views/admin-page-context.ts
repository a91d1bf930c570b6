/** What every console page needs besides its own data: shop name, assets, the signed-in owner, money formatting. */
export interface AdminPageContext {
  shopName: string;
  lang: string;
  assets: { adminStylesheet: string; icon: string };
  /** Undefined on the sign-in page. */
  ownerEmail: string | undefined;
  formatPrice(minor: number, currency: string): string;
  /** Epoch ms -> "2026-11-29 14:05 UTC" in SHOP_TIMEZONE: console times always say their zone. */
  formatTime(epochMs: number): string;
  /** Epoch ms -> "2026-11-29", the day in SHOP_TIMEZONE. */
  formatDay(epochMs: number): string;
  /** SHOP_TIMEZONE (`UTC`, `Asia/Tokyo`). */
  timeZone: string;
}
