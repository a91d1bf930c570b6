/**
 * `kago demo remove`: takes the bundled demo catalog out of the shop (src/catalog/demo-remove.ts says what happens
 * to carts and orders that hold demo items).
 */
import type { Kysely } from 'kysely';
import { removeDemoCatalog } from '../catalog/index.js';
import type { Database } from '../db/schema.js';

export const DEMO_HELP = `  demo remove             Remove the bundled demo catalog (its products, prices, stock counts and search
                          entries) for good: the start never imports it again, even into an empty shop.
                          Orders with demo items keep their lines as recorded (names, prices, quantities);
                          carts (in the database, or in Redis with REDIS_URL) lose their demo lines and
                          keep the rest. To start a new shop without the demo at all:
                          DEMO_CATALOG=false npm start.`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What is wrong with the arguments of `kago demo`, checked before the database is opened; undefined when fine. */
export function demoUsageError(args: string[]): string | undefined {
  return args.length === 1 && args[0] === 'remove' ? undefined : `kago demo: expected "demo remove"\n\n${DEMO_HELP}`;
}

/** Takes lines of removed prices out of carts kept outside the database (Redis); how many, from how many carts. */
export type RemoveCartLines = (priceIds: readonly string[]) => Promise<{ lines: number; carts: number }>;

/** `kago demo remove` (arguments checked with demoUsageError first); returns the exit code. */
export async function demoCommand(
  db: Kysely<Database>,
  out: (line: string) => void,
  otherCarts?: RemoveCartLines,
  now = Date.now,
): Promise<number> {
  const removed = await removeDemoCatalog(db, now());
  // After the commit: the prices are gone, so no cart can take a new demo line while the sweep runs.
  const swept = otherCarts ? await otherCarts(removed.priceIds) : { lines: 0, carts: 0 };
  if (removed.products === 0) {
    out('The demo catalog is not in this shop: nothing to remove. It will not be imported at start.');
    return 0;
  }
  out(`Removed the demo catalog: ${plural(removed.products, 'product')}, ${plural(removed.prices, 'price')}.`);
  out(
    `Carts: ${plural(removed.cartLines + swept.lines, 'demo line')} removed from ${plural(removed.carts + swept.carts, 'cart')}.`,
  );
  out(`Orders: ${plural(removed.orders, 'order')} with demo items keep their recorded lines.`);
  out('The demo will not be imported at start again.');
  return 0;
}
