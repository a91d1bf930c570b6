/** What a price and a product's stock say on the storefront: "tax included"/"plus tax", "Sold out", "Only N left". */
import type { TaxBehavior } from '../../db/schema.js';
import type { StockLevel } from '../../stock/stock-levels.js';
import { shownStock } from '../../stock/shown-stock.js';

const TAX_WORDS: Record<TaxBehavior, string | null> = { inclusive: 'tax included', exclusive: 'plus tax', unspecified: null };

/** "tax included", "plus tax", or null when the export said nothing. */
export const taxWords = (taxBehavior: TaxBehavior): string | null => TAX_WORDS[taxBehavior];

/** A price as the export says it is: tax-inclusive, tax-exclusive, or unspecified (nothing said). */
export function Price({ amount, taxBehavior, large = false }: { amount: string; taxBehavior: TaxBehavior; large?: boolean }) {
  const words = TAX_WORDS[taxBehavior];
  return (
    <p class={large ? 'price price--large' : 'price'}>
      {amount}
      {words ? <span class="price__tax"> {words}</span> : null}
    </p>
  );
}

export function StockNote({ level, lowStock }: { level: StockLevel; lowStock: number }) {
  const shown = shownStock(level, lowStock);
  if (shown.kind === 'sold_out') return <p class="stock stock--sold-out">Sold out</p>;
  if (shown.kind === 'low') return <p class="stock stock--low">Only {shown.left} left</p>;
  return null;
}

/** Whether a cart's subtotal includes tax, from the lines it adds up. */
export function subtotalTaxNote(behaviors: readonly TaxBehavior[]): string | null {
  const kinds = new Set(behaviors);
  if (kinds.size === 0) return null;
  if (kinds.size === 1 && kinds.has('inclusive')) return 'Tax included.';
  if (kinds.size === 1 && kinds.has('exclusive')) return 'Tax is added at checkout.';
  if (kinds.has('exclusive')) return 'Tax on some items is added at checkout.';
  if (kinds.has('inclusive')) return 'Tax included on some items.';
  return null;
}
