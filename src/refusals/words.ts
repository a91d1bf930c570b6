/**
 * A refusal's words in a language: the catalogs' `refusal.<code>.title` and `refusal.<code>.<variant>` (`description`
 * when the refusal names no variant), filled with the limits of its catalogue entry and the refusal's values (a
 * product's name, how many are left, ...). The one place refusals are worded: domain errors take their English
 * words here when made, the web layer words them again in the shopper's language when it answers.
 */
import { translator, type MessageKey, type Translator } from '../i18n/index.js';
import { REFUSALS, type RefusalCode } from './catalogue.js';

export type RefusalValues = Readonly<Record<string, string | number>>;

/** Which message says a refusal (`variant`, else the code's description) and the facts it names (`values`). */
export interface RefusalNaming {
  variant?: string | undefined;
  values?: RefusalValues | undefined;
}

export interface RefusalWords {
  title: string;
  description: string;
}

/** A refusal as answered: its code, its words in English, and what names its catalog message. */
export interface Refusal {
  code: string;
  /** The title in English (Shopify's `message`). */
  message: string;
  description: string;
  words?: RefusalNaming | undefined;
}

const english = translator('en');

/** The catalogue's limits for a code (none for codes outside the catalogue) under the refusal's own values. */
function valuesOf(code: string, values: RefusalValues | undefined): Record<string, string | number> {
  const limits = Object.hasOwn(REFUSALS, code)
    ? (REFUSALS[code as RefusalCode] as { limits?: RefusalValues }).limits
    : undefined;
  return { ...limits, ...values };
}

/** The words of a catalogue code in `t`'s language (English when no translator is given). */
export function wordsOf(code: RefusalCode, naming: RefusalNaming = {}, t: Translator = english): RefusalWords {
  const values = valuesOf(code, naming.values);
  return {
    title: t(`refusal.${code}.title` as MessageKey, values),
    description: t(`refusal.${code}.${naming.variant ?? 'description'}` as MessageKey, values),
  };
}

function say(
  t: Translator,
  key: string,
  said: string,
  named: boolean,
  values: Record<string, string | number>,
): string {
  if (!t.has(key)) return said;
  try {
    return named || english(key, values) === said ? t(key, values) : said;
  } catch {
    return said; // a message needing values the error did not give: it is not this error's message
  }
}

/**
 * A refusal in `t`'s language. A catalog message is used when the refusal named it (its `words`) or when it is what
 * the refusal said in English; a refusal made with words of its own keeps them, as does one the catalogs do not
 * know, so English answers never change by translation.
 */
export function refusalWords(t: Translator, refusal: Refusal): RefusalWords {
  const { variant, values } = refusal.words ?? {};
  const all = valuesOf(refusal.code, values);
  return {
    title: say(t, `refusal.${refusal.code}.title`, refusal.message, false, all),
    description: say(
      t,
      `refusal.${refusal.code}.${variant ?? 'description'}`,
      refusal.description,
      variant !== undefined,
      all,
    ),
  };
}
