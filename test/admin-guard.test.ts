/**
 * Every console route, found in Fastify's route table (so a route added later is covered without a line here),
 * refuses signed-out visitors, shoppers with a cart session, and owners whose console session ended: GET pages
 * send them to sign in, changes answer 401 and change nothing. Every answer under /admin is no-store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addOwner, signInOwner } from './support/admin.js';
import { startTestShop, type TestShop } from './support/app.js';
import { importCartCatalog } from './support/cart.js';
import { shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { SAME_ORIGIN } from './support/http.js';

/** Console routes that anyone may reach: the sign-in form and sign-out, and nothing else. */
const PUBLIC = ['GET /admin/login', 'HEAD /admin/login', 'POST /admin/login', 'POST /admin/logout'];

/** `METHOD /path` for every guarded console route, parameters filled with a value that names nothing. */
function consoleRoutes(shop: TestShop): string[] {
  const routes = shop.app.consoleRoutes;
  assert.deepEqual(
    routes
      .filter((route) => route.adminPublic)
      .map((route) => `${route.method} ${route.url}`)
      .sort(),
    [...PUBLIC].sort(),
  );
  return routes
    .filter((route) => !route.adminPublic)
    .map((route) => `${route.method} ${route.url.replace(/:[A-Za-z]+/g, 'X1')}`);
}

describe('every console route is for signed-in owners only', () => {
  let database: TestDatabase;
  let shop: TestShop;
  let clock = Date.UTC(2026, 10, 29, 9, 0, 0);

  before(async () => {
    database = await databaseTargets()[0]!.open();
    await importCartCatalog(database.db);
    shop = await startTestShop(database, { deps: { now: () => clock } });
    await addOwner(database.db);
  });
  after(async () => {
    await shop?.app.close();
    await database?.close();
  });

  async function refusedWith(cookie: string | undefined, why: string) {
    const routes = consoleRoutes(shop);
    assert.ok(routes.length >= 3, `console routes found: ${routes.join(', ')}`);
    const before = await database.db.selectFrom('admin_audit_log').select('id').execute();
    for (const route of routes) {
      const [method, url] = route.split(' ') as [string, string];
      const response = await shop.app.inject({
        method: method as 'GET',
        url,
        headers: { ...SAME_ORIGIN, ...(cookie ? { cookie } : {}) },
        payload: method === 'GET' || method === 'HEAD' ? undefined : 'a=1',
      });
      assert.equal(response.headers['cache-control'], 'no-store', `${route} (${why})`);
      if (method === 'GET' || method === 'HEAD') {
        assert.equal(response.statusCode, 303, `${route} (${why})`);
        assert.match(String(response.headers.location), /^\/admin\/login\?next=%2Fadmin/, `${route} (${why})`);
      } else {
        assert.equal(response.statusCode, 401, `${route} (${why})`);
        assert.match(response.body, /Sign in required/, `${route} (${why})`);
      }
    }
    assert.deepEqual(
      await database.db.selectFrom('admin_audit_log').select('id').execute(),
      before,
      `nothing recorded (${why})`,
    );
  }

  it('signed out', async () => {
    await refusedWith(undefined, 'signed out');
  });

  it('with a shopper session that has a cart', async () => {
    const alice = shopper(shop);
    await alice.add('prod_tea', 1);
    assert.ok(alice.cookie, 'the shopper has a session');
    await refusedWith(alice.cookie, 'shopper session');
  });

  it('with a console session that ended (idle 30 minutes)', async () => {
    const cookie = await signInOwner(shop.app);
    const ok = await shop.app.inject({ method: 'GET', url: '/admin/account', headers: { cookie } });
    assert.equal(ok.statusCode, 200, 'signed in: the page answers');
    clock += 31 * 60_000;
    await refusedWith(cookie, 'ended session');
  });

  it('a forged or garbage console cookie is ignored, not an error', async () => {
    await refusedWith('kago_admin=' + 'A'.repeat(43), 'forged cookie');
    await refusedWith('kago_admin=' + 'x'.repeat(5000), 'huge cookie');
  });

  it('an unknown console page is a no-store 404', async () => {
    const response = await shop.app.inject({ method: 'GET', url: '/admin/nothing-here' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.headers['cache-control'], 'no-store');
  });
});
