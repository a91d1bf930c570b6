/**
 * Finding products in Chromium, on a phone (390px) and a desktop (1280px): search in Japanese and English from the
 * header, open a collection from the header, sort and filter with the list's form; every page axe-clean, no
 * sideways scrolling, photographed. Then the predictive-search combobox (keyboard, stale answers, axe with the list
 * open), and the search box without JavaScript.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { BrowserContextOptions, Page, Route } from 'playwright-core';
import {
  AxeReport,
  documentWidth,
  elementsWiderThan,
  eventually,
  screenshot,
  screenshotSummary,
} from '../support/browser-checks.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';

const SIZES: Array<{ name: string; options: BrowserContextOptions }> = [
  {
    name: 'phone',
    options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  },
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
];

/** Product names on a list page, in order. */
const names = (page: Page) => page.locator('.product-grid .product-card__name').allTextContents();

/** Prices on a list page as numbers (the demo catalog is in yen: "¥1,320"). */
async function prices(page: Page): Promise<number[]> {
  const texts = await page
    .locator('.product-grid .price')
    .evaluateAll((els) => els.map((el) => el.firstChild?.textContent ?? ''));
  return texts.map((text) => Number(text.replace(/[^0-9]/g, '')));
}

const searchBox = (page: Page) => page.getByRole('search').getByLabel('Search products');

