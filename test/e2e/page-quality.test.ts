/**
 * A Lighthouse-style check of the catalog and a product page in Chromium. It is NOT Lighthouse (not installed):
 * it measures what playwright-core gives (navigation timing, FCP, LCP, CLS and long tasks from PerformanceObserver,
 * bytes transferred, axe-core, the head tags search engines read) on a desktop and on a phone with Lighthouse's
 * mobile throttling. The tags, layout shift, image sizes and accessibility are checked; timings are printed as a
 * table (also written to SCREENSHOT_DIR/page-quality.md) for docs/decisions/0016, never asserted.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { BrowserContextOptions } from 'playwright-core';
import { runAxe, SCREENSHOT_DIR } from '../support/browser-checks.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';
import {
  observeVitals,
  readMetrics,
  readSeoTags,
  throttleLikeMobile,
  type PageMetrics,
} from '../support/page-metrics.js';

const PROFILES: Array<{ name: string; options: BrowserContextOptions; throttled: boolean }> = [
  { name: 'desktop 1280px', options: { viewport: { width: 1280, height: 800 } }, throttled: false },
  {
    name: 'phone 390px, 4x CPU, 150 ms RTT, 1.6 Mbit/s',
    options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    throttled: true,
  },
];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)}`;

describe(
  'a Lighthouse-style check (not Lighthouse) of the catalog and a product page',
  { skip: CHROMIUM_SKIP, timeout: 120_000 },
  () => {
    const shop = useBrowserShop();
    const rows: string[] = [];
    after(() => {
      if (rows.length === 0) return;
      const table = [
        '| page | profile | TTFB ms | FCP ms | LCP ms (element) | load ms | CLS | blocking ms | requests | transferred KiB (document, script, css, img) | axe (all impacts) |',
        '|---|---|---|---|---|---|---|---|---|---|---|',
        ...rows,
      ].join('\n');
      if (!SCREENSHOT_DIR) return console.log(table);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      writeFileSync(path.join(SCREENSHOT_DIR, 'page-quality.md'), `${table}\n`);
      console.log(`${table}\n(written to ${path.join(SCREENSHOT_DIR, 'page-quality.md')})`);
    });

    const row = (page: string, profile: string, m: PageMetrics, axeCount: number) =>
      `| ${page} | ${profile} | ${m.ttfb} | ${m.fcp ?? '-'} | ${m.lcp ?? '-'} (${m.lcpElement ?? '-'}) | ${m.load} | ${m.cls} | ${m.blockingTime} | ${m.requests} | ${kb(m.transferBytes)} (${['document', 'script', 'link', 'img'].map((t) => kb(m.byType[t] ?? 0)).join(', ')}) | ${axeCount} |`;

    for (const profile of PROFILES) {
      it(`on a ${profile.name}: search-engine tags, no layout shift, sized images, accessible; timings recorded`, async () => {
        const productPath = await (async () => {
          const probe = await shop.newPage();
          await probe.goto('/');
          return (await probe.locator('.product-card__link').first().getAttribute('href'))!;
        })();
        for (const [name, url, jsonLdType] of [
          ['catalog', '/', 'BreadcrumbList'],
          ['product', productPath, 'Product'],
        ] as const) {
          const page = await shop.newPage(profile.options);
          if (profile.throttled) await throttleLikeMobile(page);
          await observeVitals(page);
          const response = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
          const metrics = await readMetrics(page);
          const tags = await readSeoTags(page, response!.status());
          const violations = await runAxe(page);
          rows.push(
            row(
              name,
              profile.name,
              metrics,
              violations.reduce((n, v) => n + v.nodes.length, 0),
            ),
          );

          const where = `${name} (${profile.name})`;
          assert.equal(tags.status, 200, where);
          assert.ok(tags.lang, `${where}: <html lang>`);
          assert.ok(tags.title.length > 0 && tags.description, `${where}: title and meta description`);
          assert.match(tags.canonical ?? '', /^https?:\/\//, `${where}: absolute canonical URL`);
          assert.ok(!/noindex/.test(tags.robots ?? ''), `${where}: indexable`);
          assert.ok(tags.viewport, `${where}: viewport meta`);
          assert.ok(
            tags.ogTitle && tags.ogImage && tags.twitterCard,
            `${where}: link preview tags ${JSON.stringify(tags)}`,
          );
          assert.ok(tags.jsonLdTypes.includes(jsonLdType), `${where}: JSON-LD ${jsonLdType} in ${tags.jsonLdTypes}`);
          assert.equal(tags.unsizedImages, 0, `${where}: images without width and height`);
          assert.equal(tags.imagesWithoutAlt, 0, `${where}: images without alt`);
          assert.equal(tags.uncrawlableLinks, 0, `${where}: links without href`);
          assert.ok(metrics.cls < 0.1, `${where}: cumulative layout shift ${metrics.cls} (good is under 0.1)`);
          assert.deepEqual(
            violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
            [],
            `${where}: axe`,
          );
          await page.context().close();
        }
        shop.problems.assertNone();
      });
    }
  },
);
