/**
 * Scenario 1: the catalog page, GET / on the 24-product demo catalog, as a plain client asks for it and as a browser
 * does (`Accept-Encoding: gzip, br`); the ceiling answers its fixed page.
 */
import type { Scenario } from '../lib/context.js';
import { getPath } from '../lib/load.js';

/** What Chromium and Firefox send (zstd aside): kago answers from its pre-compressed pages. */
export const BROWSER_ENCODINGS = { 'accept-encoding': 'gzip, deflate, br' };

export const catalog: Scenario = {
  name: 'catalog',
  description:
    '1. GET / on the 24-product catalog, plain and with Accept-Encoding: gzip, deflate, br (kago, seed, ceiling)',
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
    } finally {
      await kago.done();
    }
  },
};