describe('finding products in the browser', { skip: CHROMIUM_SKIP, timeout: 120_000 }, () => {
  const shop = useBrowserShop();
  after(() => {
    const summary = screenshotSummary();
    if (summary) console.log(summary);
  });

  for (const size of SIZES) {
    it(`on a ${size.name}: search in Japanese and English, open a collection, sort and filter`, async () => {
      const page = await shop.newPage(size.options);
      // Typing then pressing Enter at once may leave the page while a suggestion loads; the page cancels it.
      shop.problems.allow((url, status) => status === 0 && url.includes('/search/suggest.json?'));
      const axe = new AxeReport();
      const tooWide: string[] = [];
      const check = async (name: string) => {
        await screenshot(page, `finding-${name}`);
        await axe.check(page, `${name} (${size.name})`);
        const { scrollWidth } = await documentWidth(page);
        const width = size.options.viewport!.width;
        if (scrollWidth > width)
          tooWide.push(`${name}: ${scrollWidth}px; ${(await elementsWiderThan(page, width)).join(', ')}`);
      };

      await page.goto('/');
      await searchBox(page).fill('手ぬぐい');
      await searchBox(page).press('Enter');
      await page.waitForURL((url) => url.pathname === '/search');
      assert.equal(new URL(page.url()).searchParams.get('q'), '手ぬぐい');
      assert.deepEqual(await names(page), ['Tenugui hand towel 手ぬぐい']);
      await check('search-japanese');

      await searchBox(page).fill('mug');
      await searchBox(page).press('Enter');
      await page.waitForURL((url) => url.searchParams.get('q') === 'mug');
      assert.ok((await names(page)).includes('Hasami-yaki mug 波佐見焼マグ'), `mug found: ${await names(page)}`);
      await check('search-english');

      await page
        .getByRole('navigation', { name: 'Collections' })
        .getByRole('link', { name: 'Tea', exact: true })
        .click();
      await page.waitForURL((url) => url.pathname === '/collections/tea');
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Tea');
      assert.deepEqual((await names(page)).sort(), [
        'Cast iron teapot 鉄瓶',
        'Hojicha roasted tea ほうじ茶',
        'Matcha bowl 抹茶碗',
        'Matcha whisk 茶筅',
        'Sencha green tea 煎茶',
      ]);
      await check('collection');

      const controls = page.getByRole('form', { name: 'Sort and filter' });
      await controls.getByLabel('Sort by').selectOption({ label: 'Price, low to high' });
      await controls.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL((url) => url.searchParams.get('sort_by') === 'price-ascending');
      const sorted = await prices(page);
      assert.equal(sorted.length, 5);
      assert.deepEqual(
        sorted,
        [...sorted].sort((a, b) => a - b),
        'cheapest first',
      );
      await check('collection-sorted');

      await controls.getByLabel('Price from').fill('2000');
      await controls.getByLabel('to', { exact: true }).fill('5000');
      await controls.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL((url) => url.searchParams.get('filter.v.price.gte') === '2000');
      const filtered = await prices(page);
      assert.ok(filtered.length > 0 && filtered.length < 5, `some tea between ¥2,000 and ¥5,000: ${filtered}`);
      assert.ok(
        filtered.every((price) => price >= 2000 && price <= 5000),
        `prices ${filtered}`,
      );
      assert.deepEqual(
        filtered,
        [...filtered].sort((a, b) => a - b),
        'the sort is kept',
      );
      await check('collection-filtered');

      // Kokeshi doll has stock 0: it is listed in Home until "In stock only" is ticked.
      await page.goto('/collections/home');
      assert.ok((await names(page)).includes('Kokeshi doll こけし'));
      await controls.getByLabel('In stock only').check();
      await controls.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL((url) => url.searchParams.get('filter.v.availability') === '1');
      assert.ok(!(await names(page)).includes('Kokeshi doll こけし'), 'the sold-out doll is filtered out');
      assert.ok((await names(page)).includes('Daruma doll だるま'));
      await check('collection-in-stock');

      axe.assertClean();
      assert.deepEqual(tooWide, [], `pages wider than the screen:\n${tooWide.join('\n')}`);
      shop.problems.assertNone();
    });
  }

  it('predictive search: a combobox with a listbox, driven by the keyboard', async () => {
    const page = await shop.newPage();
    await page.goto('/');
    const combobox = page.getByRole('combobox', { name: 'Search products' });
    const listbox = page.getByRole('listbox', { name: 'Suggestions' });
    assert.equal(await combobox.getAttribute('aria-expanded'), 'false');
    const hiddenList = page.getByRole('listbox', { name: 'Suggestions', includeHidden: true });
    assert.equal(await combobox.getAttribute('aria-controls'), await hiddenList.getAttribute('id'));

    // One input: typed key by key, a busy machine's pause between keys can outlast the debounce, and the request
    // for the shorter text is then (rightly) aborted, which the problem log would report.
    await combobox.fill('matcha');
    await listbox.waitFor({ state: 'visible' });
    assert.equal(await combobox.getAttribute('aria-expanded'), 'true');
    const options = listbox.getByRole('option');
    const labels = await options.allTextContents();
    assert.ok(labels.includes('Matcha whisk 茶筅') && labels.includes('Matcha bowl 抹茶碗'), `options: ${labels}`);
    assert.equal(labels.at(-1), 'Search for “matcha”');
    await screenshot(page, 'finding-suggestions');
    const axe = new AxeReport();
    await axe.check(page, 'suggestions open');
    axe.assertClean();

    // Down, Down, Up: the first option is active; focus never leaves the input.
    await combobox.press('ArrowDown');
    await combobox.press('ArrowDown');
    await combobox.press('ArrowUp');
    const first = options.first();
    assert.equal(await combobox.getAttribute('aria-activedescendant'), await first.getAttribute('id'));
    assert.equal(await first.getAttribute('aria-selected'), 'true');
    assert.equal(await page.evaluate('document.activeElement?.id'), 'search-q');
    // Up from the first wraps to the last ("Search for ...").
    await combobox.press('ArrowUp');
    assert.equal(await combobox.getAttribute('aria-activedescendant'), await options.last().getAttribute('id'));

    await combobox.press('Escape');
    await listbox.waitFor({ state: 'hidden' });
    assert.equal(await combobox.getAttribute('aria-expanded'), 'false');
    assert.equal(await combobox.getAttribute('aria-activedescendant'), null);
    assert.equal(await combobox.inputValue(), 'matcha', 'the first Escape closes the list and keeps the text');

    await combobox.press('ArrowDown');
    await listbox.waitFor({ state: 'visible' });
    const chosen = (await options.first().textContent())!;
    await combobox.press('Enter');
    await page.waitForURL((url) => url.pathname.startsWith('/products/'));
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), chosen);
    shop.problems.assertNone();
  });

  it('predictive search: a slow answer for earlier text is aborted and never replaces the newer list', async () => {
    const page = await shop.newPage();
    const held: Route[] = [];
    const aborted: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    await page.route('**/search/suggest.json?*', async (route) => {
      const q = new URL(route.request().url()).searchParams.get('q');
      if (q === 'tea') {
        held.push(route);
        releaseFirst();
        return; // answered never: the page must abort it
      }
      await route.continue();
    });
    page.on('requestfailed', (request) => {
      if (request.url().includes('/search/suggest.json')) aborted.push(new URL(request.url()).searchParams.get('q')!);
    });
    shop.problems.allow((url, status) => status === 0 && url.includes('/search/suggest.json?q=tea&'));

    await page.goto('/');
    const combobox = page.getByRole('combobox', { name: 'Search products' });
    await combobox.pressSequentially('tea');
    await firstHeld;
    // One input event for the rest of the word: typing it key by key on a busy machine can outlast the debounce
    // between keys, and the then-stale "teap" would be (rightly) aborted too.
    await combobox.fill('teapot');
    const listbox = page.getByRole('listbox', { name: 'Suggestions' });
    await listbox.waitFor({ state: 'visible' });
    await eventually(
      () => listbox.getByRole('option').allTextContents(),
      ['Cast iron teapot 鉄瓶', 'Search for “teapot”'],
      'suggestions for teapot',
    );
    await eventually(async () => aborted, ['tea'], 'the request for "tea" was aborted');
    shop.problems.assertNone();
  });

  it('without JavaScript the search box is a plain form that reaches /search', async () => {
    const page = await shop.newPage({ javaScriptEnabled: false });
    await page.goto('/');
    assert.equal(
      await page.getByRole('combobox', { name: 'Search products' }).count(),
      0,
      'no combobox without the script',
    );
    assert.equal(await searchBox(page).getAttribute('role'), null);
    await searchBox(page).fill('風呂敷');
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => url.pathname === '/search');
    assert.deepEqual(await names(page), ['Furoshiki wrapping cloth 風呂敷']);
    shop.problems.assertNone();
  });
});
