/**
 * The seed flow in Japanese and in English (SHOP_LANGUAGES=ja,en, the demo catalog): catalog, product page, add to
 * cart, cart, checkout with the demo payment, order page; at 1280x800 and 390x844, with and without JavaScript.
 * A browser asking for Japanese gets the shop in Japanese (its default); the English walk starts there too and
 * switches with the footer's language links. Every page is axe-clean (axe runs in the page, so with JavaScript; the
 * pages without it are the same HTML), fits the phone, says its language,
 * shows none of the other language's words, and is photographed per language into SCREENSHOT_DIR.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { CATALOGS, translator, type Language, type Translator } from '../../src/i18n/index.js';
import {
  AxeReport,
  documentWidth,
  elementsWiderThan,
  expectText,
  screenshot,
  screenshotSummary,
} from '../support/browser-checks.js';
import { DEMO, DEMO_SHOPPER, headerCount } from '../support/browser-shop.js';
import { CHROMIUM_SKIP, useBrowserShop } from '../support/browser.js';

const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Whole messages of the English catalog (no placeholders, 10+ characters) that differ in Japanese: none may show on a Japanese page. */
const ENGLISH_ONLY = Object.entries(CATALOGS.en)
  .filter(
    ([key, text]) => !text.includes('{') && text.length >= 10 && CATALOGS.ja[key as keyof typeof CATALOGS.ja] !== text,
  )
  .map(([, text]) => text);

interface Walk {
  lang: Language;
  size: 'desktop' | 'phone';
  javaScript: boolean;
}

describe('the seed flow in Japanese and English', { skip: CHROMIUM_SKIP, timeout: 240_000 }, () => {
  const shop = useBrowserShop({ env: { SHOP_LANGUAGES: 'ja,en', SHOP_TIMEZONE: 'Asia/Tokyo' } });
  after(() => {
    const summary = screenshotSummary();
    if (summary) console.log(summary);
  });

  async function walk({ lang, size, javaScript }: Walk): Promise<void> {
    const t: Translator = translator(lang);
    const phone = size === 'phone';
    const context = await shop.newContext({
      ...(phone ? PHONE : DESKTOP),
      javaScriptEnabled: javaScript,
      locale: 'ja-JP',
    });
    const page = await context.newPage();
    const axe = new AxeReport();
    const problems: string[] = [];
    const where = `${lang}, ${size}, ${javaScript ? 'with' : 'without'} JavaScript`;

    const visit = async (name: string) => {
      assert.equal(await page.locator('html').getAttribute('lang'), lang, `${name} (${where}): <html lang>`);
      await screenshot(page, `lang-${lang}-${javaScript ? 'js' : 'nojs'}-${name}`);
      if (javaScript) await axe.check(page, `${name} (${where})`);
      if (phone) {
        const { scrollWidth } = await documentWidth(page);
        if (scrollWidth > PHONE.viewport.width)
          problems.push(
            `${name}: ${scrollWidth}px wide; ${(await elementsWiderThan(page, PHONE.viewport.width)).join(', ')}`,
          );
      }
      if (lang === 'ja') {
        const text = await page.locator('body').innerText();
        const english = ENGLISH_ONLY.filter((message) => text.includes(message));
        if (english.length > 0) problems.push(`${name}: English on a Japanese page: ${english.join(' | ')}`);
      }
    };

    // The browser asks for Japanese: the shop's default. The English walk switches in the footer (a cookie, no session).
    await page.goto('/');
    if (lang === 'en') {
      assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
      await page
        .getByRole('navigation', { name: translator('ja')('layout.language.label') })
        .getByRole('link', { name: 'English' })
        .click();
      await page.waitForURL(/\?lang=en$/);
      const cookies = await context.cookies();
      assert.deepEqual(
        cookies.map((cookie) => cookie.name).sort(),
        ['kago_lang'],
        'choosing a language starts no session',
      );
    }
    await expectText(page.getByRole('heading', { level: 1 }), t('catalog.heading'), 'catalog heading');
    await visit('catalog');

    await page
      .locator(`a.product-card__link[href$="${encodeURIComponent('tenugui-hand-towel')}"], a.product-card__link`)
      .filter({ hasText: 'Tenugui' })
      .first()
      .click();
    await page.waitForURL(/\/products\//);
    await visit('product');

    await page.getByLabel(t('addForm.quantity')).fill('2');
    await page
      .locator(`form[data-product-id="${DEMO.tenugui.id}"]`)
      .getByRole('button', { name: new RegExp(`^${t('addForm.add')}`) })
      .click();
    await expectText(headerCount(page), '2', `header count after the add (${where})`);
    // With or without the script, the notice names the cart in the page's language (views/added-notice.tsx).
    const viewCart = /<link>(.*?)<\/link>/.exec(CATALOGS[lang]['addedNotice.text'])![1]!;
    await expectText(
      page.locator('[data-added-notice] a[href="/cart"]').first(),
      viewCart,
      'the added notice speaks the page language',
    );

    await page.locator('header a[data-cart-link]').click();
    await page.waitForURL(/\/cart$/);
    await expectText(
      page.locator('.cart-summary__subtotal'),
      `${t('cart.subtotal', { count: 2 })} ${lang === 'ja' ? '￥2,640' : '¥2,640'}`,
      'subtotal',
    );
    await visit('cart');

    await page.getByRole('button', { name: t('cart.checkout') }).click();
    await page.waitForURL(/\/checkout\/demo\//);
    await visit('checkout-demo');
    await page.getByLabel(t('order.email'), { exact: true }).fill(DEMO_SHOPPER.email);
    await page.getByLabel(t('details.fullName'), { exact: true }).fill(DEMO_SHOPPER.name);
    await page.getByLabel(t('details.postalCode'), { exact: true }).fill(DEMO_SHOPPER.postalCode);
    await page.getByLabel(t('details.prefecture'), { exact: true }).fill(DEMO_SHOPPER.prefecture);
    await page.getByLabel(t('details.cityJp'), { exact: true }).fill(DEMO_SHOPPER.city);
    await page.getByLabel(t('details.line1'), { exact: true }).fill(DEMO_SHOPPER.line1);
    await page.locator('form.checkout-details button[type="submit"]').click();
    await page.waitForURL(/\/checkout\/success\?session_id=/);
    await expectText(page.getByRole('heading', { level: 1 }), t('order.status.paid.heading'), 'success heading');
    assert.match(
      await page.locator('main').innerText(),
      lang === 'ja'
        ? /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2} JST にご注文/
        : /placed \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2} GMT\+9\./,
      "the time, in the shop's zone and named",
    );
    await visit('checkout-success');

    await page.getByRole('link', { name: t('order.view') }).click();
    await page.waitForURL(/\/orders\/[^/?#]+$/);
    await visit('order');

    await context.close();
    axe.assertClean();
    assert.deepEqual(problems, [], `${where}:\n${problems.join('\n')}`);
    shop.problems.assertNone();
  }

  for (const lang of ['ja', 'en'] as const) {
    for (const size of ['desktop', 'phone'] as const) {
      for (const javaScript of [true, false]) {
        it(`walks the shop in ${lang === 'ja' ? 'Japanese' : 'English'} on a ${size}, ${javaScript ? 'with' : 'without'} JavaScript`, () =>
          walk({ lang, size, javaScript }));
      }
    }
  }
});
