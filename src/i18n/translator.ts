/**
 * Messages by key in a language: `t('cart.title')`, `t('cart.count', { count: 3 })`. Each message is an ICU
 * MessageFormat string (plurals, selects, numbers and dates through Intl), compiled once per language and key and
 * kept. `rich` fills tags such as `<link>View cart</link>` with nodes (for pages: hono/jsx escapes the text parts).
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { Language } from './languages.js';
import { en, type MessageKey } from './messages/en.js';
import { ja } from './messages/ja.js';

export type { MessageKey } from './messages/en.js';

export const CATALOGS: Record<Language, Record<MessageKey, string>> = { en, ja };

export type MessageValues = Record<string, string | number | Date>;

export interface Translator {
  (key: MessageKey, values?: MessageValues): string;
  /** The message with tags filled by `values`' functions (each gets the tag's text): an array of strings and nodes. */
  rich(key: MessageKey, values: Record<string, string | number | Date | ((chunks: unknown[]) => unknown)>): unknown[];
  /** Is there a message with this key (for keys made from codes: `refusal.${code}.title`)? */
  has(key: string): key is MessageKey;
  readonly language: Language;
}

const compiled = new Map<string, IntlMessageFormat>();

function message(language: Language, key: MessageKey): IntlMessageFormat {
  const id = `${language}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    const text = CATALOGS[language][key];
    if (text === undefined) throw new Error(`no message ${key} in ${language}`); // the catalogs test keeps this from happening
    format = new IntlMessageFormat(text, language);
    compiled.set(id, format);
  }
  return format;
}

const translators = new Map<Language, Translator>();

/** The translator for a language (one per language, shared). */
export function translator(language: Language): Translator {
  let t = translators.get(language);
  if (!t) {
    // A message asked for without values is the same string every time: kept once formatted (1.5 us a call otherwise).
    const plain = new Map<MessageKey, string>();
    const translate = ((key: MessageKey, values?: MessageValues) => {
      if (values !== undefined) return String(message(language, key).format(values));
      let text = plain.get(key);
      if (text === undefined) plain.set(key, (text = String(message(language, key).format())));
      return text;
    }) as Translator;
    translate.rich = (key, values) => {
      const out = message(language, key).format(values as never);
      return Array.isArray(out) ? out : [out];
    };
    translate.has = (key: string): key is MessageKey => Object.hasOwn(CATALOGS[language], key);
    Object.defineProperty(translate, 'language', { value: language });
    t = translate;
    translators.set(language, t);
  }
  return t;
}
