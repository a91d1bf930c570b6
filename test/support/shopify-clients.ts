/**
 * Real, unmodified Shopify cart client libraries from npm, served into a page on the shop's origin for the browser
 * suites: Playwright answers one made-up URL of the shop (`/__e2e/<name>.html`) with a blank page, and the
 * libraries go in as scripts. ESM-only packages are bundled as they are (esbuild, no changes) into a global.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildSync } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** An ES module package bundled into `window[globalName]`. */
function bundle(entry: string, globalName: string): string {
  const result = buildSync({
    entryPoints: [require.resolve(entry)],
    bundle: true,
    format: 'iife',
    globalName,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export const CLIENT_SCRIPTS = {
  /** @shopify/theme-cart 4.1.1 as `ThemeCart`. */
  themeCart: () => bundle('@shopify/theme-cart/theme-cart.js', 'ThemeCart'),
  /** @shopify/theme-currency 4.1.1 as `ThemeCurrency` (its `formatMoney`). */
  themeCurrency: () => bundle('@shopify/theme-currency/currency.js', 'ThemeCurrency'),
  jquery: () => readFileSync(require.resolve('jquery/dist/jquery.js'), 'utf8'),
  /** shopify-cartjs 1.1.0 (`CartJS`, needs jQuery first). */
  cartJs: () => readFileSync(require.resolve('shopify-cartjs/dist/cart.js'), 'utf8'),
  liquidAjaxCart: () => readFileSync(require.resolve('liquid-ajax-cart/liquid-ajax-cart.js'), 'utf8'),
};

/** Opens a blank page at `<origin>/__e2e/<name>.html` (the shop's origin, so cookies and same-origin fetches hold) with `scripts` loaded. */
export async function openClientPage(
  context: BrowserContext,
  origin: string,
  name: string,
  scripts: string[],
  body = '',
): Promise<Page> {
  const url = `${origin}/__e2e/${name}.html`;
  await context.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><title>${name}</title></head><body>${body}</body></html>`,
    }),
  );
  const page = await context.newPage();
  await page.goto(url);
  for (const content of scripts) await page.addScriptTag({ content });
  return page;
}
