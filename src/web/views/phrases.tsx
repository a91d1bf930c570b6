/**
 * Japanese text that breaks between phrases, not inside words ("手ぬぐ|い"): BudouX (Google's phrase segmenter)
 * finds the phrase boundaries and a `<wbr>` goes at each; the element's CSS (`.phrases`: keep-all, which stops
 * breaks between Japanese letters) leaves those as the only places a line breaks besides spaces. Browsers with
 * `word-break: auto-phrase` would find them themselves; this gives every browser the same breaks. Each text is
 * segmented once and remembered (names change only with the catalog), not on every request.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Parser } from 'budoux';
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { BoundedMemo } from '../../util/bounded-memo.js';

const JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]/;
/**
 * Past this many remembered texts the memory starts over: a 100,000-product catalog's names and more (~200 bytes each), so
 * that list cards, rendered again after each catalog change (src/web/views/list-cards.tsx), do not split them again.
 */
const REMEMBERED = 120_000;

/**
 * BudouX's parser with its Japanese model, loaded on the first Japanese text. Not through the package's entry point:
 * that also loads its HTML processor and linkedom (a whole DOM, about 0.15 s of CPU at every process start), which
 * kago does not use. The files are BudouX 0.7.0's (the version is pinned); its `exports` allow only the entry point,
 * so they are required by path. `loadDefaultJapaneseParser()` is this same model in a subclass of Parser.
 */
function loadJapaneseParser(): Parser {
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('budoux'));
  const { Parser } = require(path.join(dist, 'parser.js')) as typeof import('budoux');
  const { model } = require(path.join(dist, 'data/models/ja.js')) as { model: ConstructorParameters<typeof Parser>[0] };
  return new Parser(model);
}

let parser: Parser | undefined;
// Kept as the finished HTML (measured ~200 bytes a name at 100,000 names) rather than as the phrases (~310).
const remembered = new BoundedMemo<string, HtmlEscapedString>(REMEMBERED);

/** The text's phrases: one piece for text without Japanese. */
export function phrasesOf(text: string): readonly string[] {
  if (!JAPANESE.test(text)) return [text];
  return (parser ??= loadJapaneseParser()).parse(text);
}

/** The text, escaped, with a `<wbr>` between phrases: worked out once per text. */
export function phrasesHtml(text: string): HtmlEscapedString {
  return remembered.remember(text, () => {
    const html = String(<>{phrasesOf(text).map((phrase, index) => (index === 0 ? phrase : [<wbr />, phrase]))}</>);
    html.charCodeAt(0); // makes V8 flatten the string joined from pieces: half the memory kept
    return raw(html);
  });
}

/** The text with a `<wbr>` between phrases; every piece is text, escaped by hono/jsx like any other. */
export function Phrases({ text }: { text: string }) {
  return JAPANESE.test(text) ? phrasesHtml(text) : <>{text}</>;
}
