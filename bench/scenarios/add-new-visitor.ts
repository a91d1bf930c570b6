/**
 * Scenario 2: add to cart as a new visitor on every request (no cookie): kago creates a session and a cart
 * line and answers 303; the seed builds a one-item cookie cart and answers 302.
 */
import type { Scenario } from '../lib/context.js';
import { addAsNewVisitor } from '../lib/requests.js';

export const addNewVisitor: Scenario = {
  name: 'add-new',
  description: '2. POST /cart/<id> without a cookie: a new visitor each request (kago, seed)',
  async run(ctx) {
    await ctx.ceilingBaseline();
    const row = { key: 'add-new', title: '2. POST /cart/<id>, new visitor' };
    const seed = await ctx.seed();
    if (seed) await ctx.measure({ ...row, peer: 'seed' }, seed, addAsNewVisitor(ctx.demoProductIds));
    else ctx.skip({ ...row, peer: 'seed' }, 'seed not installed');
    const kago = await ctx.freshKago('add-new');
    try {
      await ctx.measure({ ...row, peer: 'kago' }, kago.server, addAsNewVisitor(ctx.demoProductIds));
    } finally {
      await kago.done();
    }
  },
};
