/**
 * Scenario 7: POST /checkout with the demo payment provider, round robin over sessions holding one line each
 * (a run that outlasts the pool checks a cart out again, with the new session cookie the first checkout gave it,
 * as a browser would; the answers column says how often). Skipped, with a
 * line saying so, if POST /checkout answers 404.
 *
 * kago refuses the demo provider in production (it takes no real payments), and uses it exactly when no Stripe
 * key is set; so this one instance runs with NODE_ENV=development and no Stripe keys, everything else (secret,
 * DEMO_CATALOG=false, log level, built dist/) as in production. Started checkouts answer 303 to the demo payment
 * page; refusals answer 303 back to /cart?notice=<code>, counted apart.
 */
import type { Scenario } from '../lib/context.js';
import { postFollowingSessions } from '../lib/requests.js';
import { addToCart, createSessionPool } from '../lib/sessions.js';

const DEMO_PROVIDER_ENV = { NODE_ENV: 'development', STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '' };

export const checkout: Scenario = {
  name: 'checkout',
  description: '7. POST /checkout with the demo payment provider (skipped while it answers 404)',
  async run(ctx) {
    const row = { key: 'checkout', title: '7. POST /checkout (demo provider)', peer: 'kago' as const };
    const kago = await ctx.freshKago('checkout', DEMO_PROVIDER_ENV);
    try {
      const { setCookie } = await addToCart(kago.server, ctx.demoProductIds[0]!);
      const probe = await fetch(`${kago.server.url}/checkout`, {
        method: 'POST',
        redirect: 'manual',
        headers: setCookie ? { cookie: setCookie } : {},
      });
      await probe.arrayBuffer();
      if (probe.status === 404) {
        ctx.skip(row, 'POST /checkout answers 404: checkout is not implemented yet');
        return;
      }
      const location = probe.headers.get('location') ?? '';
      if (probe.status !== 303 || location.startsWith('/cart'))
        ctx.note(`checkout probe answered ${probe.status} ${location}: not a started checkout`);
      await ctx.ceilingBaseline();
      const ids = ctx.demoProductIds;
      // A repeated checkout of an unchanged cart is answered from its pending order (cheaper): the pool is sized
      // to outlast the run at the rates this machine reaches, and the note says how many repeats there were.
      const sessions = ctx.quick ? 200 : 12_000;
      ctx.log(`  kago    creating ${sessions} one-line carts over HTTP ...`);
      const cookies = await createSessionPool(kago.server, {
        sessions,
        lines: 1,
        product: (index) => ids[index % ids.length]!,
      });
      const spec = postFollowingSessions('/checkout', [...cookies]);
      const where = new Map<string, number>();
      const followCookie = spec.requests![0]!.onResponse!;
      spec.requests![0]!.onResponse = (status, body, context, headers) => {
        followCookie(status, body, context, headers);
        const to = (headers['location'] ?? '')
          .replace(/\/checkout\/demo\/.*/, '/checkout/demo/<id>')
          .replace(/^https?:\/\/[^/]+/, '');
        where.set(to, (where.get(to) ?? 0) + 1);
      };
      const done = await ctx.measure({ ...row, title: `${row.title} (${sessions} carts)` }, kago.server, spec);
      const total = [...where.values()].reduce((sum, count) => sum + count, 0);
      const repeats = Math.max(0, total - sessions);
      done.note = `redirects (warm-up + window): ${[...where].map(([to, count]) => `${to || '(none)'}×${count}`).join(' ')}; ${repeats} of ${total} were repeat checkouts of a cart`;
      ctx.log(`  kago    ${done.note}`);
    } finally {
      await kago.done();
    }
  },
};
