/**
 * Scenario 3: add to cart on existing sessions. A pool of sessions is made first, each by one POST without a
 * cookie (its Set-Cookie kept); the measured requests then use the pool round robin. kago's session holds a
 * growing server-side cart; the seed's cookie keeps the one-item cart it was created with (the client does
 * not store the cookie the seed sends back, so each of its requests decodes and re-signs a one-item cart).
 */
import type { Scenario } from '../lib/context.js';
import { addOnExistingSessions } from '../lib/requests.js';
import { createSessionPool } from '../lib/sessions.js';

export const TITLE = '3. POST /cart/<id>, existing session';

export const addExistingSession: Scenario = {
  name: 'add-existing',
  description: `3. POST /cart/<id> over a pool of 200 sessions, round robin, random products with wrk (kago, seed)`,
  async run(ctx) {
    await ctx.ceilingBaseline();
    const ids = ctx.demoProductIds;
    const pool = { sessions: ctx.sizes.sessionPool, lines: 1, product: (index: number) => ids[index % ids.length]! };
    const title = `${TITLE} (pool ${ctx.sizes.sessionPool})`;
    const seed = await ctx.seed();
    if (seed) {
      const cookies = await createSessionPool(seed, pool);
      await ctx.measure({ key: 'add-existing', title, peer: 'seed' }, seed, addOnExistingSessions(cookies, ids));
    } else ctx.skip({ key: 'add-existing', title, peer: 'seed' }, 'seed not installed');
    const kago = await ctx.freshKago('add-existing');
    try {
      ctx.log(`  kago    creating ${pool.sessions} sessions over HTTP ...`);
      const cookies = await createSessionPool(kago.server, pool);
      await ctx.measure({ key: 'add-existing', title, peer: 'kago' }, kago.server, addOnExistingSessions(cookies, ids));
    } finally {
      await kago.done();
    }
  },
};
