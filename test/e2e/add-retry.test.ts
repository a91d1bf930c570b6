/**
 * "Add to cart" in Chromium when the shop stores an add but its answer never reaches the browser (the connection
 * drops, or a 503 comes back): the script retries with the same Idempotency-Key, so the item is added once and the
 * shopper is told it was added. The test lets each request reach the shop, then replaces the answer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page, Route } from 'playwright-core';
import { expectText } from '../support/browser-checks.js';
import { addButton, cartQuantities, DEMO, expectAddedNotice, expectHeaderCount } from '../support/browser-shop.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';

type LoseAnswer = (route: Route) => Promise<void>;

/** The shop gets the add and stores it; the browser never sees the answer (the connection is reset). */
const resetAfterStore: LoseAnswer = async (route) => {
  await route.fetch();
  await route.abort('connectionreset');
};

/** The shop stores the add, the browser gets a 503 (as when the store's reply is lost after its commit). */
const unavailableAfterStore: LoseAnswer = async (route) => {
  await route.fetch();
  await route.fulfill({
    status: 503,
    headers: { 'content-type': 'application/json', 'retry-after': '5' },
    body: JSON.stringify({
      status: 503,
      message: 'Temporarily unavailable',
      description: 'We could not confirm your change.',
      code: 'service_unavailable',
    }),
  });
};

/** Loses the answer of the next add only; returns the Idempotency-Key of every add sent from now on. */
async function loseNextAnswer(page: Page, lose: LoseAnswer): Promise<string[]> {
  const keys: string[] = [];
  await page.route('**/cart/add.js', async (route) => {
    keys.push(route.request().headers()['idempotency-key'] ?? '(none)');
    if (keys.length === 1) return lose(route);
    return route.continue();
  });
  return keys;
}

describe('add to cart in the browser when an answer is lost', { skip: CHROMIUM_SKIP, timeout: 60_000 }, () => {
  const shop = useBrowserShop();
  const feedback = (page: Page, product: { id: string }) =>
    page.locator(`form[data-product-id="${product.id}"] [data-add-feedback]`);

  for (const [name, lose] of [
    ['the connection drops', resetAfterStore],
    ['a 503 comes back', unavailableAfterStore],
  ] as const) {
    it(`${name} after the shop stored an add: the script retries with the same key, and the item is added once`, async () => {
      const page = await shop.newPage();
      await page.goto('/');
      await addButton(page, DEMO.mug).click();
      await expectHeaderCount(page, 1);
      shop.problems.allow((url, status) => url.endsWith('/cart/add.js') && (status === 0 || status === 503));

      const keys = await loseNextAnswer(page, lose);
      await addButton(page, DEMO.tenugui).click();
      await expectAddedNotice(page, DEMO.tenugui);
      await expectText(feedback(page, DEMO.tenugui), '', 'no error beside the form after the retry');
      await expectHeaderCount(page, 2);
      assert.equal(keys.length, 2, 'one retry');
      assert.match(keys[0]!, /^[0-9a-f]{32}$/);
      assert.equal(keys[1], keys[0], 'the retry carries the same key');
      assert.deepEqual(await cartQuantities(page.context()), { [DEMO.mug.id]: 1, [DEMO.tenugui.id]: 1 });

      await addButton(page, DEMO.tenugui).click();
      await expectHeaderCount(page, 3);
      assert.equal(keys.length, 3);
      assert.notEqual(keys[2], keys[0], 'a new click is a new add, with a new key');
      shop.problems.assertNone();
    });
  }

  it("a new visitor's first add whose answer is lost: after the retry the browser's cart holds the item once", async () => {
    const page = await shop.newPage();
    await page.goto('/');
    shop.problems.allow((url, status) => url.endsWith('/cart/add.js') && status === 0);
    const keys = await loseNextAnswer(page, resetAfterStore);
    await addButton(page, DEMO.furoshiki).click();
    await expectAddedNotice(page, DEMO.furoshiki);
    await expectText(feedback(page, DEMO.furoshiki), '', 'no error beside the form after the retry');
    await expectHeaderCount(page, 1);
    assert.equal(keys.length, 2);
    assert.deepEqual(await cartQuantities(page.context()), { [DEMO.furoshiki.id]: 1 });
    await page.reload();
    await expectHeaderCount(page, 1);
    shop.problems.assertNone();
  });
});
