/**
 * Session lifetime in Chromium, on a shop started with SESSION_TTL=3s: the cart is gone once the lifetime has
 * passed (in the browser and on the server), and, as the README says, each use extends it.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { addButton, cartOf, DEMO, expectHeaderCount } from '../support/browser-shop.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';

const TTL_MS = 3_000;

// The tests mostly wait for the clock, each in its own browser context: they run side by side.
describe('session lifetime (SESSION_TTL=3s)', { skip: CHROMIUM_SKIP, timeout: 60_000, concurrency: true }, () => {
  const shop = useBrowserShop({ env: { SESSION_TTL: `${TTL_MS / 1000}s` } });

  it('the cart is gone once the lifetime has passed, even when the old cookie is sent again', async () => {
    const page = await shop.newPage();
    await page.goto('/');
    await addButton(page, DEMO.tenugui).click();
    await expectHeaderCount(page, 1);
    const [cookie] = await page.context().cookies();
    assert.ok(cookie, 'the add started a session');

    await sleep(TTL_MS + 1_000);
    await page.reload();
    await expectHeaderCount(page, 0);
    assert.equal((await cartOf(page.context())).item_count, 0);

    // The browser dropped the expired cookie; the server must have forgotten the session as well.
    await page.context().addCookies([{ name: cookie.name, value: cookie.value, url: shop.server.origin }]);
    await page.reload();
    await expectHeaderCount(page, 0);
    assert.equal((await cartOf(page.context())).item_count, 0);
    shop.problems.assertNone();
  });

  // The expiry moves at most once a minute, or every half lifetime when SESSION_TTL is shorter than two minutes.
  it('each use extends the lifetime: a shopper who keeps browsing keeps the cart', async () => {
    const page = await shop.newPage();
    await page.goto('/');
    await addButton(page, DEMO.mug).click();
    await expectHeaderCount(page, 1);
    await sleep(TTL_MS - 1_000);
    await page.goto('/cart'); // a use, 2 s after the add: the session should now live until 5 s
    await expectHeaderCount(page, 1);
    await sleep(2_000); // 4 s after the add, 2 s after the last use
    await page.goto('/');
    await expectHeaderCount(page, 1);
    shop.problems.assertNone();
  });
});
