/**
 * The owner's Markdown as HTML, safely: markdown-it with raw HTML off (tags are shown as text, never passed through),
 * its link check (no `javascript:`, `vbscript:`, `file:` or non-image `data:` URLs), and no typographer guesses.
 * HTML comments (`<!-- ... -->`, the example files' instructions) are taken out before rendering.
 */
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** `text` without its HTML comments. */
export function withoutComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
}

/** Markdown to HTML; the result is safe to put on a page as it is. */
export function renderMarkdown(text: string): string {
  return markdown.render(withoutComments(text));
}
