/// <reference lib="dom" />
/**
 * A rendered page as a document (happy-dom) with Testing Library's queries, to find elements the way a shopper
 * does: by role, label, text or `data-testid`, instead of matching markup with regular expressions. The `dom` lib
 * reference gives tests the element types (HTMLInputElement, ...) that Testing Library's answers are typed with.
 */
import { within } from '@testing-library/dom';
import { Window } from 'happy-dom';

export type PageQueries = ReturnType<typeof within> & { document: Document };

/** `html` parsed into a document (no scripts run, nothing fetched); queries are scoped to its body. */
export function parsePage(html: string): PageQueries {
  const window = new Window({ settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  const document = window.document as unknown as Document;
  document.write(html);
  return Object.assign(within(document.body), { document });
}
