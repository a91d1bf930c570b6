/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * A rendered page as a document (happy-dom) with Testing Library's queries, to find elements the way a shopper
 * does: by role, label, text or `data-testid`, instead of matching markup with regular expressions. The `dom` lib
 * reference gives tests the element types (HTMLInputElement, ...) that Testing Library's answers are typed with.
 */
import { within } from '@testing-library/dom';
import { Window } from 'happy-dom';

type Matcher = string | RegExp;
interface RoleOptions {
  name?: Matcher;
  level?: number;
  hidden?: boolean;
}

/**
 * The queries tests use, typed here: Testing Library's own types do not resolve under NodeNext (their `.d.ts` files
 * import without extensions), so `within` would answer `any`.
 */
export interface PageQueries {
  document: Document;
  getByRole(role: string, options?: RoleOptions): HTMLElement;
  queryByRole(role: string, options?: RoleOptions): HTMLElement | null;
  getAllByRole(role: string, options?: RoleOptions): HTMLElement[];
  getByText(text: Matcher): HTMLElement;
  queryByText(text: Matcher): HTMLElement | null;
  getByLabelText(text: Matcher): HTMLElement;
  getByTestId(id: Matcher): HTMLElement;
}

/** `html` parsed into a document (no scripts run, nothing fetched); queries are scoped to its body. */
export function parsePage(html: string): PageQueries {
  const window = new Window({ settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  const document = window.document as unknown as Document;
  document.write(html);
  return Object.assign(within(document.body) as Omit<PageQueries, 'document'>, { document });
}
