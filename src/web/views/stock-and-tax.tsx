/** What a price and a product's stock say on the storefront: "tax included"/"plus tax", "Sold out", "Only N left". */
import type { TaxBehavior } from '../../db/schema.js';
import type { MessageKey, Translator } from '../../i18n/index.js';
import type { StockLevel } from '../../stock/stock-levels.js';
import { shownStock } from '../../stock/shown-stock.js';
import type { PageContext } from './page-context.js';

const TAX_WORDS: Record<TaxBehavior, MessageKey | null> = {
  inclusive: 'price.taxIncluded',
  exclusive: 'price.plusTax',
  unspecified: null,
};

/** "tax included", "plus tax", or null when the export said nothing. */
export function taxWords(t: Translator, taxBehavior: TaxBehavior): string | null {
  const key = TAX_WORDS[taxBehavior];
  return key ? t(key) : null;
}

/** A price as the export says it is: tax-inclusive, tax-exclusive, or unspecified (nothing said). */
export function Price({
  ctx,
  amount,
  taxBehavior,
  large = false,
}: {
  ctx: Pick<PageContext, 't'>;
  amount: string;
  taxBehavior: TaxBehavior;
  large?: boolean;
}) {
  const key = TAX_WORDS[taxBehavior];
  const words = key ? ctx.t(key) : null;
  return (
    <p class={large ? 'price price--large' : 'price'}>
      {amount}
      {words ? <span class="price__tax"> {words}</span> : null}
    </p>
  );
}

export function StockNote({ ctx, level }: { ctx: Pick<PageContext, 't' | 'lowStock'>; level: StockLevel }) {
  const shown = shownStock(level, ctx.lowStock);
  if (shown.kind === 'sold_out') return <p class="stock stock--sold-out">{ctx.t('stock.soldOut')}</p>;
  if (shown.kind === 'low') return <p class="stock stock--low">{ctx.t('stock.low', { left: shown.left })}</p>;
  return null;
}

/** Whether a cart's subtotal includes tax, from the lines it adds up. */
export function subtotalTaxNote(t: Translator, behaviors: readonly TaxBehavior[]): string | null {
  const kinds = new Set(behaviors);
  if (kinds.size === 0) return null;
  if (kinds.size === 1 && kinds.has('inclusive')) return t('tax.included');
  if (kinds.size === 1 && kinds.has('exclusive')) return t('tax.addedAtCheckout');
  if (kinds.has('exclusive')) return t('tax.someAddedAtCheckout');
  if (kinds.has('inclusive')) return t('tax.someIncluded');
  return null;
}
