/**
 * --scale: kago with 1,000,000 sessions in its store, each holding one cart line. They are inserted straight
 * into the database (lib/bulk-sessions.ts), then a pool as large as scenario 3's (200) of them, spread over the whole range, gets
 * cookies signed as kago signs them, checked first: a POST with one must answer 303 without a new session's
 * cookie (a cookie kago did not accept would create a new session). Reported: server memory after start and
 * during the run, and scenario 3 rerun on this store, as a ratio to scenario 3 on a store of just its pool.
 */
import { insertSessions } from '../lib/bulk-sessions.js';
import type { Scenario } from '../lib/context.js';
import { DEMO_PRICES, DEMO_PRODUCTS, importWithCli } from '../lib/kago.js';
import { sleep } from '../lib/proc.js';
import { addOnExistingSessions } from '../lib/requests.js';
import { treeRss } from '../lib/rss.js';
import { addToCart, signedKagoCookie } from '../lib/sessions.js';
import { TITLE } from './add-existing-session.js';

export const scale: Scenario = {
  name: 'scale',
  description: '--scale: 1,000,000 sessions in the store: server memory, and scenario 3 rerun on it (kago)',
  async run(ctx) {
    await ctx.ceilingBaseline();
    const total = ctx.sizes.scaleSessions;
    const store = await ctx.options.db.newStore('scale');
    try {
      await importWithCli(store, ctx.secret, DEMO_PRODUCTS, DEMO_PRICES);
      ctx.log(`  kago    inserting ${total.toLocaleString('en-US')} sessions with one cart line each, in batches ...`);
      const bulk = await insertSessions(store.databaseUrl, total, ctx.sizes.sessionPool);
      ctx.log(`  kago    inserted in ${bulk.seconds.toFixed(1)} s`);
      const server = await ctx.startKago(store);
      try {
        await sleep(2000);
        const rssAfterStart = treeRss(server.proc.pid);
        const cookies = bulk.sample.map((id) => signedKagoCookie(id, ctx.secret));
        const check = await addToCart(server, ctx.demoProductIds[0]!, cookies[0]);
        // Accepted: 303 and either no cookie or the same one (kago re-sends it when it moves the expiry).
        if (check.status !== 303 || (check.setCookie && check.setCookie !== cookies[0])) {
          throw new Error(
            `--scale: a signed cookie of an inserted session was not accepted (status ${check.status}, new cookie: ${Boolean(check.setCookie)})`,
          );
        }
        const title = `${TITLE} (pool ${cookies.length} of ${total.toLocaleString('en-US')})`;
        const row = await ctx.measure(
          { key: 'scale-existing', title, peer: 'kago' },
          server,
          addOnExistingSessions(cookies, ctx.demoProductIds),
        );
        ctx.scaleFacts = {
          sessions: total,
          insertSeconds: bulk.seconds,
          rssAfterStart,
          peakRss: row.m!.peakRss,
          method: `inserted into ${ctx.options.db.kind} in batches of 20,000; pool cookies signed with @fastify/cookie's sign (sha256), verified by a POST first`,
        };
      } finally {
        await server.stop();
      }
    } finally {
      await store.drop();
    }
  },
};
