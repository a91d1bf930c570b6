/**
 * An acknowledged add survives kill -9: shoppers add to their carts while the server is killed with SIGKILL (no
 * shutdown, nothing flushed by kago), and every add the server had answered 303 to is in the cart a new server shows.
 * On SQLite (WAL, synchronous=NORMAL) and on PostgreSQL. What each setting promises on power loss: ADR 0011.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { importCartCatalog } from '../support/cart.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { startShopProcess, visitor, type ShopProcess } from '../support/shop-process.js';

const SHOPPERS = 12;
/** The kill comes once this many adds were answered; the others are in flight or not sent yet. */
const ACKNOWLEDGED_BEFORE_KILL = 40;

for (const target of databaseTargets()) {
  describe(`an acknowledged add survives kill -9 on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase | undefined;
    const shops: ShopProcess[] = [];
    after(async () => {
      await Promise.all(shops.map((shop) => shop.kill()));
      await database?.close();
    });

    it('every add answered 303 before the kill is in the cart after a restart', async () => {
      database = await target.open();
      await importCartCatalog(database.db);
      const url = database.config.dialect === 'postgres' ? database.config.url : `sqlite:${database.config.file}`;
      const first = await startShopProcess({ DATABASE_URL: url });
      shops.push(first);
      const shoppers = Array.from({ length: SHOPPERS }, () => ({ client: visitor(), acknowledged: 0 }));
      let answered = 0;
      let killed!: () => void;
      const kill = new Promise<void>((resolve) => (killed = resolve));
      // Each shopper adds one tea at a time (the first add makes the session) until the server is gone.
      const shop = async (shopper: (typeof shoppers)[number]) => {
        for (;;) {
          const answer = await shopper.client
            .postForm(`${first.url}/cart/prod_tea`, 'quantity=1')
            .catch(() => undefined);
          if (!answer) return; // the server is gone: this add was never acknowledged
          assert.equal(answer.status, 303, answer.body);
          shopper.acknowledged++;
          if (++answered === ACKNOWLEDGED_BEFORE_KILL) killed();
        }
      };
      const running = Promise.all(shoppers.map(shop));
      await kill;
      first.signal('SIGKILL');
      const exit = await first.exited;
      assert.equal(exit.signal, 'SIGKILL');
      await running;

      const second = await startShopProcess({ DATABASE_URL: url });
      shops.push(second);
      for (const shopper of shoppers) {
        if (shopper.acknowledged === 0) continue;
        const cart = (await shopper.client.get(`${second.url}/cart.js`)).json();
        const tea = cart.items.find((item: { stripe_price_id: string }) => item.stripe_price_id === 'price_tea');
        // An add in flight at the kill may have committed without its answer arriving: at least, never fewer.
        assert.ok(
          tea && tea.quantity >= shopper.acknowledged,
          `a shopper had ${shopper.acknowledged} adds acknowledged, the cart holds ${tea?.quantity ?? 0}`,
        );
        assert.ok(tea.quantity <= shopper.acknowledged + 1, 'at most the one add in flight more');
      }
      assert.ok(shoppers.reduce((sum, shopper) => sum + shopper.acknowledged, 0) >= ACKNOWLEDGED_BEFORE_KILL);
    });
  });
}
