/**
 * The words this script shows, as the page gives them (a JSON block the server writes in the page's language; see
 * src/web/views/client-messages.tsx): no catalog of its own. English stands in if a page has no block.
 */
import type { ClientMessages } from '../client-messages-type.js';

const FALLBACK: ClientMessages = {
  added: 'Added',
  addedAnnounce: {
    one: 'Added {name} to your cart. {count} item in your cart.',
    other: 'Added {name} to your cart. {count} items in your cart.',
  },
  addFailed: 'The item could not be added.',
  notConfirmed: 'We could not confirm the add. Check your cart before trying again.',
  cartItems: { one: ' item', other: ' items' },
  suggestions: 'Suggestions',
  suggestionCount: { one: '{count} suggestion', other: '{count} suggestions' },
  collection: 'Collection: {title}',
  searchFor: 'Search for “{q}”',
};

let read: ClientMessages | undefined;

export function messages(): ClientMessages {
  if (!read) {
    try {
      read = {
        ...FALLBACK,
        ...(JSON.parse(document.getElementById('kago-messages')?.textContent ?? '{}') as Partial<ClientMessages>),
      };
    } catch {
      read = FALLBACK;
    }
  }
  return read;
}

const lang = () => document.documentElement.lang || 'en';

/** `template` with `{name}`-style placeholders filled; `count` is written with the page language's digits grouping. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(lang()).format(value) : value;
  });
}

/** The form of a counted message for `count`, filled. */
export function plural(
  forms: Record<string, string>,
  count: number,
  values: Record<string, string | number> = {},
): string {
  const category = new Intl.PluralRules(lang()).select(count);
  return fill(forms[category] ?? forms.other ?? '', { ...values, count });
}
