/**
 * Every page of the shop in Chromium: axe-core finds no serious or critical violations (desktop, 1280x800), a phone
 * (390x844) never scrolls sideways, and each page is photographed at both sizes into SCREENSHOT_DIR (printed at
 * the end). Store pages and checkout pages are separate tests, so one missing page does not hide the others.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  AxeReport,
  documentWidth,
  elementsWiderThan,
  screenshot,
  screenshotSummary,
} from '../support/browser-checks.js';
import { tourCheckoutPages, tourStorePages, type Visit } from '../support/browser-shop.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

describe('every page', { skip: CHROMIUM_SKIP, timeout: 90_000 }, () => {
  const shop = useBrowserShop();
  after(() => {
    const summary = screenshotSummary();
    if (summary) console.log(summary);
  });

  /** Screenshot and axe on every page; fails at the end with all pages' serious and critical violations. */
  async function onDesktop(tour: (visit: Visit) => Promise<void>): Promise<void> {
    const axe = new AxeReport();
    await tour(async (page, name) => {
      await screenshot(page, name);
      await axe.check(page, name);
    });
    axe.assertClean();
    shop.problems.assertNone();
  }

  /** Screenshot and width on every page; fails at the end with every page that scrolls sideways, and why. */
  async function onPhone(tour: (visit: Visit) => Promise<void>): Promise<void> {
    const tooWide: string[] = [];
    await tour(async (page, name) => {
      await screenshot(page, name);
      const { scrollWidth } = await documentWidth(page);
      if (scrollWidth > PHONE.viewport.width)
        tooWide.push(
          `${name}: ${scrollWidth}px wide; ${(await elementsWiderThan(page, PHONE.viewport.width)).join(', ')}`,
        );
    });
    assert.deepEqual(tooWide, [], `pages wider than the phone:\n${tooWide.join('\n')}`);
    shop.problems.assertNone();
  }

  it('store pages have no serious accessibility violations (axe)', async () => {
    const page = await shop.newPage();
    await onDesktop((visit) => tourStorePages(shop, page, visit));
  });

  it('checkout pages have no serious accessibility violations (axe)', async () => {
    const page = await shop.newPage();
    await onDesktop((visit) => tourCheckoutPages(page, visit));
  });

  it('store pages fit a 390px phone without sideways scrolling', async () => {
    const page = await shop.newPage(PHONE);
    await onPhone((visit) => tourStorePages(shop, page, visit));
  });

  it('checkout pages fit a 390px phone without sideways scrolling', async () => {
    const page = await shop.newPage(PHONE);
    await onPhone((visit) => tourCheckoutPages(page, visit));
  });
});
