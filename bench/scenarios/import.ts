/**
 * Scenario 6: importing 100,000 products and 100,000 prices with the CLI (`node dist/cli.js import`) into an
 * empty store: wall-clock seconds and the CLI process's peak resident memory.
 */
import type { Scenario } from '../lib/context.js';
import { MB } from '../lib/rss.js';

export const importCatalog: Scenario = {
  name: 'import',
  description: '6. kago import of 100,000 products + 100,000 prices: seconds and peak memory',
  async run(ctx) {
    await ctx.largeCatalog();
    const facts = ctx.importFacts!;
    ctx.log(
      `  kago    import: ${facts.seconds.toFixed(1)} s, peak RSS ${(facts.peakRss / MB).toFixed(0)} MB (${facts.rssSource})`,
    );
  },
};
