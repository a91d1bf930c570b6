/** How the console words a stock level: "not counted", or what is left with what checkouts hold. */
import type { StockLevel } from '../../../stock/stock-levels.js';

export function stockText(level: StockLevel): string {
  if (!level.tracked) return 'not counted';
  const held = level.reserved > 0 ? ` (${level.onHand} on hand, ${level.reserved} held by checkouts)` : '';
  return `${level.available} left${held}`;
}
