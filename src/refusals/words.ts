/**
 * A refusal's words from the catalogue: its ICU title and description filled with the limits of its entry and the
 * values of the refusal (a product's name, how many are left, ...). English here; the shop's languages translate
 * the same messages by code.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { refusalEntry, type RefusalCode } from './catalogue.js';

export type RefusalValues = Readonly<Record<string, string | number>>;

export interface RefusalWords {
  title: string;
  description: string;
}

const compiled = new Map<string, IntlMessageFormat>();

function format(message: string, values: RefusalValues): string {
  let formatter = compiled.get(message);
  if (!formatter) compiled.set(message, (formatter = new IntlMessageFormat(message, 'en')));
  return String(formatter.format(values));
}

/** The title and description of `code`, with `values` (and the entry's limits) in place. */
export function refusalWords(code: RefusalCode, values: RefusalValues = {}): RefusalWords {
  const entry = refusalEntry(code);
  const all = { ...entry.limits, ...values };
  return { title: format(entry.title, all), description: format(entry.description, all) };
}
