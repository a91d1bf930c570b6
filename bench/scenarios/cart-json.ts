/**
 * Scenario 4: GET /cart.js (the cart as JSON) on sessions holding 10 lines each, round robin (kago only).
 * While the endpoint does not exist the scenario still runs and shows the 404s in its "bad" column.
 */
import type { Scenario } from '../lib/context.js';
import { getWithSessions } from '../lib/requests.js';
import { createSessionPool } from '../lib/sessions.js';

const LINES = 3;

export const cartJson: Scenario = {
  name: 'cart-json',
  description: `4. GET /cart.js on sessions holding ${LINES} lines (kago)`,
  async run(ctx) {
    await ctx.ceilingBaseline();
    const ids = ctx.demoProductIds;
    const kago = await ctx.freshKago('cart-json');
    try {
      const sessions = ctx.sizes.cartJsonPool;
      ctx.log(`  kago    creating ${sessions} sessions of ${LINES} lines over HTTP ...`);
      const cookies = await createSessionPool(kago.server, {
        sessions,
        lines: LINES,
        product: (index, line) => ids[(index + line) % ids.length]!,
      });
      const probe = await fetch(`${kago.server.url}/cart.js`, { headers: { cookie: cookies[0]! } });
      const body = await probe.text();
      if (probe.status !== 200)
        ctx.note(
          `GET /cart.js answered ${probe.status} before the run (endpoint not there yet?): the row counts those answers as bad`,
        );
      else if (!body.trimStart().startsWith('{'))
        ctx.note(`GET /cart.js answered 200 but not a JSON object: ${body.slice(0, 80)}`);
      await ctx.measure(
        { key: 'cart-json', title: `4. GET /cart.js, ${LINES}-line carts (pool ${sessions})`, peer: 'kago' },
        kago.server,
        getWithSessions('/cart.js', cookies),
      );
    } finally {
      await kago.done();
    }
  },
};
