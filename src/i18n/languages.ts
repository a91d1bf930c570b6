/**
 * The languages the shop can speak (those with a message catalog) and how one is chosen for a shopper: an explicit
 * choice first, then the browser's Accept-Language, then the shop's default (the first of SHOP_LANGUAGES). Pure.
 */

/** Every language with a complete message catalog (src/i18n/messages/). */
export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language's name in itself, as a switcher shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ja: '日本語' };

/** The region Intl formats a language in when the shop's own locale (SHOP_LOCALE) is of another language. */
const DEFAULT_LOCALES: Record<Language, string> = { en: 'en-US', ja: 'ja-JP' };

/**
 * The Intl locale for prices and numbers in `language`: the shop's locale (SHOP_LOCALE) unless it is of another of
 * the shop's languages, whose pages it formats (a ja-JP shop in ja and en writes English pages as en-US; a de-DE
 * shop in English only keeps de-DE, as SHOP_LOCALE says).
 */
export function localeFor(language: Language, shopLocale: string, languages: readonly Language[]): string {
  const own = shopLocale.split('-')[0]?.toLowerCase();
  return own !== language && languages.some((other) => other === own) ? DEFAULT_LOCALES[language] : shopLocale;
}

/**
 * The shop language an Accept-Language header prefers (RFC 9110 section 12.5.4): the highest q among the shop's
 * languages, matching by primary subtag (`ja-JP` is `ja`); `*` stands for the default; ties go to the header's order.
 * Undefined when nothing matches (the caller falls back to the default).
 */
export function fromAcceptLanguage(header: string | undefined, available: readonly Language[]): Language | undefined {
  if (!header) return undefined;
  let best: { language: Language; q: number } | undefined;
  for (const part of header.slice(0, 1000).split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((param) => /^\s*q\s*=\s*([01](?:\.[0-9]{0,3})?)\s*$/.exec(param)).find(Boolean);
    const q = qParam ? Number(qParam[1]) : 1;
    if (!(q > 0)) continue;
    const primary = tag.trim().split('-')[0];
    const language = primary === '*' ? available[0] : available.find((candidate) => candidate === primary);
    if (language && (!best || q > best.q)) best = { language, q };
  }
  return best?.language;
}

/** The language for a request: an explicit choice the shop speaks, else Accept-Language, else the default. */
export function chooseLanguage(
  choice: string | undefined,
  acceptLanguage: string | undefined,
  available: readonly Language[],
): Language {
  if (isLanguage(choice) && available.includes(choice)) return choice;
  return fromAcceptLanguage(acceptLanguage, available) ?? available[0] ?? 'en';
}
