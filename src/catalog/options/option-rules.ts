/**
 * Which of a product's prices are sold, under what label and in what order: the one place that decides it, for
 * every way prices reach the catalog (the CSV import, a sync from Stripe, webhooks), since all of them write price
 * rows and then refresh the catalog (refresh-options.ts applies these rules to the rows). Pure: no I/O.
 *
 * A product is sold at each of its active one-time prices in the shop's currency; with more than one, the shopper
 * chooses (its "options"). An option is called by `option (metadata)`, else by the price's nickname, and options
 * are ordered by `position (metadata)` (a whole number; options with one come first), then by amount. The newest
 * option is the one a product sells at when none is chosen (an add by product id; the product page's preselected
 * choice), as a product sold at one price always sold at its newest.
 */

/** A price as the rules need it. */
export interface OptionPrice {
  id: string;
  productId: string;
  unitAmount: number;
  currency: string;
  type: 'one_time' | 'recurring';
  active: boolean;
  createdAt: number;
  /** Stripe's nickname (the export's `Description`). */
  nickname: string;
  metadata: Readonly<Record<string, string>>;
}

/** A metadata value by key in any letter case (`Option (metadata)` and `option (metadata)` are the same column). */
function metadataValue(metadata: Readonly<Record<string, string>>, key: string): string | undefined {
  for (const [name, value] of Object.entries(metadata)) if (name.trim().toLowerCase() === key) return value;
  return undefined;
}

/** Longest label kept: enough for "Box of 12, gift wrapped", short enough for a radio button and a Stripe line item. */
export const MAX_LABEL_LENGTH = 80;

/** What a shopper chooses the price by: `option (metadata)`, else the nickname; '' for neither. */
export function optionLabel(price: Pick<OptionPrice, 'nickname' | 'metadata'>): string {
  const label = (metadataValue(price.metadata, 'option') ?? '').trim() || price.nickname.trim();
  return label.replace(/\s+/g, ' ').slice(0, MAX_LABEL_LENGTH);
}

/** `position (metadata)` as a whole number, when it is one. */
export function optionPosition(metadata: Readonly<Record<string, string>>): number | undefined {
  const text = metadataValue(metadata, 'position')?.trim() ?? '';
  return /^-?[0-9]{1,9}$/.test(text) ? Number(text) : undefined;
}

/** Sold in the cart: an active one-time price in the shop's currency (while its product is active: listing and cart check that). */
export function isSold(price: OptionPrice, shopCurrency: string | null): boolean {
  return price.active && price.type === 'one_time' && price.currency === shopCurrency;
}

/** The shopper's order: `position (metadata)` first (those without one after), then amount, then oldest, then id. */
export function compareOptions(a: OptionPrice, b: OptionPrice): number {
  const pa = optionPosition(a.metadata);
  const pb = optionPosition(b.metadata);
  if (pa !== pb) {
    if (pa === undefined) return 1;
    if (pb === undefined) return -1;
    return pa - pb;
  }
  return a.unitAmount - b.unitAmount || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** One product's options, in the shopper's order (empty when it is not sold). */
export function productOptions(prices: readonly OptionPrice[], shopCurrency: string | null): OptionPrice[] {
  return prices.filter((price) => isSold(price, shopCurrency)).sort(compareOptions);
}

/** The option a product sells at when none is chosen: the newest (ties: the last id), as before options existed. */
export function defaultOption<T extends Pick<OptionPrice, 'id' | 'createdAt'>>(options: readonly T[]): T | undefined {
  return options.reduce<T | undefined>((best, option) => (!best || option.createdAt > best.createdAt || (option.createdAt === best.createdAt && option.id > best.id) ? option : best), undefined);
}

/**
 * Where a cart line goes when its price is no longer sold (archived, or a new price replaced it): the option of
 * the same label, or the product's only option when it has one; none when the shopper would have to choose again.
 */
export function replacementOption<T extends { label: string; currency: string }>(gone: { label: string; currency: string }, options: readonly T[]): T | undefined {
  const same = options.filter((option) => option.currency === gone.currency);
  if (gone.label !== '') {
    const labelled = same.find((option) => option.label === gone.label);
    if (labelled) return labelled;
  }
  return same.length === 1 && options.length === 1 ? same[0] : undefined;
}

/** `Name (Large)`: a line's name with its option, where one line of text names it (mail, lists, accessible names). */
export function nameWithOption(name: string, option: string): string {
  return option === '' ? name : `${name} (${option})`;
}

/**
 * The shop's currency when SHOP_CURRENCY does not name one: the currency most products are priced in (counting
 * each product once per currency), ties going to the currency of the newest product.
 */
export function commonestCurrency(counts: ReadonlyArray<{ currency: string; products: number; newest: number }>): string | null {
  const best = [...counts].sort((a, b) => b.products - a.products || b.newest - a.newest || (a.currency < b.currency ? -1 : 1))[0];
  return best?.currency ?? null;
}
