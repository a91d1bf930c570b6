/** Scenario 1: the catalog page, GET / on the 24-product demo catalog; the ceiling answers its fixed page. */
import type { Scenario } from '../lib/context.js';

export const catalog: Scenario = {
  name: 'catalog',
  description: '1. GET / on the 24-product catalog (kago, seed, ceiling)',
  async run(ctx) {
    await ctx.ceilingBaseline();
    const row = { key: 'catalog', title: '1. GET / (24 products)' };
    const seed = await ctx.seed();
    if (seed) await ctx.measure({ ...row, peer: 'seed' }, seed, { path: '/' });
    else ctx.skip({ ...row, peer: 'seed' }, 'seed not installed');
    const kago = await ctx.freshKago('catalog');
    try {
      await ctx.measure({ ...row, peer: 'kago' }, kago.server, { path: '/' });
    } finally {
      await kago.done();
    }
  },
};
