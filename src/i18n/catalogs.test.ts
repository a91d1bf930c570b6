/** Every catalog has every message, with the same placeholders: a missing message fails here, never shows empty. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntlMessageFormat } from 'intl-messageformat';
import { chooseLanguage, fromAcceptLanguage, LANGUAGES, localeFor } from './languages.js';
import { CATALOGS, translator } from './translator.js';

/** The argument names a message uses ({name}, plurals, selects, tags), from its parsed form. */
function placeholders(message: string, language: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const element of elements as Array<{
      type: number;
      value?: string;
      options?: Record<string, { value: unknown[] }>;
      children?: unknown[];
    }>) {
      if (element.type >= 1 && element.type !== 7 && element.value) names.add(element.value); // 7 is the plural's `#`
      for (const option of Object.values(element.options ?? {})) walk(option.value);
      if (element.children) walk(element.children);
    }
  };
  walk(new IntlMessageFormat(message, language).getAst());
  return [...names].sort();
}

describe('message catalogs', () => {
  const keys = Object.keys(CATALOGS.en).sort();

  for (const language of LANGUAGES) {
    it(`${language} has exactly the English keys, each non-empty with the same placeholders`, () => {
      const catalog = CATALOGS[language] as Record<string, string>;
      assert.deepEqual(Object.keys(catalog).sort(), keys, `${language}: keys differ from en`);
      for (const key of keys) {
        assert.ok(catalog[key]!.trim() !== '', `${language} ${key} is empty`);
        assert.deepEqual(
          placeholders(catalog[key]!, language),
          placeholders(CATALOGS.en[key as keyof typeof CATALOGS.en], 'en'),
          `${language} ${key}: placeholders differ`,
        );
      }
    });
  }

  it('formats plurals and numbers by language', () => {
    assert.equal(translator('en')('layout.cartItems', { count: 1 }), ' item');
    assert.equal(translator('en')('layout.cartItems', { count: 2 }), ' items');
    assert.equal(translator('ja')('layout.cartItems', { count: 2 }), ' 点');
  });
});

describe('choosing a language', () => {
  it('takes an explicit choice the shop speaks, then Accept-Language, then the default', () => {
    assert.equal(chooseLanguage('en', 'ja', ['ja', 'en']), 'en');
    assert.equal(chooseLanguage('fr', 'ja-JP,en;q=0.5', ['en', 'ja']), 'ja');
    assert.equal(chooseLanguage('ja', undefined, ['en']), 'en'); // not one of this shop's languages
    assert.equal(chooseLanguage(undefined, 'fr-FR, de;q=0.8', ['ja', 'en']), 'ja');
    assert.equal(chooseLanguage(undefined, undefined, ['ja', 'en']), 'ja');
  });

  it('weighs Accept-Language by q, ignores q=0, and reads * as the default', () => {
    assert.equal(fromAcceptLanguage('en;q=0.4, ja;q=0.9', ['en', 'ja']), 'ja');
    assert.equal(fromAcceptLanguage('ja;q=0, en;q=0.1', ['ja', 'en']), 'en');
    assert.equal(fromAcceptLanguage('ja;q=0', ['ja', 'en']), undefined);
    assert.equal(fromAcceptLanguage('fr, *;q=0.5', ['ja', 'en']), 'ja');
    assert.equal(fromAcceptLanguage('EN-gb', ['ja', 'en']), 'en');
    assert.equal(fromAcceptLanguage('en;q=bogus', ['ja', 'en']), 'en');
  });

  it("formats in the shop locale unless it is of another of the shop's languages", () => {
    assert.equal(localeFor('en', 'en-GB', ['en', 'ja']), 'en-GB');
    assert.equal(localeFor('ja', 'en-GB', ['en', 'ja']), 'ja-JP');
    assert.equal(localeFor('en', 'ja-JP', ['ja', 'en']), 'en-US');
    assert.equal(localeFor('en', 'de-DE', ['en']), 'de-DE');
    assert.equal(localeFor('en', 'ja-JP', ['en']), 'ja-JP');
  });
});
