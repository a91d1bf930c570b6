/**
 * Scenario 5: the catalog on a large shop (100,000 products, imported with the CLI): page 1 and a deep page
 * near the end (`/?page=N`). The deep page should cost about what page 1 costs.
 */
import type { Scenario } from '../lib/context.js';
import { getPath } from '../lib/load.js';

export const largeCatalog: Scenario = {
  name: 'large-catalog',
  description: '5. GET / and GET /?page=N near the end on a 100,000-product catalog (kago)',
  async run(ctx) {
    await ctx.ceilingBaseline();
    const large = await ctx.largeCatalog();
    const deep = Math.max(1, large.pageCount - 2);
    const server = await ctx.startKago(large.store);
    try {
      const size = large.products.toLocaleString('en-US');
      await ctx.measure({ key: 'page-1', title: `5. GET / (${size} products)`, peer: 'kago' }, server, getPath('/'));
      await ctx.measure(
        { key: 'page-deep', title: `5. GET /?page=${deep} (${size} products)`, peer: 'kago' },
        server,
        getPath(`/?page=${deep}`),
      );
    } finally {
      await server.stop();
    }
  },
};
