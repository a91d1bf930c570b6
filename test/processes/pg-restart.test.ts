/**
 * PostgreSQL restarts under cart load (`pg_ctl stop -m fast` with adds in flight, started again 3 s later), with
 * sessions and carts in PostgreSQL so that adds hold pooled connections inside transactions when the server cuts
 * them. No kago process exits; every add is answered 200 or the shop's 503 with Retry-After; the shop takes adds
 * again within 2 s of PostgreSQL being back; no acknowledged add is lost.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCartLoad, tally, type AddAnswer, type CartLoad } from '../support/cart-load.js';
import { failedRequests, OUTAGE_SKIP, startOutageShop } from '../support/outage-shop.js';
import { eventually } from '../support/shop-process.js';

const OUTAGE_MS = 3000;
const isShopUnavailable = (answer: AddAnswer) =>
  answer.status === 503 && answer.retryAfter === '5' && answer.code === 'service_unavailable';

describe('PostgreSQL restart under cart load', { skip: OUTAGE_SKIP }, () => {
  for (const workers of [1, 2]) {
    it(`WORKERS=${workers}: no process exits, the outage answers 503 with Retry-After, adds work again within 2 s`, async (t) => {
      const env = await startOutageShop({
        REDIS_URL: '',
        RATE_LIMIT_CART: 'off',
        WORKERS: String(workers),
        LOG_LEVEL: 'info',
      });
      const { shop, pg } = env;
      let load: CartLoad | undefined;
      /** Fails at once (instead of waiting out a timeout) when a kago process died. */
      const stillUp = () => {
        assert.ok(
          shop.alive(),
          `kago exited:\n${shop
            .output()
            .split('\n')
            .filter((line) => !line.includes('"msg":"request completed"') && !line.includes('"msg":"incoming request"'))
            .join('\n')
            .slice(-3000)}`,
        );
        assert.doesNotMatch(shop.output(), /worker \d+ ended.*/, 'a worker died');
        return true;
      };
      try {
        const listening = () =>
          new Set(
            shop
              .logs()
              .filter((line) => String(line.msg).startsWith('Server listening'))
              .map((line) => line.pid),
          );
        await eventually(`${workers} server processes listening`, async () => listening().size === workers, 30_000);
        load = startCartLoad(shop.url);
        await load.until(
          'adds acknowledged before the fault',
          (answers) => answers.filter((answer) => answer.status === 200).length >= 100,
        );
        const mark = shop.output().length;
        await pg.halt(); // backends serving adds in flight are terminated (57P01)
        const down = Date.now();
        await load.until(
          '503s while PostgreSQL is down',
          (answers) => stillUp() && answers.filter((answer) => answer.at > down && answer.status === 503).length >= 10,
        );
        await sleep(Math.max(0, down + OUTAGE_MS - Date.now())); // the outage itself: the server stays down this long
        await pg.resume();
        const back = Date.now();
        await load.until(
          'an add acknowledged after PostgreSQL is back',
          (answers) => stillUp() && answers.some((answer) => answer.at >= back && answer.status === 200),
          15_000,
        );
        const recovery = load.answers.find((answer) => answer.at >= back && answer.status === 200)!.at - back;
        await load.stop();

        stillUp();
        const unexpected = load.answers.filter((answer) => answer.status !== 200 && !isShopUnavailable(answer));
        assert.deepEqual(
          failedRequests(shop, mark).map((line) => JSON.parse(line).err?.message),
          [],
          'no request failed with a 500',
        );
        assert.deepEqual(unexpected.slice(0, 5), [], `${unexpected.length} answers neither 200 nor the shop's 503`);
        assert.ok(recovery < 2000, `adds worked again ${recovery} ms after PostgreSQL was back`);
        const { acknowledged, lost, unacknowledgedApplied } = tally(await load.counts());
        assert.equal(lost, 0, 'every acknowledged add is in its cart');
        const refused = load.answers.filter(isShopUnavailable).length;
        t.diagnostic(
          `${acknowledged} adds acknowledged, ${refused} answered 503, ${lost} lost, ${unacknowledgedApplied} applied though not acknowledged; first add ${recovery} ms after PostgreSQL was back`,
        );
      } finally {
        await load?.stop();
        await env.close();
      }
    });
  }
});
