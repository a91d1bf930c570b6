/**
 * kago's pages render without hono/jsx's AsyncLocalStorage (src/web/render.ts): before Node 24 its first run() turns
 * on promise hooks for the whole process. Seen from hono's side: a context read after an await in an async component
 * finds the default value, as hono documents for runtimes without AsyncLocalStorage. The shop is started and a page
 * rendered first, so a render during start-up would have let hono find the storage.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createContext, useContext } from 'hono/jsx';
import { startTestShop, type TestShop } from './support/app.js';
import { importCartCatalog } from './support/cart.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

describe('pages render without an AsyncLocalStorage', () => {
  let database: TestDatabase;
  let shop: TestShop;
  before(async () => {
    database = await databaseTargets()[0]!.open();
    await importCartCatalog(database.db);
    shop = await startTestShop(database);
  });
  after(async () => {
    await shop?.app.close();
    await database?.close();
  });

  it('a context read after an await finds its default: hono found no AsyncLocalStorage', async () => {
    const page = await shop.app.inject({ url: '/' });
    assert.equal(page.statusCode, 200);
    const Shown = createContext('default');
    const Late = async () => {
      await Promise.resolve();
      return <b>{useContext(Shown)}</b>;
    };
    const node = (
      <Shown.Provider value="provided">
        <Late />
      </Shown.Provider>
    );
    // An async component makes the render a promise (kago's views have none: theirs are strings at once).
    const html = await (node as unknown as { toString(): Promise<string> }).toString();
    assert.equal(String(html), '<b>default</b>');
  });
});
