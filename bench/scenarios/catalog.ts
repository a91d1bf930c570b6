/**
 * Scenario 1: the catalog page, GET / on the 24-product demo catalog, as a plain client asks for it and as a browser
 * does (`Accept-Encoding: gzip, br`), then (kago only) by shoppers with a 3-line cart; the ceiling answers its fixed page.
 */
import type { Scenario } from '../lib/context.js';
import { getPath } from '../lib/load.js';
import { getWithSessions } from '../lib/requests.js';
import { createSessionPool } from '../lib/sessions.js';

/** Lines in each cart of the pool for the catalog page with a cart (as in scenario 4). */
const CART_LINES = 3;

/** What Chromium and Firefox send (zstd aside): kago answers from its pre-compressed pages. */
export const BROWSER_ENCODINGS = { 'accept-encoding': 'gzip, deflate, br' };

export const catalog: Scenario = {
  name: 'catalog',
  description:
    '1. GET / on the 24-product catalog, plain and with Accept-Encoding: gzip, deflate, br (kago, seed, ceiling); with a cart (kago)',
  async run(ctx) {
    await ctx.ceilingBaseline();
    const plain = { key: 'catalog', title: '1. GET / (24 products)' };
    const compressed = { key: 'catalog-br', title: '1. GET / (24 products), Accept-Encoding: gzip, deflate, br' };
    const seed = await ctx.seed();
    if (seed) {
      await ctx.measure({ ...plain, peer: 'seed' }, seed, getPath('/'));
      await ctx.measure({ ...compressed, peer: 'seed' }, seed, getPath('/', BROWSER_ENCODINGS));
    } else {
      ctx.skip({ ...plain, peer: 'seed' }, 'seed not installed');
      ctx.skip({ ...compressed, peer: 'seed' }, 'seed not installed');
    }
    const kago = await ctx.freshKago('catalog');
    try {
      await ctx.measure({ ...plain, peer: 'kago' }, kago.server, getPath('/'));
      await ctx.measure({ ...compressed, peer: 'kago' }, kago.server, getPath('/', BROWSER_ENCODINGS));
      // A shopper with a cart: the header counts it (its own read per answer), the rest is the cached page.
      const sessions = ctx.sizes.cartJsonPool;
      ctx.log(`  kago    creating ${sessions} sessions of ${CART_LINES} lines over HTTP ...`);
      const ids = ctx.demoProductIds;
      const cookies = await createSessionPool(kago.server, {
        sessions,
        lines: CART_LINES,
        product: (index, line) => ids[(index + line) % ids.length]!,
      });
      const withCart = `with a ${CART_LINES}-line cart (pool ${sessions})`;
      await ctx.measure(
        { key: 'catalog-cart', title: `1. GET / (24 products), ${withCart}`, peer: 'kago' },
        kago.server,
        getWithSessions('/', cookies),
      );
      await ctx.measure(
        { key: 'catalog-cart-br', title: `1. GET / (24 products), ${withCart}, gzip/br asked`, peer: 'kago' },
        kago.server,
        getWithSessions('/', cookies, BROWSER_ENCODINGS),
      );
    } finally {
      await kago.done();
    }
  },
};
