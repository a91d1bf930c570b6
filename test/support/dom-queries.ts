/**
 * A rendered page as a shopper's assistive technology sees it: happy-dom parses the HTML (no scripts run), and
 * Testing Library finds elements by role, label and accessible name instead of regexes over the markup.
 */
import { within, type BoundFunctions, type queries } from '@testing-library/dom';
import { Window, type Document } from 'happy-dom';

export interface ParsedPage {
  document: Document;
  /** Testing Library's queries bound to the page's body (getByRole, getByLabelText, ...). */
  screen: BoundFunctions<typeof queries>;
  close(): Promise<void>;
}

export function parsePage(html: string, url = 'http://localhost/'): ParsedPage {
  const window = new Window({ url, settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  const document = window.document;
  document.write(html);
  return { document, screen: within(document.body as never), close: () => window.happyDOM.close() };
}
