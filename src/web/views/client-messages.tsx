/**
 * The words the browser script (src/web/client) shows, handed to it by the page as a JSON data block, so the script
 * carries no catalog of its own. A message that counts comes as one template per plural category of the language
 * (Intl.PluralRules), with `{count}` (and `{name}`, ...) left for the script to fill.
 */
import type { MessageKey, Translator } from '../../i18n/index.js';
import type { ClientMessages } from '../client-messages-type.js';
import { jsonLdText } from '../structured-data.js';
import type { PageContext } from './page-context.js';

export const CLIENT_MESSAGES_ID = 'kago-messages';

/** A sample number in each plural category of `locale` (0..200 covers every category CLDR has for en and ja). */
function samples(locale: string): Map<string, number> {
  const rules = new Intl.PluralRules(locale);
  const found = new Map<string, number>();
  for (let n = 0; n <= 200 && found.size < rules.resolvedOptions().pluralCategories.length; n++) {
    const category = rules.select(n);
    if (!found.has(category)) found.set(category, n);
  }
  return found;
}

/** The message in each plural category, the count written `{count}` and the other values left as placeholders. */
function pluralForms(
  t: Translator,
  locale: string,
  key: MessageKey,
  placeholders: Record<string, string> = {},
): Record<string, string> {
  const numbers = new Intl.NumberFormat(locale);
  const forms: Record<string, string> = {};
  for (const [category, n] of samples(locale))
    forms[category] = t(key, { ...placeholders, count: n }).replace(numbers.format(n), '{count}');
  return forms;
}

const cache = new Map<string, string>();

/** The data block's JSON for a page's language (made once per language). */
export function clientMessagesJson(ctx: Pick<PageContext, 't' | 'locale'>): string {
  const id = `${ctx.t.language}|${ctx.locale}`;
  let json = cache.get(id);
  if (json === undefined) {
    const { t, locale } = ctx;
    const messages: ClientMessages = {
      added: t('client.added'),
      addedAnnounce: pluralForms(t, locale, 'client.addedAnnounce', { name: '{name}' }),
      addFailed: t('client.addFailed'),
      notConfirmed: t('client.notConfirmed'),
      cartItems: pluralForms(t, locale, 'layout.cartItems'),
      suggestions: t('client.suggestions'),
      suggestionCount: pluralForms(t, locale, 'client.suggestionCount'),
      collection: t('client.collection', { title: '{title}' }),
      searchFor: t('client.searchFor', { q: '{q}' }),
    };
    json = jsonLdText(messages);
    cache.set(id, json);
  }
  return json;
}

export function ClientMessagesBlock({ ctx }: { ctx: Pick<PageContext, 't' | 'locale'> }) {
  return (
    <script
      type="application/json"
      id={CLIENT_MESSAGES_ID}
      dangerouslySetInnerHTML={{ __html: clientMessagesJson(ctx) }}
    ></script>
  );
}
