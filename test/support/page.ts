/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Reads a rendered page as a shopper's browser would: the HTML is parsed with happy-dom (no scripts run, nothing is
 * fetched) and elements are found by role, label, text or `data-testid` with Testing Library's queries. Tests then
 * say what a shopper sees ("the alert", "the Quantity field's value") and do not pin attribute order or markup.
 */
import { within, type BoundFunctions, type queries } from '@testing-library/dom';
import { Window } from 'happy-dom';

export type PageQueries = BoundFunctions<typeof queries>;

export interface Page extends PageQueries {
  /** The whole document, for what has no role: `<title>`, `<meta>`, `<link>` (`page.document.title`). */
  document: Document;
  /** Queries limited to one part of the page (a product card, a cart line, a section). */
  within(element: Element): PageQueries;
  /** The `content` of `<meta name=...>` or `<meta property=...>`, or undefined when the page has none. */
  meta(nameOrProperty: string): string | undefined;
  /** The `href` of `<link rel=...>`, or undefined. */
  link(rel: string): string | undefined;
  /** Ends the page's window (its timers and listeners); optional in a short test, kind in a long one. */
  close(): Promise<void>;
}

/** Parses a whole page or a fragment (a cart section); a fragment lands in the body. */
export function parsePage(html: string): Page {
  const window = new Window({ url: 'http://localhost/', settings: { disableJavaScriptFileLoading: true } });
  // happy-dom's classes are the DOM's own in shape; tests see them through the DOM lib's types.
  const document = window.document as unknown as Document;
  document.write(html);
  // Testing Library's types speak of the DOM's own classes; happy-dom's are the same shape.
  const bind = (element: Element) => within(element as never) as PageQueries;
  const attribute = (selector: string, name: string) =>
    document.querySelector(selector)?.getAttribute(name) ?? undefined;
  return {
    ...bind(document.body),
    document,
    within: bind,
    meta: (key) => attribute(`meta[name="${key}"], meta[property="${key}"]`, 'content'),
    link: (rel) => attribute(`link[rel="${rel}"]`, 'href'),
    close: () => window.happyDOM.close(),
  };
}

/**
 * The value a field would send as rendered: an input's or textarea's value, a select's option marked `selected` (else
 * its first). Selects are read from the markup because happy-dom 21 picks the wrong option when one has value="".
 */
export function valueOf(element: Element): string {
  if (element.tagName === 'SELECT') {
    const option = element.querySelector('option[selected]') ?? element.querySelector('option');
    return option?.getAttribute('value') ?? option?.textContent ?? '';
  }
  return (element as unknown as { value: string }).value;
}

/** Product names on a list page (its cards), in order. */
export const cardNames = (html: string): string[] =>
  [...html.matchAll(/<h2 class="product-card__name phrases">(.*?)<\/h2>/g)].map((m) => m[1]!.replaceAll('<wbr/>', ''));
