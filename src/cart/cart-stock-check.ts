/**
 * The cart's stock check: refuses a change that would take the cart's quantity of a counted product past what is
 * left (`sold_out`, `not_enough_stock`). Lowering a line is always allowed. One stock query for the products a
 * change touches; the cart is read only when one of them is counted.
 */
import { findShortfall, sumByProduct } from '../stock/cart-check.js';
import type { StockLevel, StockLevels } from '../stock/stock-levels.js';
import type { CartCommand } from './cart-store.js';
import type { CartView } from './cart-view.js';
import { CartError } from './errors.js';
import { lineId, propertiesHash, splitLineId } from './line-properties.js';

/** The product a line (store line id) belongs to, its name for the refusal, and its stock when read with it. */
export interface TouchedLine {
  productId: string;
  name: string;
  stock?: StockLevel | undefined;
}

/**
 * Throws when `commands` would take a counted product past its stock. `lines` names the product of each line the
 * commands touch; `readCart` gives the cart as it is (called at most once, and only when `cart` is not given).
 */
export async function checkCartStock(
  stock: StockLevels,
  readCart: () => Promise<CartView>,
  commands: readonly CartCommand[],
  lines: ReadonlyMap<string, TouchedLine>,
  cart?: CartView,
): Promise<void> {
  let current = cart;
  const known = new Map([...lines.values()].map((line) => [line.productId, line.stock]));
  // Levels read with the products in this request (as fresh as a query of their own would be), else one query.
  const levels: StockLevels = [...known.values()].every(Boolean)
    ? { levels: async () => known as Map<string, StockLevel> }
    : stock;
  const shortfall = await findShortfall(levels, [...known.keys()], async () => {
    current ??= await readCart();
    const quantities = new Map(
      current.lines.map((line) => [line.lineId, { productId: line.productId, quantity: line.quantity }]),
    );
    const before = sumByProduct(quantities.values());
    for (const command of commands) {
      if (command.kind !== 'add' && command.kind !== 'set') continue;
      let id =
        command.kind === 'add' ? lineId(command.priceId, propertiesHash(command.properties ?? {})) : command.lineId;
      let quantity = command.quantity;
      if (command.kind === 'set' && command.properties && command.quantity > 0) {
        // Replaced properties move the line, maybe onto another of the same price: count it there.
        const to = lineId(splitLineId(id).priceId, propertiesHash(command.properties));
        if (to !== id) {
          quantities.delete(id);
          quantity += quantities.get(to)?.quantity ?? 0;
          id = to;
        }
      }
      const line = quantities.get(id) ?? { productId: lines.get(id)!.productId, quantity: 0 };
      quantities.set(id, { ...line, quantity: command.kind === 'add' ? line.quantity + quantity : quantity });
    }
    return { before, after: sumByProduct(quantities.values()) };
  });
  if (!shortfall) return;
  const name = [...lines.values()].find((line) => line.productId === shortfall.productId)!.name;
  if (shortfall.available === 0) throw new CartError('sold_out', { name, inCart: shortfall.inCart });
  throw new CartError('not_enough_stock', {
    name,
    available: shortfall.available,
    wanted: shortfall.wanted,
    inCart: shortfall.inCart,
  });
}
