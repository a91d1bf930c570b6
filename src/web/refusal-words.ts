/**
 * A refusal in the shopper's language, from the catalogs' `refusal.<code>.title` and `refusal.<code>.<variant>`
 * (`description` when the error names no variant), filled with the error's values. A catalog message is used when
 * the error named it (its RefusalWords) or when it is what the error said in English; an error made with words of
 * its own keeps them, as does one the catalogs do not know, so English answers never change by translation.
 */
import { translator, type Translator } from '../i18n/index.js';
import type { RefusalWords } from './errors.js';

const english = translator('en');

export interface Refusal {
  code: string;
  /** The title in English (Shopify's `message`). */
  message: string;
  description: string;
  words?: RefusalWords;
}

function say(t: Translator, key: string, said: string, named: boolean, values: RefusalWords['values']): string {
  if (!t.has(key)) return said;
  try {
    return named || english(key, values) === said ? t(key, values) : said;
  } catch {
    return said; // a message needing values the error did not give: it is not this error's message
  }
}

export function refusalWords(t: Translator, refusal: Refusal): { title: string; description: string } {
  const { variant, values } = refusal.words ?? {};
  return {
    title: say(t, `refusal.${refusal.code}.title`, refusal.message, false, values),
    description: say(t, `refusal.${refusal.code}.${variant ?? 'description'}`, refusal.description, variant !== undefined, values),
  };
}
