/**
 * Which of a product's prices are sold, under what label and in what order: the one place that decides it, for
 * every way prices reach the catalog (the CSV import, a sync from Stripe, webhooks), since all of them write price
 * rows and then refresh the catalog (refresh-options.ts applies these rules to the rows, in SQL where it can).
 *
 * - Sold ("options"): a product's active one-time prices in the shop's currency (SHOP_CURRENCY, else the currency
 *   most products are priced in), while the product is active.
 * - Label: `option (metadata)`, else the price's nickname (spaces trimmed, at most MAX_LABEL_LENGTH characters).
 * - Order: `position (metadata)` first (a whole number; options with one come before those without), then amount,
 *   then the oldest, then the id.
 * - The price a product sells at when none is chosen (an add by product id; the product page's preselected choice):
 *   the price Stripe names as the product's default (`default_price`) when it is one of its options, else its newest
 *   option, as a product sold at one price always sold at its newest.
 * The label and position are read per price here; order, the default and the currency's count are set-wise, in SQL.
 */

/** Longest label kept: enough for "Box of 12, gift wrapped", short enough for a radio button and a Stripe line item. */
export const MAX_LABEL_LENGTH = 80;

/** A metadata value by key in any letter case (`Option (metadata)` and `option (metadata)` are the same column). */
function metadataValue(metadata: Readonly<Record<string, string>>, key: string): string | undefined {
  for (const [name, value] of Object.entries(metadata)) if (name.trim().toLowerCase() === key) return value;
  return undefined;
}

/** Spaces trimmed from both ends, as SQL's trim() does (refresh-options.ts labels plain prices with it). */
const trimSpaces = (text: string) => text.replace(/^ +| +$/g, '');

/** What a shopper chooses the price by: `option (metadata)`, else the nickname; '' for neither. */
export function optionLabel(price: { nickname: string; metadata: Readonly<Record<string, string>> }): string {
  const label = trimSpaces(metadataValue(price.metadata, 'option') ?? '') || trimSpaces(price.nickname);
  return [...label].slice(0, MAX_LABEL_LENGTH).join('');
}

/** `position (metadata)` as a whole number, when it is one. */
export function optionPosition(metadata: Readonly<Record<string, string>>): number | undefined {
  const text = metadataValue(metadata, 'position')?.trim() ?? '';
  return /^-?[0-9]{1,9}$/.test(text) ? Number(text) : undefined;
}

/** `Name (Large)`: a line's name with its option, where one line of text names it (mail, lists, accessible names). */
export function nameWithOption(name: string, option: string): string {
  return option === '' ? name : `${name} (${option})`;
}

/**
 * Where a cart line goes when its price is no longer sold (archived, or a new price replaced it): the option of
 * the same label, or the product's only option when it has one; none when the shopper would have to choose again.
 */
export function replacementOption<T extends { label: string; currency: string }>(
  gone: { label: string; currency: string },
  options: readonly T[],
): T | undefined {
  const same = options.filter((option) => option.currency === gone.currency);
  if (gone.label !== '') {
    const labelled = same.find((option) => option.label === gone.label);
    if (labelled) return labelled;
  }
  return same.length === 1 && options.length === 1 ? same[0] : undefined;
}

/**
 * The shop's currency when SHOP_CURRENCY does not name one: the currency most products are priced in (counting
 * each product once per currency), ties going to the currency of the newest product.
 */
export function commonestCurrency(
  counts: ReadonlyArray<{ currency: string; products: number; newest: number }>,
): string | null {
  const best = [...counts].sort(
    (a, b) => b.products - a.products || b.newest - a.newest || (a.currency < b.currency ? -1 : 1),
  )[0];
  return best?.currency ?? null;
}
