import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PriceDetails } from './cart-prices.js';
import { createCartPriceCache } from './price-cache.js';

/** A catalog whose prices are `amounts` (what the database holds now); `loads` records each query's ids. */
function catalog(amounts: Record<string, number>) {
  const loads: string[][] = [];
  let gate: Promise<void> | undefined;
  const load = async (ids: readonly string[]) => {
    loads.push([...ids]);
    const read = new Map(
      ids.flatMap((id) =>
        amounts[id] === undefined ? [] : [[id, { id, unitAmount: amounts[id] } as unknown as PriceDetails] as const],
      ),
    );
    await gate; // a query still running while another request reads a newer version
    return read;
  };
  return {
    loads,
    load,
    amounts,
    hold() {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

const amountsOf = (prices: ReadonlyMap<string, PriceDetails>) =>
  Object.fromEntries([...prices].map(([id, details]) => [id, details.unitAmount]));

describe('cart prices in memory per catalog version', () => {
  it('reads a price once per version; a new version reads it again, as the database has it then', async () => {
    const shop = catalog({ price_tea: 1000, price_cup: 3000 });
    const cache = createCartPriceCache(shop.load);
    assert.deepEqual(amountsOf(await cache.at(['price_tea', 'price_cup'], 4)), { price_tea: 1000, price_cup: 3000 });
    shop.amounts.price_tea = 1200;
    assert.deepEqual(amountsOf(await cache.at(['price_tea'], 4)), { price_tea: 1000 }, 'version 4 as read for it');
    assert.deepEqual(amountsOf(await cache.at(['price_tea', 'price_cup', 'price_gone'], 5)), {
      price_tea: 1200,
      price_cup: 3000,
    });
    assert.deepEqual(amountsOf(await cache.at(['price_gone', 'price_cup'], 5)), { price_cup: 3000 });
    assert.deepEqual(shop.loads, [
      ['price_tea', 'price_cup'],
      ['price_tea', 'price_cup', 'price_gone'],
    ]);
  });

  it('a version read back lower (a restored database) starts over too; a version never read (-1) is never kept', async () => {
    const shop = catalog({ price_tea: 1000 });
    const cache = createCartPriceCache(shop.load);
    await cache.at(['price_tea'], 9);
    shop.amounts.price_tea = 800;
    assert.deepEqual(amountsOf(await cache.at(['price_tea'], 3)), { price_tea: 800 });
    await cache.at(['price_tea'], -1);
    await cache.at(['price_tea'], -1);
    assert.equal(shop.loads.length, 4);
  });

  it('prices read for an older version while a newer one came are answered but not kept for the newer one', async () => {
    const shop = catalog({ price_tea: 1000 });
    const cache = createCartPriceCache(shop.load);
    const release = shop.hold();
    const slow = cache.at(['price_tea'], 1); // read version 1, its price query still running
    shop.amounts.price_tea = 1500;
    release();
    const newer = cache.at(['price_tea'], 2);
    assert.deepEqual(amountsOf(await slow), { price_tea: 1000 });
    assert.deepEqual(amountsOf(await newer), { price_tea: 1500 });
    assert.deepEqual(amountsOf(await cache.at(['price_tea'], 2)), { price_tea: 1500 }, 'version 2 keeps its own read');
    assert.equal(shop.loads.length, 2);
  });

  it('starts over past its bound', async () => {
    const shop = catalog({ a: 1, b: 2, c: 3 });
    const cache = createCartPriceCache(shop.load, 2);
    await cache.at(['a', 'b'], 1);
    await cache.at(['c'], 1);
    await cache.at(['c'], 1);
    await cache.at(['a'], 1);
    assert.deepEqual(shop.loads, [['a', 'b'], ['c'], ['a']]);
  });
});
